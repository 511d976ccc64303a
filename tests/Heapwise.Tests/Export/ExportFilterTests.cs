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

    [Fact]
    public async Task Pprof_export_refuses_filters_in_one_line()
    {
        string input = Write(ExportProfiles.Allocations(), "allocs.pb.gz");
        string output = Path.Combine(_folder.Path, "merged.pb.gz");

        var result = await CliRun.InvokeAsync("export", "--format", "pprof", "--focus", "Load", "-o", output, input);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(string.Empty, result.Stdout);
        Assert.StartsWith("heapwise: --format pprof writes the profiles merged and unfiltered; remove --focus",
            Assert.Single(result.StderrLines), StringComparison.Ordinal);
        Assert.False(File.Exists(output));
    }

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
