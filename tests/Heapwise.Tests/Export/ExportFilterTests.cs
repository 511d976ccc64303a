using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Heapwise.Analysis;
using Heapwise.Export;
using Heapwise.Profiles;
using Heapwise.Tests.Analysis;
using Heapwise.Tests.Cli;
using Heapwise.Tests.Infrastructure;

namespace Heapwise.Tests.Export;

/// <summary>
/// The sample filters (<c>--focus</c>, <c>--ignore</c>, <c>--hide</c>, <c>--show</c>, <c>--tagfocus</c>,
/// <c>--tagignore</c>) on <c>flamegraph</c> and <c>export</c>: the same samples and frames as <c>top</c> and
/// <c>go tool pprof</c> keep.
/// </summary>
public sealed partial class ExportFilterTests : IDisposable
{
    private readonly TemporaryDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Focus_keeps_only_the_stacks_through_the_function_in_folded_output()
    {
        string input = Write(ExportProfiles.Allocations(), "allocs.pb.gz");

        var result = await CliRun.InvokeAsync("export", "--format", "folded", "--focus", "App\\.Load", "-o", "-", input);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(string.Empty, result.Stderr);
        Assert.Equal("App.Main;App.Load 1000\nApp.Main;App.Load;App.Read 5000\n", result.Stdout);
    }

    [Fact]
    public async Task Focus_keeps_only_the_stacks_through_the_function_in_the_flame_graph()
    {
        string input = Write(ExportProfiles.Allocations(), "allocs.pb.gz");
        string output = Path.Combine(_folder.Path, "allocs.html");

        var result = await CliRun.InvokeAsync("flamegraph", "--focus", "App\\.Parse", "-o", output, input);

        Assert.Equal(0, result.ExitCode);
        using var data = EmbeddedData(File.ReadAllText(output));
        var root = data.RootElement;
        string[] names = [.. root.GetProperty("names").EnumerateArray().Select(n => n.GetString()!)];
        string[] nodes = [.. root.GetProperty("n").EnumerateArray().Select(n => names[n.GetInt32()])];
        Assert.Equal([CallTree.RootName, "App.Main", "App.Parse", "App.Token"], nodes);
        Assert.Equal(400, root.GetProperty("v")[0].GetInt64());
    }

    [Fact]
    public async Task Hide_removes_the_frames_and_keeps_the_samples()
    {
        string input = Write(ExportProfiles.Allocations(), "allocs.pb.gz");

        var result = await CliRun.InvokeAsync("export", "--format", "folded", "--hide", "^App\\.(Main|Load)$", "-o", "-", input);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("App.Parse;App.Token 400\nApp.Read 5000\nApp.Walk;App.Walk;App.Walk 50\n", result.Stdout);
        Assert.DoesNotContain("App.Main", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tag_filters_select_samples_in_speedscope_output()
    {
        var b = new ProfileBuilder(ExportProfiles.AllocTypes);
        ulong main = b.Location(b.Function("App.Main"));
        b.AddSample([b.Location(b.Function("App.Strings")), main], [1, 100], [b.Label("type", "System.String")]);
        b.AddSample([b.Location(b.Function("App.Bytes")), main], [2, 200], [b.Label("type", "System.Byte[]")]);
        string input = Write(b.Build(), "labelled.pb.gz");

        var focused = await CliRun.InvokeAsync("export", "--format", "speedscope", "--tagfocus", "type=String", "-o", "-", input);
        var ignored = await CliRun.InvokeAsync("export", "--format", "folded", "--tagignore", "type=String", "-o", "-", input);

        Assert.Equal(0, focused.ExitCode);
        using var json = JsonDocument.Parse(focused.Stdout);
        Assert.Equal(100, json.RootElement.GetProperty("profiles")[0].GetProperty("weights").EnumerateArray().Sum(w => w.GetInt64()));
        Assert.Equal("App.Main;App.Bytes 200\n", ignored.Stdout);
    }

    [Theory]
    [InlineData("flamegraph")]
    [InlineData("export", "--format", "folded")]
    [InlineData("export", "--format", "speedscope")]
    public async Task Bad_regex_is_one_line_and_exit_1(params string[] command)
    {
        string input = Write(ExportProfiles.Allocations(), "allocs.pb.gz");
        string output = Path.Combine(_folder.Path, "out");

        var result = await CliRun.InvokeAsync([.. command, "--focus", "App(", "-o", output, input]);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(string.Empty, result.Stdout);
        Assert.StartsWith("heapwise: invalid --focus expression 'App('", Assert.Single(result.StderrLines), StringComparison.Ordinal);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public async Task Filter_matching_nothing_warns_as_top_does()
    {
        string input = Write(ExportProfiles.Allocations(), "allocs.pb.gz");

        var result = await CliRun.InvokeAsync("export", "--format", "folded", "--focus", "NoSuchFunction", "-o", "-", input);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["Focus expression matched no samples"], result.StderrLines);
        Assert.Equal(string.Empty, result.Stdout);
    }

    public static TheoryData<string, string> PprofFilterCases() => new()
    {
        { "focus", "App\\.Load" },
        { "focus", "Token" },
        { "ignore", "App\\.Walk" },
        { "hide", "App\\.Main" },
        { "hide", "Load|Read" },
        { "show", "Parse|Walk" },
        { "show", "app" },                   // the module: every line of every location stays
        { "hide", "app" },                   // the module: every location goes, so every sample
        { "tagfocus", "type=String" },
        { "tagignore", "bytes=1kb:" },
        { "focus", "NoSuchFunction" },
    };

    [Theory]
    [MemberData(nameof(PprofFilterCases))]
    public async Task Filtered_pprof_export_holds_what_go_tool_pprof_proto_writes(string filter, string expression)
    {
        string input = Write(FilterCrossCheckTests.LabelledProfile(), "labelled.pb.gz");
        await AssertFilteredLikePprof(input, filter, expression);
    }

    [Theory]
    [InlineData("focus", "main\\.")]
    [InlineData("hide", "runtime")]
    [InlineData("show", "main")]
    [InlineData("ignore", "main\\.allocStrings")]
    public async Task Filtered_go_heap_profile_export_holds_what_go_tool_pprof_proto_writes(string filter, string expression)
    {
        await AssertFilteredLikePprof(Path.Combine(AppContext.BaseDirectory, "Fixtures", "go", "heap.pb.gz"), filter, expression);
    }

    // Both filtered files, read back by go tool pprof itself, give the same traces and the same warnings.
    private async Task AssertFilteredLikePprof(string input, string filter, string expression)
    {
        string expected = Path.Combine(_folder.Path, "expected.pb.gz");
        string actual = Path.Combine(_folder.Path, "actual.pb.gz");
        var (code, _, pprofErr) = GoPprof.TryRun(input, "-proto", "-output=" + expected, $"-{filter}={expression}");
        Assert.True(code == 0, pprofErr);

        var result = await CliRun.InvokeAsync("export", "--format", "pprof", $"--{filter}", expression, "-o", actual, input);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(Warnings(pprofErr), result.StderrLines.Where(l => l.Contains("matched no samples", StringComparison.Ordinal)));
        foreach (string index in new[] { "0", "1" })
        {
            Assert.Equal(GoPprof.Run(expected, "-traces", "-sample_index=" + index), GoPprof.Run(actual, "-traces", "-sample_index=" + index));
        }
    }

    private static IEnumerable<string> Warnings(string stderr) =>
        GoPprof.Lines(stderr).Where(l => l.Contains("matched no samples", StringComparison.Ordinal));

    public static TheoryData<string, string> FilterCases() => new()
    {
        { "focus", "App\\.Load" },
        { "focus", "Token" },            // an inlined frame
        { "ignore", "App\\.Walk" },
        { "hide", "App\\.Main" },
        { "hide", "Load|Read" },
        { "show", "Parse|Walk" },
    };

    [Theory]
    [MemberData(nameof(FilterCases))]
    public async Task Folded_total_equals_top_total_under_the_same_filter(string filter, string expression)
    {
        string input = Write(ExportProfiles.Allocations(), "allocs.pb.gz");

        var result = await CliRun.InvokeAsync("export", "--format", "folded", $"--{filter}", expression, "-si", "alloc_objects", "-o", "-", input);
        var top = TopReport.Compute(ExportProfiles.Allocations(), new TopOptions
        {
            SampleIndex = "alloc_objects",
            NodeFraction = 0,
            Filter = Filter(filter, expression),
        });

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(top.ShownFlat, FoldedSum(result.Stdout));
        Assert.Equal(top.Rows.Sum(r => r.Flat), FoldedSum(result.Stdout));
    }

    [Theory]
    [MemberData(nameof(FilterCases))]
    public async Task Folded_total_equals_go_tool_pprof_under_the_same_filter(string filter, string expression)
    {
        string input = Write(ExportProfiles.Allocations(), "allocs.pb.gz");

        var result = await CliRun.InvokeAsync("export", "--format", "folded", $"--{filter}", expression, "-si", "alloc_objects", "-o", "-", input);
        string[] pprof = GoPprof.Run(input, "-top", "-nodefraction=0", "-sample_index=alloc_objects", $"-{filter}={expression}");

        Assert.Equal(0, result.ExitCode);
        var shown = pprof.Select(l => ShowingLine().Match(l)).Single(m => m.Success);
        Assert.Equal(long.Parse(shown.Groups[1].Value, CultureInfo.InvariantCulture), FoldedSum(result.Stdout));
    }

    private static SampleFilterOptions Filter(string filter, string expression) => filter switch
    {
        "focus" => new() { Focus = expression },
        "ignore" => new() { Ignore = expression },
        "hide" => new() { Hide = expression },
        "show" => new() { Show = expression },
        _ => throw new ArgumentOutOfRangeException(nameof(filter), filter, null),
    };

    private static long FoldedSum(string folded) =>
        folded.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Sum(line => long.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));

    private string Write(Profile profile, string name)
    {
        string path = Path.Combine(_folder.Path, name);
        PprofWriter.WriteFile(profile, path);
        return path;
    }

    private static JsonDocument EmbeddedData(string html) => FlameGraphPages.EmbeddedData(html);

    [GeneratedRegex(@"^Showing nodes accounting for (\d+), ")]
    private static partial Regex ShowingLine();
}
