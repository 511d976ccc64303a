using Heapwise.Profiles;
using Heapwise.Tests.Analysis;

namespace Heapwise.Tests.Cli;

/// <summary><c>--base</c>, <c>--diff-base</c> and <c>--normalize</c> on the command line: output and bad input.</summary>
public sealed class CliDiffTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("heapwise-clidiff-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Diff_base_prints_negative_values_relative_to_the_base()
    {
        string after = Write(new StackProfile(("space", "bytes")).Add("main;f", 4 << 20).Add("main;g", 1 << 20).Build(), "after.pb.gz");
        string before = Write(new StackProfile(("space", "bytes")).Add("main;f", 1 << 20).Add("main;g", (5 << 20) / 2).Build(), "before.pb.gz");

        var result = await CliRun.InvokeAsync("top", "--diff-base", before, after);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(
            """
            Type: space
            Showing nodes accounting for 1.50MB, 42.86% of 3.50MB total
                  flat  flat%   sum%        cum   cum%
                   3MB 85.71% 85.71%        3MB 85.71%  f
               -1.50MB 42.86% 42.86%    -1.50MB 42.86%  g
                     0     0% 42.86%     1.50MB 42.86%  main

            """.ReplaceLineEndings("\n"), result.Stdout.ReplaceLineEndings("\n"));
    }

    [Theory]
    [InlineData("top")]
    [InlineData("traces")]
    [InlineData("tags")]
    public async Task Missing_base_file_says_so(string command)
    {
        string after = Write(new StackProfile(("space", "bytes")).Add("main;f", 300).Build(), "after.pb.gz");
        string missing = Path.Combine(_folder, "missing.pb.gz");

        var result = await CliRun.InvokeAsync(command, "--diff-base", missing, after);

        AssertOneLineError(result, 1, $"heapwise: cannot open '{missing}': file not found");
    }

    [Fact]
    public async Task Incompatible_base_is_one_line()
    {
        string after = Write(new StackProfile(("space", "bytes")).Add("main;f", 300).Build(), "after.pb.gz");
        string before = Write(new StackProfile(("cpu", "nanoseconds")).Add("main;f", 100).Build(), "before.pb.gz");

        var result = await CliRun.InvokeAsync("peek", ".", "--base", before, after);

        AssertOneLineError(result, 1,
            $"heapwise: cannot compare '{after}' with base '{before}': their sample types differ (space/bytes vs cpu/nanoseconds).");
    }

    [Fact]
    public async Task Normalize_without_base_is_an_error()
    {
        string after = Write(new StackProfile(("space", "bytes")).Add("main;f", 300).Build(), "after.pb.gz");

        var result = await CliRun.InvokeAsync("top", "--normalize", after);

        AssertOneLineError(result, 1, "heapwise: --normalize needs a base profile");
    }

    [Fact]
    public async Task Base_and_diff_base_together_is_an_error()
    {
        string after = Write(new StackProfile(("space", "bytes")).Add("main;f", 300).Build(), "after.pb.gz");

        var result = await CliRun.InvokeAsync("traces", "--base", after, "--diff-base", after, after);

        AssertOneLineError(result, 1, "heapwise: --base and --diff-base cannot both be given");
    }

    private static void AssertOneLineError(CliResult result, int exitCode, string expectedStart)
    {
        Assert.Equal(exitCode, result.ExitCode);
        Assert.Equal(string.Empty, result.Stdout);
        string line = Assert.Single(result.StderrLines);
        Assert.StartsWith(expectedStart, line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
    }

    private string Write(Profile profile, string name)
    {
        string path = Path.Combine(_folder, name);
        PprofWriter.WriteFile(profile, path);
        return path;
    }
}
