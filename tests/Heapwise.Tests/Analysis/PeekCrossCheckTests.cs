using Heapwise.Analysis;
using Heapwise.Cli.Rendering;
using Heapwise.Profiles;

namespace Heapwise.Tests.Analysis;

/// <summary><c>peek</c> against the real <c>go tool pprof -peek</c>: every line (but Time:) equal, character for character.</summary>
public sealed class PeekCrossCheckTests : IDisposable
{
    private static readonly string GoFixtures = Path.Combine(AppContext.BaseDirectory, "Fixtures", "go");
    private readonly string _folder = Directory.CreateTempSubdirectory("heapwise-peekcheck-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData("Parse", "")]
    [InlineData("App\\.", "")]
    [InlineData("Substring", "-sample_index=alloc_objects")]
    [InlineData("Tokenizer|Concat", "-cum")]
    [InlineData(".", "")]
    [InlineData("Parse", "-focus=Concat")]
    [InlineData("Main", "-hide=Parse -tagignore=type=Char")]
    [InlineData("Parse", "-unit=kb")]
    [InlineData("App\\.", "-unit=auto")]
    [InlineData("Substring", "-sample_index=alloc_objects -unit=kb")]
    [InlineData(".", "-unit=ms")]
    public void Peek_reports_like_go_tool_pprof(string expression, string flags)
    {
        string file = Write(FilterCrossCheckTests.LabelledProfile(), "labelled.pb.gz");

        AssertSameAsPprof(file, expression, flags.Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    [Theory]
    [InlineData("heap.pb.gz", "runtime\\.")]
    [InlineData("heap.pb.gz", "main\\.")]
    [InlineData("cpu.pb.gz", ".")]
    [InlineData("heap.pb.gz", "main\\.", "-unit=kb")]
    [InlineData("heap.pb.gz", "main\\.", "-unit=gb")]
    [InlineData("cpu.pb.gz", ".", "-unit=ms")]
    [InlineData("cpu.pb.gz", ".", "-unit=auto")]
    public void Go_profiles_peek_like_go_tool_pprof(string fixture, string expression, string flags = "")
    {
        string file = Path.Combine(GoFixtures, fixture);
        Assert.SkipUnless(File.Exists(file), $"the Go fixture {fixture} is not there yet (tests/Heapwise.Tests/Fixtures/go).");

        AssertSameAsPprof(file, expression, flags.Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void Random_profiles_peek_like_go_tool_pprof()
    {
        int run = 0;
        CsCheck.Check.Sample(RandomProfile.Generator, spec =>
        {
            string file = Write(spec.Build(), $"random-{run++}.pb.gz");
            string[] flags = spec.Cum ? ["-cum"] : [];
            try
            {
                PeekReport.Compute([PprofReader.ReadFile(file)], "a|B|main");
            }
            catch (HeapwiseException e) when (e.Message.StartsWith("no function matches", StringComparison.Ordinal))
            {
                // Nothing to show: pprof fails the same way.
                var (exitCode, _, stderr) = GoPprof.TryRun(file, ["-peek=a|B|main", .. flags]);
                Assert.NotEqual(0, exitCode);
                Assert.Contains("no matches found for regexp", stderr, StringComparison.Ordinal);
                return;
            }

            AssertSameAsPprof(file, "a|B|main", flags);
        }, iter: 30, threads: 1, print: spec => spec.ToString());
    }

    [Fact]
    public void Recursion_counts_each_call_once_per_sample()
    {
        var profile = new StackProfile(("space", "bytes")).Add("main;f;f;f;g", 100).Add("main;f", 10).Build();

        var entry = Assert.Single(PeekReport.Compute([profile], "^f$").Entries);

        Assert.Equal(110, entry.Cum);
        Assert.Equal([("main", 110L)], entry.Callers.Select(c => (c.Name, c.Weight)));
        Assert.Equal([("g", 100L)], entry.Callees.Select(c => (c.Name, c.Weight)));
    }

    [Fact]
    public void No_matching_function_is_an_error()
    {
        var profile = FilterCrossCheckTests.LabelledProfile();

        var e = Assert.Throws<HeapwiseException>(() => PeekReport.Compute([profile], "NoSuchFunction"));

        Assert.StartsWith("no function matches 'NoSuchFunction'", e.Message, StringComparison.Ordinal);
    }

    private string Write(Profile profile, string name)
    {
        string path = Path.Combine(_folder, name);
        PprofWriter.WriteFile(profile, path);
        return path;
    }

    private static void AssertSameAsPprof(string file, string expression, string[] flags)
    {
        string expected = GoPprof.RunRaw(file, ["-peek=" + expression, .. flags]);

        string? Get(string name) => flags.Where(f => f.StartsWith("-" + name + "=", StringComparison.Ordinal))
            .Select(f => f[(name.Length + 2)..]).FirstOrDefault();
        var options = new ReportOptions
        {
            SampleIndex = Get("sample_index"),
            Filter = new SampleFilterOptions { Focus = Get("focus"), Hide = Get("hide"), TagIgnore = Get("tagignore") },
            Unit = Get("unit") ?? "minimum",
        };
        var report = PeekReport.Compute([PprofReader.ReadFile(file)], expression, options, flags.Contains("-cum"));
        var text = new StringWriter { NewLine = "\n" };
        PeekWriter.Write(text, report);

        Assert.Equal(WithoutTime(expected), WithoutTime(text.ToString()));
    }

    private static string WithoutTime(string output) =>
        string.Join('\n', output.Split('\n').Where(l => !l.StartsWith("Time: ", StringComparison.Ordinal)));
}
