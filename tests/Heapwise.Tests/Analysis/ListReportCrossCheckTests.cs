using Heapwise.Analysis;
using Heapwise.Cli.Rendering;
using Heapwise.Profiles;

namespace Heapwise.Tests.Analysis;

/// <summary>
/// <c>traces</c> and <c>tags</c> against the real <c>go tool pprof -traces</c> and <c>-tags</c> on the
/// same files and flags: every line (but Time:) equal, character for character.
/// </summary>
public sealed class ListReportCrossCheckTests : IDisposable
{
    private static readonly string GoFixtures = Path.Combine(AppContext.BaseDirectory, "Fixtures", "go");
    private readonly string _folder = Directory.CreateTempSubdirectory("heapwise-listcheck-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    // Flags separated by spaces.
    public static TheoryData<string> FlagCases() => new()
    {
        "",
        "-sample_index=alloc_objects",
        "-focus=Parse",
        "-hide=Tokenizer|Main",
        "-show=^App\\.",
        "-ignore=Cache -tagfocus=type=String|Char",
        "-tagignore=bytes=:100",
        "-tagfocus=thread=worker -sample_index=0",
    };

    [Theory]
    [MemberData(nameof(FlagCases))]
    public void Traces_report_like_go_tool_pprof(string flags)
    {
        string file = Write(FilterCrossCheckTests.LabelledProfile(), "labelled.pb.gz");

        AssertTracesSame(file, Split(flags));
    }

    [Theory]
    [MemberData(nameof(FlagCases))]
    public void Tags_report_like_go_tool_pprof(string flags)
    {
        string file = Write(FilterCrossCheckTests.LabelledProfile(), "labelled.pb.gz");

        AssertTagsSame(file, Split(flags));
    }

    [Theory]
    [InlineData("heap.pb.gz")]
    [InlineData("cpu.pb.gz")]
    public void Go_profiles_list_like_go_tool_pprof(string fixture)
    {
        string file = Path.Combine(GoFixtures, fixture);
        Assert.SkipUnless(File.Exists(file), $"the Go fixture {fixture} is not there yet (tests/Heapwise.Tests/Fixtures/go).");

        AssertTracesSame(file, []);
        AssertTagsSame(file, []);
    }

    [Theory]
    [InlineData("-unit=kb")]
    [InlineData("-unit=MB")]
    [InlineData("-unit=auto")]
    [InlineData("-unit=minimum")]
    [InlineData("-unit=ms")]
    [InlineData("-unit=kb -sample_index=alloc_objects")]
    public void Tags_with_a_unit_report_like_go_tool_pprof(string flags)
    {
        string heap = Path.Combine(GoFixtures, "heap.pb.gz");
        Assert.SkipUnless(File.Exists(heap), "the Go fixture heap.pb.gz is not there yet (tests/Heapwise.Tests/Fixtures/go).");

        AssertTagsSame(heap, Split(flags));
        AssertTagsSame(Write(FilterCrossCheckTests.LabelledProfile(), "labelled.pb.gz"), Split(flags));
        if (!flags.Contains("-sample_index", StringComparison.Ordinal))
        {
            AssertTagsSame(Write(NumericProfile(), "numeric.pb.gz"), Split(flags));
        }
    }

    [Fact]
    public void Numeric_labels_with_and_without_units_list_like_go_tool_pprof()
    {
        string file = Write(NumericProfile(), "numeric.pb.gz");

        AssertTracesSame(file, []);
        AssertTagsSame(file, []);
        AssertTagsSame(file, ["-sample_index=samples"]);
    }

    [Fact]
    public void Tags_of_one_key_are_the_key_s_rows()
    {
        var profile = FilterCrossCheckTests.LabelledProfile();

        var all = TagsReport.Compute([profile]);
        var type = TagsReport.Compute([profile], key: "type");

        var expected = all.Keys.Single(k => k.Key == "type");
        var actual = Assert.Single(type.Keys);
        Assert.Equal(expected.Total, actual.Total);
        Assert.Equal(expected.Values, actual.Values);
    }

    [Fact]
    public void Tags_of_an_unknown_key_name_the_known_keys()
    {
        var e = Assert.Throws<HeapwiseException>(() => TagsReport.Compute([FilterCrossCheckTests.LabelledProfile()], key: "colour"));

        Assert.Equal("no sample has the label 'colour'; the profile's label keys are: bytes, count, thread, type.", e.Message);
    }

    // Numeric labels with a unit (nanoseconds), without one, and string labels; values in count and nanoseconds.
    private static Profile NumericProfile()
    {
        var p = new StackProfile(("samples", "count"), ("cpu", "nanoseconds"));
        var b = p.Builder;
        p.AddWithLabels("main;work", [3, 30_000_000], b.NumericLabel("latency", 1_500_000, "nanoseconds"), b.NumericLabel("request", 4096))
            .AddWithLabels("main;work;sleep", [1, 10_000_000], b.NumericLabel("latency", 2_000_000_000, "nanoseconds"), b.NumericLabel("request", 100))
            .AddWithLabels("main;idle", [0, 0], b.Label("phase", "idle"), b.Label("phase", "late"), b.NumericLabel("attempts", 2))
            .AddWithLabels("main;work", [2, 20_000_000], b.NumericLabel("latency", 1_500_000, "nanoseconds"), b.NumericLabel("request", 4096));
        b.Period("cpu", "nanoseconds", 10_000_000).Time(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000), TimeSpan.FromSeconds(2));
        return p.Build(module: "/srv/app");
    }

    private static string[] Split(string flags) => flags.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    private string Write(Profile profile, string name)
    {
        string path = Path.Combine(_folder, name);
        PprofWriter.WriteFile(profile, path);
        return path;
    }

    private static void AssertTracesSame(string file, string[] flags)
    {
        string expected = GoPprof.RunRaw(file, ["-traces", .. flags]);

        var report = TracesReport.Compute([PprofReader.ReadFile(file)], Options(flags));
        var text = new StringWriter { NewLine = "\n" };
        TracesWriter.Write(text, report);

        Assert.Equal(WithoutTime(expected), WithoutTime(text.ToString()));
    }

    private static void AssertTagsSame(string file, string[] flags)
    {
        string expected = GoPprof.RunRaw(file, ["-tags", .. flags]);

        var report = TagsReport.Compute([PprofReader.ReadFile(file)], Options(flags));
        var text = new StringWriter { NewLine = "\n" };
        TagsWriter.Write(text, report);

        Assert.Equal(expected, text.ToString());
    }

    // Byte for byte but the Time: line (its zone name depends on tzdata .NET does not expose).
    private static string WithoutTime(string output) =>
        string.Join('\n', output.Split('\n').Where(l => !l.StartsWith("Time: ", StringComparison.Ordinal)));

    private static ReportOptions Options(string[] flags)
    {
        string? Get(string name) => flags.Where(f => f.StartsWith("-" + name + "=", StringComparison.Ordinal))
            .Select(f => f[(name.Length + 2)..]).FirstOrDefault();
        return new ReportOptions
        {
            SampleIndex = Get("sample_index"),
            Unit = Get("unit") ?? "minimum",
            Filter = new SampleFilterOptions
            {
                Focus = Get("focus"),
                Ignore = Get("ignore"),
                Hide = Get("hide"),
                Show = Get("show"),
                TagFocus = Get("tagfocus"),
                TagIgnore = Get("tagignore"),
            },
        };
    }
}
