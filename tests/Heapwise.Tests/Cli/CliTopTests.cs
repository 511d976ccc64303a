using Heapwise.Analysis;
using Heapwise.Profiles;
using Heapwise.Tests.Analysis;

namespace Heapwise.Tests.Cli;

public sealed class CliTopTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("heapwise-top-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Top_prints_the_pprof_table_to_stdout()
    {
        string path = Write(new StackProfile(("alloc_objects", "count"), ("alloc_space", "bytes"))
            .Add("App.Main;App.Load", 10, 3 << 20)
            .Add("App.Main;App.Parse", 5, 1 << 20)
            .Build(), "allocs.pb.gz");

        var result = await CliRun.InvokeAsync("top", path);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(string.Empty, result.Stderr);
        Assert.Equal(
            [
                "Type: alloc_space",
                "Showing nodes accounting for 4MB, 100% of 4MB total",
                "      flat  flat%   sum%        cum   cum%",
                "       3MB 75.00% 75.00%        3MB 75.00%  App.Load",
                "       1MB 25.00%   100%        1MB 25.00%  App.Parse",
                "         0     0%   100%        4MB   100%  App.Main",
            ],
            GoPprof.Lines(result.Stdout));
    }

    [Fact]
    public async Task Top_options_reach_the_report()
    {
        string path = Write(new StackProfile(("alloc_objects", "count"), ("alloc_space", "bytes"))
            .Add("App.Main;App.Load", 10, 3 << 20)
            .Add("App.Main;App.Parse", 5, 1 << 20)
            .Build(), "allocs.pb.gz");

        var result = await CliRun.InvokeAsync("top", "--sample-index", "alloc_objects", "--cum", "--nodecount", "2", path);

        Assert.Equal(0, result.ExitCode);
        string[] lines = GoPprof.Lines(result.Stdout);
        Assert.Equal("Type: alloc_objects", lines[0]);
        Assert.Equal("Showing top 2 nodes out of 3", lines[2]);
        Assert.EndsWith("  App.Main", lines[4], StringComparison.Ordinal);
        Assert.EndsWith("  App.Load", lines[5], StringComparison.Ordinal);
        Assert.Equal(6, lines.Length);
    }

    [Fact]
    public async Task Top_of_several_files_adds_them()
    {
        var types = new[] { ("alloc_objects", "count"), ("alloc_space", "bytes") };
        string a = Write(new StackProfile(types).Add("App.Main;App.Load", 1, 100).Build(), "a.pb.gz");
        string b = Write(new StackProfile(types).Add("App.Main;App.Load", 1, 300).Build(), "b.pb.gz");

        var result = await CliRun.InvokeAsync("top", a, b);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("      400B   100%   100%       400B   100%  App.Load", GoPprof.Lines(result.Stdout));
    }

    [Fact]
    public async Task Top_output_equals_go_tool_pprof_for_a_go_profile()
    {
        string fixture = Path.Combine(AppContext.BaseDirectory, "Fixtures", "go", "heap.pb.gz");
        Assert.SkipUnless(File.Exists(fixture), "the Go fixture heap.pb.gz is not there yet.");
        string[] expected = GoPprof.Top(fixture, "alloc_space", nodeCount: 5);

        var result = await CliRun.InvokeAsync("top", "--sample_index=alloc_space", "-n", "5", fixture);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(expected, GoPprof.Lines(result.Stdout));
    }

    [Fact]
    public async Task Help_shows_examples()
    {
        var result = await CliRun.InvokeAsync("top", "--help");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("heapwise top --sample-index alloc_objects", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("--nodecount", result.Stdout, StringComparison.Ordinal);
    }

    private string Write(Profile profile, string name)
    {
        string path = Path.Combine(_folder, name);
        PprofWriter.WriteFile(profile, path);
        return path;
    }
}
