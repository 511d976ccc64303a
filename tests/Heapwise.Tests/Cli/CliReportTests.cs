using Heapwise.Profiles;
using Heapwise.Tests.Analysis;

namespace Heapwise.Tests.Cli;

/// <summary><c>traces</c>, <c>tags</c>, <c>peek</c> and <c>top --by</c> from the command line: output to stdout, bad input as one line.</summary>
public sealed class CliReportTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("heapwise-reports-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Traces_lists_each_sample_with_labels()
    {
        string path = Write();

        var result = await CliRun.InvokeAsync("traces", "--tagfocus", "type=Char", path);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(string.Empty, result.Stderr);
        Assert.Equal(
            [
                "-----------+-------------------------------------------------------",
                "      type:  System.Char[]",
                "    thread:  worker",
                "     bytes:  512B",
                "     count:  3",
                "   62.50kB   System.String.ToCharArray",
                "             App.Parse",
                "             App.Main",
                "-----------+-------------------------------------------------------",
            ],
            GoPprof.Lines(result.Stdout).SkipWhile(l => !l.StartsWith("---", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Tags_shows_each_value_with_its_share()
    {
        string path = Write();

        var result = await CliRun.InvokeAsync("tags", "--tag", "thread", path);

        Assert.Equal(0, result.ExitCode);
        string[] lines = GoPprof.Lines(result.Stdout);
        Assert.Equal(3, lines.Length);
        Assert.Equal(" thread: Total 17.4MB", lines[0]);
        Assert.EndsWith(" (95.82%): main", lines[1], StringComparison.Ordinal);
        Assert.Equal("         746.1kB ( 4.18%): worker", lines[2]);
    }

    [Fact]
    public async Task Tags_unit_prints_values_in_that_unit()
    {
        string path = Write();

        var result = await CliRun.InvokeAsync("tags", "--tag", "thread", "--unit", "kb", path);

        Assert.Equal(0, result.ExitCode);
        string[] lines = GoPprof.Lines(result.Stdout);
        Assert.Equal(" thread: Total 17838.8kB", lines[0]);
        Assert.Equal("           746.1kB ( 4.18%): worker", lines[2]); // aligned to the widest value, as pprof
    }

    [Fact]
    public async Task Peek_shows_callers_and_callees()
    {
        string path = Write();

        var result = await CliRun.InvokeAsync("peek", "^App\\.Load$", path);

        Assert.Equal(0, result.ExitCode);
        string[] lines = GoPprof.Lines(result.Stdout);
        Assert.Contains(lines, l => l.EndsWith("   100% |   App.Main", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.EndsWith("                | App.Load", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Top_by_type_shows_types()
    {
        string path = Write();

        var result = await CliRun.InvokeAsync("top", "--by", "type", path);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains(GoPprof.Lines(result.Stdout), l => l.EndsWith("  System.Byte[]", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(new[] { "top", "--by", "colour" }, "heapwise: cannot group by label 'colour': no sample has it; the profile's label keys are: bytes, count, thread, type.")]
    [InlineData(new[] { "tags", "--tag", "colour" }, "heapwise: no sample has the label 'colour'; the profile's label keys are: bytes, count, thread, type.")]
    [InlineData(new[] { "peek", "(" }, "heapwise: invalid peek expression '(': ")]
    [InlineData(new[] { "peek", "NoSuchFunction" }, "heapwise: no function matches 'NoSuchFunction'")]
    [InlineData(new[] { "traces", "--focus", "[" }, "heapwise: invalid --focus expression '[': ")]
    [InlineData(new[] { "tags", "--tagfocus", "bytes=2mb:1kb" }, "heapwise: invalid --tagfocus range 'bytes=2mb:1kb': the lower end is above the upper end.")]
    [InlineData(new[] { "traces", "--sample-index", "nosuch" }, "heapwise: ")]
    public async Task Bad_input_is_one_line_and_exit_code_1(string[] args, string expectedStart)
    {
        string path = Write();

        var result = await CliRun.InvokeAsync([.. args, path]);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(string.Empty, result.Stdout);
        string line = Assert.Single(result.StderrLines);
        Assert.StartsWith(expectedStart, line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
    }

    private string Write()
    {
        string path = Path.Combine(_folder, "labelled.pb.gz");
        PprofWriter.WriteFile(FilterCrossCheckTests.LabelledProfile(), path);
        return path;
    }
}
