using Heapwise.Profiles;
using Heapwise.Tests.Analysis;

namespace Heapwise.Tests.Cli;

/// <summary><c>top</c>'s filter options: they reach the report, and bad expressions end in one line and exit code 1.</summary>
public sealed class CliFilterTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("heapwise-filter-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Focus_keeps_matching_samples_and_lists_the_filter()
    {
        string path = Write();

        var result = await CliRun.InvokeAsync("top", "--focus", "Load", "--hide", "System", path);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(string.Empty, result.Stderr);
        Assert.Equal(
            [
                "heapwise filter test profile",
                "Type: alloc_space",
                "Active filters:",
                "   focus=Load",
                "   hide=System",
                "Showing nodes accounting for 12MB, 68.88% of 17.42MB total",
                "      flat  flat%   sum%        cum   cum%",
                "      12MB 68.88% 68.88%       12MB 68.88%  App.Load",
                "         0     0% 68.88%       12MB 68.88%  App.Main",
            ],
            GoPprof.Lines(result.Stdout).Skip(1));
    }

    [Fact]
    public async Task Tag_filters_select_by_label()
    {
        string path = Write();

        var result = await CliRun.InvokeAsync("top", "--tagfocus", "type=String", "--tagignore", "bytes=:1kb", path);

        Assert.Equal(0, result.ExitCode);
        string[] lines = GoPprof.Lines(result.Stdout);
        Assert.Contains("   tagfocus=type=String", lines);
        Assert.Contains(lines, l => l.EndsWith("  System.String.Concat (inline)", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains("App.Tokenizer.Next", StringComparison.Ordinal)); // only in a sample of 48 bytes
    }

    [Fact]
    public async Task A_filter_that_matches_nothing_warns_on_stderr()
    {
        string path = Write();

        var result = await CliRun.InvokeAsync("top", "--focus", "NoSuchFunction", path);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["Focus expression matched no samples"], result.StderrLines);
        Assert.Contains("Showing nodes accounting for 0, 0% of 17.42MB total", GoPprof.Lines(result.Stdout));
    }

    [Theory]
    [InlineData("--focus", "(", "heapwise: invalid --focus expression '(': ")]
    [InlineData("--ignore", "[a-", "heapwise: invalid --ignore expression '[a-': ")]
    [InlineData("--hide", "*x", "heapwise: invalid --hide expression '*x': ")]
    [InlineData("--show", "a)", "heapwise: invalid --show expression 'a)': ")]
    [InlineData("--show", "(a)\\1", "heapwise: invalid --show expression '(a)\\1': ")]
    [InlineData("--tagfocus", "type=(", "heapwise: invalid --tagfocus expression '(': ")]
    [InlineData("--tagignore", "x,(", "heapwise: invalid --tagignore expression '(': ")]
    [InlineData("--tagfocus", "bytes=1kb:64ms", "heapwise: invalid --tagfocus range 'bytes=1kb:64ms': both ends need units of the same kind")]
    [InlineData("--tagfocus", "bytes=64kb:1kb", "heapwise: invalid --tagfocus range 'bytes=64kb:1kb': the lower end is above the upper end.")]
    [InlineData("--tagignore", "99999999999999999999:", "heapwise: invalid --tagignore range '99999999999999999999:': ")]
    public async Task Bad_filters_are_one_line_and_exit_code_1(string option, string value, string expectedStart)
    {
        string path = Write();

        var result = await CliRun.InvokeAsync("top", option, value, path);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(string.Empty, result.Stdout);
        string line = Assert.Single(result.StderrLines);
        Assert.StartsWith(expectedStart, line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_filter_fails_before_the_profile_is_read()
    {
        var result = await CliRun.InvokeAsync("top", "--focus", "(", Path.Combine(_folder, "missing.pb.gz"));

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("heapwise: invalid --focus expression", Assert.Single(result.StderrLines), StringComparison.Ordinal);
    }

    private string Write()
    {
        string path = Path.Combine(_folder, "labelled.pb.gz");
        PprofWriter.WriteFile(FilterCrossCheckTests.LabelledProfile(), path);
        return path;
    }
}
