using CsCheck;
using Heapwise.Analysis;
using Heapwise.Cli.Rendering;
using Heapwise.Profiles;

namespace Heapwise.Tests.Analysis;

/// <summary><c>tree</c> against the real <c>go tool pprof -tree</c>: every line (but Time:) equal.</summary>
public sealed class TreeCrossCheckTests : IDisposable
{
    private static readonly string GoFixtures = Path.Combine(AppContext.BaseDirectory, "Fixtures", "go");
    private readonly string _folder = Directory.CreateTempSubdirectory("heapwise-tree-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    public static TheoryData<string> FlagCases() => new()
    {
        "",
        "-cum",
        "-nodecount=3",
        "-nodecount=2 -cum",
        "-nodefraction=0.2",
        "-edgefraction=0.2",
        "-lines",
        "-files -nodecount=2",
        "-filefunctions",
        "-focus=Parse -sample_index=alloc_objects",
        "-hide=Parser",
        "-focus=nomatch",
        "-unit=kb",
        "-unit=auto -sample_index=alloc_objects",
        "-unit=MB -cum",
    };

    [Theory]
    [MemberData(nameof(FlagCases))]
    public void Recorded_style_profiles_tree_like_go_tool_pprof(string flags)
    {
        string file = Path.Combine(_folder, "recorded.pb.gz");
        PprofWriter.WriteFile(GranularityCrossCheckTests.RecordedStyleProfile(), file);

        AssertSame(file, flags.Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    [Theory]
    [InlineData("heap.pb.gz", "")]
    [InlineData("heap.pb.gz", "-lines -nodecount=3")]
    [InlineData("cpu.pb.gz", "")]
    [InlineData("cpu.pb.gz", "-cum -nodefraction=0.1")]
    [InlineData("cpu.pb.gz", "-files")]
    [InlineData("heap.pb.gz", "-unit=kb")]
    [InlineData("heap.pb.gz", "-unit=auto")]
    [InlineData("heap.pb.gz", "-unit=ms")]
    [InlineData("cpu.pb.gz", "-unit=ms")]
    [InlineData("cpu.pb.gz", "-unit=auto -cum")]
    public void Go_profiles_tree_like_go_tool_pprof(string fixture, string flags)
    {
        string file = Path.Combine(GoFixtures, fixture);
        Assert.SkipUnless(File.Exists(file), $"the Go fixture {fixture} is not there (tests/Heapwise.Tests/Fixtures/go).");

        AssertSame(file, flags.Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void Random_profiles_tree_like_go_tool_pprof()
    {
        int run = 0;
        RandomProfile.Generator.Sample(
            spec =>
            {
                string file = Path.Combine(_folder, $"random-{run++}.pb.gz");
                PprofWriter.WriteFile(spec.Build(), file);
                AssertSame(file, spec.NodeCount > 0 ? [$"-nodecount={spec.NodeCount}"] : []);
            },
            iter: 25,
            threads: 1,
            print: spec => spec.ToString());
    }

    private static void AssertSame(string file, string[] flags)
    {
        string expected = GoPprof.RunRaw(file, ["-tree", .. flags]);

        string? Get(string name) => flags.Where(f => f.StartsWith("-" + name + "=", StringComparison.Ordinal))
            .Select(f => f[(name.Length + 2)..]).FirstOrDefault();
        double Fraction(string name, double fallback) => Get(name) is { } v ? double.Parse(v, System.Globalization.CultureInfo.InvariantCulture) : fallback;
        var granularity = flags.Contains("-lines") ? Granularity.Lines
            : flags.Contains("-files") ? Granularity.Files
            : flags.Contains("-filefunctions") ? Granularity.FileFunctions
            : Granularity.Functions;
        var options = new TopOptions
        {
            SampleIndex = Get("sample_index"),
            Cumulative = flags.Contains("-cum"),
            NodeCount = Get("nodecount") is { } n ? int.Parse(n, System.Globalization.CultureInfo.InvariantCulture) : 80,
            NodeFraction = Fraction("nodefraction", 0.005),
            EdgeFraction = Fraction("edgefraction", 0.001),
            Granularity = granularity,
            Filter = new SampleFilterOptions { Focus = Get("focus"), Hide = Get("hide") },
            Unit = Get("unit") ?? "minimum",
        };
        var report = PeekReport.ComputeTree([PprofReader.ReadFile(file)], options);
        var text = new StringWriter { NewLine = "\n" };
        PeekWriter.Write(text, report);

        Assert.Equal(WithoutTime(expected), WithoutTime(text.ToString()));
    }

    private static string WithoutTime(string output) =>
        string.Join('\n', output.Split('\n').Where(l => !l.StartsWith("Time: ", StringComparison.Ordinal)));
}
