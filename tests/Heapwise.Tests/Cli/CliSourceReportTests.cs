using Heapwise.Profiles;
using Heapwise.Tests.Analysis;

namespace Heapwise.Tests.Cli;

/// <summary>Granularity flags, <c>list</c> and <c>tree</c> from the command line.</summary>
public sealed class CliSourceReportTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("heapwise-source-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData("--lines")]
    [InlineData("--granularity", "lines")]
    public async Task Top_by_lines_names_function_and_file_line(params string[] flags)
    {
        var result = await CliRun.InvokeAsync(["top", .. flags, Write()]);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("  App.Tokenizer.Next /src/App/Tok/Tokenizer.cs:7\n", result.Stdout.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("top")]
    [InlineData("traces")]
    [InlineData("peek", "Parse")]
    [InlineData("tree")]
    public async Task Two_granularities_are_one_line_on_stderr(params string[] command)
    {
        var result = await CliRun.InvokeAsync([.. command, "--files", "--granularity", "lines", Write()]);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(["heapwise: --granularity lines and --files ask for different granularities; give one."], result.StderrLines);
    }

    [Fact]
    public async Task List_says_on_stderr_where_it_looked_for_a_missing_file()
    {
        var result = await CliRun.InvokeAsync("list", "Cache", "--trim-path", "/src", "--source-path", _folder, Write());

        Assert.Equal(0, result.ExitCode);
        string stdout = result.Stdout.ReplaceLineEndings("\n");
        Assert.StartsWith("Total: ", stdout, StringComparison.Ordinal);
        Assert.Contains("ROUTINE ======================== App.Cache.Get in App/Cache.cs\n", stdout, StringComparison.Ordinal);
        Assert.Contains($" Error: could not find file App/Cache.cs on path {_folder}\n", stdout, StringComparison.Ordinal);
        string line = Assert.Single(result.StderrLines);
        Assert.StartsWith($"heapwise: source file 'App/Cache.cs' not found; looked at: {_folder}/App/Cache.cs, ", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_of_an_unknown_function_is_an_error()
    {
        var result = await CliRun.InvokeAsync("list", "Parze", Write());

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(["heapwise: no function matches 'Parze'; 'heapwise top' lists the function names."], result.StderrLines);
    }

    [Fact]
    public async Task Tree_prints_callers_and_callees()
    {
        var result = await CliRun.InvokeAsync("tree", "--nodecount", "2", Write());

        Assert.Equal(0, result.ExitCode);
        string stdout = result.Stdout.ReplaceLineEndings("\n");
        Assert.Contains("Showing top 2 nodes out of ", stdout, StringComparison.Ordinal);
        Assert.Contains("calls calls% + context", stdout, StringComparison.Ordinal);
    }

    private string Write()
    {
        string path = Path.Combine(_folder, "recorded.pb.gz");
        PprofWriter.WriteFile(GranularityCrossCheckTests.RecordedStyleProfile(), path);
        return path;
    }
}
