using System.Text.Json;
using Heapwise.Cli.Commands;
using Heapwise.Profiles;
using Heapwise.Tests.Cli;
using Heapwise.Tests.Infrastructure;

namespace Heapwise.Tests.Export;

/// <summary><c>heapwise flamegraph</c> and <c>heapwise export</c>, run in-process.</summary>
public sealed class ExportCliTests : IDisposable
{
    private readonly TemporaryDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Flamegraph_writes_a_page_and_says_where()
    {
        string input = WriteProfile("allocs.pb.gz");
        string output = Path.Combine(_folder.Path, "allocs.html");

        var result = await CliRun.InvokeAsync("flamegraph", input, "-o", output);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(string.Empty, result.Stdout);
        Assert.StartsWith($"heapwise: wrote {output} (", Assert.Single(result.StderrLines), StringComparison.Ordinal);
        string html = File.ReadAllText(output);
        Assert.Contains("<title>allocs.pb.gz — alloc_space</title>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Flamegraph_sample_index_reaches_the_page()
    {
        string input = WriteProfile("allocs.pb.gz");
        string output = Path.Combine(_folder.Path, "objects.html");

        var result = await CliRun.InvokeAsync("flamegraph", "--sample-index", "alloc_objects", "-o", output, input);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("\"type\":\"alloc_objects\"", File.ReadAllText(output), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("data/allocs.pb.gz", ".html", "allocs.html")]
    [InlineData("allocs.pprof", ".html", "allocs.html")]
    [InlineData("heap.pb", ".folded", "heap.folded")]
    [InlineData("profile.gz", ".speedscope.json", "profile.speedscope.json")]
    [InlineData("cpu", ".merged.pb.gz", "cpu.merged.pb.gz")]
    [InlineData(".pb.gz", ".html", "profile.html")]
    public void Default_output_is_the_input_name_with_the_format_extension(string input, string extension, string expected)
    {
        Assert.Equal(expected, ExportCommandParts.DefaultOutput(input, extension));
    }

    [Fact]
    public async Task Export_folded_to_stdout()
    {
        string input = WriteProfile("allocs.pb.gz");

        var result = await CliRun.InvokeAsync("export", "--format", "folded", "-o", "-", input);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(string.Empty, result.Stderr);
        Assert.Equal("App.Main;App.Load 3072\nApp.Main;App.Parse 1024\n", result.Stdout);
    }

    [Fact]
    public async Task Export_speedscope_to_a_file()
    {
        string input = WriteProfile("allocs.pb.gz");
        string output = Path.Combine(_folder.Path, "allocs.speedscope.json");

        var result = await CliRun.InvokeAsync("export", "--format", "speedscope", "--sample-index", "alloc_objects", "-o", output, input);

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(File.ReadAllBytes(output));
        var profile = json.RootElement.GetProperty("profiles")[0];
        Assert.Equal(4, profile.GetProperty("weights").EnumerateArray().Sum(w => w.GetInt64()));
    }

    [Fact]
    public async Task Export_pprof_merges_the_inputs()
    {
        string a = WriteProfile("a.pb.gz");
        string b = WriteProfile("b.pb.gz");
        string output = Path.Combine(_folder.Path, "both.pb.gz");

        var result = await CliRun.InvokeAsync("export", "--format", "pprof", "-o", output, a, b);

        Assert.Equal(0, result.ExitCode);
        var merged = PprofReader.ReadFile(output);
        Assert.Equal(8192, Heapwise.Analysis.SampleTotals.Sum(merged, "alloc_space"));
    }

    [Fact]
    public async Task Missing_file_is_one_line()
    {
        string missing = Path.Combine(_folder.Path, "missing.pb.gz");

        foreach (string[] args in new[] { ["flamegraph", missing, "-o", Path.Combine(_folder.Path, "x.html")], new[] { "export", "--format", "folded", "-o", "-", missing } })
        {
            var result = await CliRun.InvokeAsync(args);

            AssertOneLineError(result, 1, $"heapwise: cannot open '{missing}': file not found");
        }
    }

    [Fact]
    public async Task Unknown_format_lists_the_formats()
    {
        string input = WriteProfile("allocs.pb.gz");

        var result = await CliRun.InvokeAsync("export", "--format", "svg", input);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("unknown format 'svg'; --format must be one of: folded, speedscope, pprof.", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
        Assert.Equal(string.Empty, result.Stdout);
    }

    [Theory]
    [InlineData("flamegraph")]
    [InlineData("export", "--format", "folded")]
    [InlineData("export", "--format", "speedscope")]
    [InlineData("export", "--format", "pprof")]
    public async Task Unknown_sample_index_lists_the_sample_types(params string[] command)
    {
        string input = WriteProfile("allocs.pb.gz");
        string output = Path.Combine(_folder.Path, "out");

        var result = await CliRun.InvokeAsync([.. command, "--sample-index", "inuse_space", "-o", output, input]);

        AssertOneLineError(result, 1, "heapwise: unknown sample index 'inuse_space'; this profile has: alloc_objects, alloc_space");
        Assert.False(File.Exists(output));
    }

    [Fact]
    public async Task Pprof_to_stdout_is_refused()
    {
        string input = WriteProfile("allocs.pb.gz");

        var result = await CliRun.InvokeAsync("export", "--format", "pprof", "-o", "-", input);

        AssertOneLineError(result, 1, "heapwise: pprof is a binary format");
    }

    [Fact]
    public async Task Output_into_a_missing_folder_fails()
    {
        string input = WriteProfile("allocs.pb.gz");
        string output = Path.Combine(_folder.Path, "no", "such", "allocs.html");

        var result = await CliRun.InvokeAsync("flamegraph", input, "-o", output);

        AssertOneLineError(result, 1, $"heapwise: cannot write '{output}': the folder");
    }

    [Theory]
    [InlineData("flamegraph")]
    [InlineData("export", "x.pb.gz")]
    [InlineData("flamegraph", "--min-fraction", "2", "x.pb.gz")]
    public async Task Bad_command_lines_exit_with_1(params string[] args)
    {
        var result = await CliRun.InvokeAsync(args);

        Assert.Equal(1, result.ExitCode);
        Assert.NotEmpty(result.Stderr.Trim());
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
    }

    private static void AssertOneLineError(CliResult result, int exitCode, string expectedStart)
    {
        Assert.Equal(exitCode, result.ExitCode);
        Assert.Equal(string.Empty, result.Stdout);
        string line = Assert.Single(result.StderrLines);
        Assert.StartsWith(expectedStart, line, StringComparison.Ordinal);
    }

    private string WriteProfile(string name)
    {
        var b = new ProfileBuilder(("alloc_objects", "count"), ("alloc_space", "bytes"));
        ulong main = b.Location(b.Function("App.Main"));
        b.AddSample([b.Location(b.Function("App.Load")), main], [3, 3072]);
        b.AddSample([b.Location(b.Function("App.Parse")), main], [1, 1024]);
        string path = Path.Combine(_folder.Path, name);
        PprofWriter.WriteFile(b.Build(), path);
        return path;
    }
}
