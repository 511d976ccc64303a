using Heapwise.Analysis;
using Heapwise.Cli.Rendering;
using Heapwise.Profiles;

namespace Heapwise.Tests.Analysis;

/// <summary>
/// <c>top --by KEY</c> against the real <c>go tool pprof -top -tagleaf=KEY -show=^KEY$</c>, which
/// puts a pseudo-frame named after the label's values under each stack and shows only those: the
/// same rows, the same header but pprof's "Active filters" lines for its -show.
/// </summary>
public sealed class ByLabelCrossCheckTests : IDisposable
{
    private static readonly string GoFixtures = Path.Combine(AppContext.BaseDirectory, "Fixtures", "go");
    private readonly string _folder = Directory.CreateTempSubdirectory("heapwise-bycheck-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData("type", "")]
    [InlineData("type", "-sample_index=alloc_objects -cum")]
    [InlineData("type", "-nodecount=2")]
    [InlineData("type", "-nodefraction=0.2")]
    [InlineData("type", "-tagignore=thread=worker")]
    [InlineData("thread", "")]
    [InlineData("bytes", "")]
    [InlineData("count", "-sample_index=alloc_objects")]
    public void Top_by_label_reports_like_go_tool_pprof(string key, string flags)
    {
        string file = Write(FilterCrossCheckTests.LabelledProfile(), "labelled.pb.gz");

        AssertSameAsPprof(file, key, flags.Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void Go_heap_profiles_by_bytes_report_like_go_tool_pprof()
    {
        string file = Path.Combine(GoFixtures, "heap.pb.gz");
        Assert.SkipUnless(File.Exists(file), "the Go fixture heap.pb.gz is not there yet (tests/Heapwise.Tests/Fixtures/go).");

        AssertSameAsPprof(file, "bytes", []);
        AssertSameAsPprof(file, "bytes", ["-sample_index=alloc_objects"]);
    }

    [Fact]
    public void Rows_are_the_totals_per_label_value()
    {
        var report = TopReport.Compute(FilterCrossCheckTests.LabelledProfile(), new TopOptions { By = "type", NodeFraction = 0 });

        Assert.Equal(
            [("System.Byte[]", 12L << 20), ("<unknown>", 3_000_058L), ("System.String", 2_620_320L), ("System.Char[]", 64_000L)],
            report.Rows.Select(r => (r.Name, r.Flat)));
        Assert.All(report.Rows, r => Assert.Equal(r.Flat, r.Cum));
    }

    [Fact]
    public void An_unknown_label_key_names_the_known_ones()
    {
        var e = Assert.Throws<HeapwiseException>(() => TopReport.Compute(FilterCrossCheckTests.LabelledProfile(), new TopOptions { By = "colour" }));

        Assert.Equal("cannot group by label 'colour': no sample has it; the profile's label keys are: bytes, count, thread, type.", e.Message);
    }

    private string Write(Profile profile, string name)
    {
        string path = Path.Combine(_folder, name);
        PprofWriter.WriteFile(profile, path);
        return path;
    }

    private static void AssertSameAsPprof(string file, string key, string[] flags)
    {
        string[] pprof = GoPprof.Run(file, ["-top", $"-tagleaf={key}", $"-show=^{key}$", .. flags]);
        var expected = pprof.Where(l => l != "Active filters:" && l != $"   show=^{key}$").ToList();
        var activeUserFilters = flags.Where(f => f.StartsWith("-tag", StringComparison.Ordinal)).ToList();
        if (activeUserFilters.Count > 0)
        {
            expected.Insert(expected.FindIndex(l => l.StartsWith("   ", StringComparison.Ordinal)), "Active filters:");
        }

        string? Get(string name) => flags.Where(f => f.StartsWith("-" + name + "=", StringComparison.Ordinal))
            .Select(f => f[(name.Length + 2)..]).FirstOrDefault();
        var options = new TopOptions
        {
            By = key,
            SampleIndex = Get("sample_index"),
            Cumulative = flags.Contains("-cum"),
            NodeCount = Get("nodecount") is { } n ? int.Parse(n, System.Globalization.CultureInfo.InvariantCulture) : 0,
            NodeFraction = Get("nodefraction") is { } f ? double.Parse(f, System.Globalization.CultureInfo.InvariantCulture) : 0.005,
            Filter = new SampleFilterOptions { TagIgnore = Get("tagignore") },
        };
        var report = TopReport.Compute(PprofReader.ReadFile(file), options);
        var text = new StringWriter();
        TopTableWriter.Write(text, report, TextStyle.Plain);

        Assert.Equal(expected, GoPprof.Lines(text.ToString()));
    }
}
