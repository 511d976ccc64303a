using Heapwise.Tests.Cli;

namespace Heapwise.Tests.Benchstat;

/// <summary><c>heapwise benchstat</c> end to end through the CLI: formats, the regression gate's exit codes, bad input as one line.</summary>
public sealed class CliBenchstatTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("heapwise-benchstat-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Text_output_has_benchstats_rows()
    {
        var result = await CliRun.InvokeAsync("benchstat", Fixture("old.txt"), Fixture("new.txt"));

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Stderr);
        // Column widths follow the (absolute) paths in the header, so compare with spaces squeezed.
        Assert.Contains("Concat-2 7189.5n ± 39% 541.9n ± 34% -92.46% (p=0.000 n=10)", Squeezed(result.Stdout), StringComparison.Ordinal);
        Assert.Contains("Parse-2 901.1n ± 28% 988.9n ± 17% ~ (p=0.393 n=10)", Squeezed(result.Stdout), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Markdown_output_is_a_table_per_metric_with_the_same_numbers()
    {
        var result = await CliRun.InvokeAsync("benchstat", "--format", "markdown", Fixture("old.txt"), Fixture("new.txt"));

        Assert.Equal(0, result.ExitCode);
        string[] lines = result.Stdout.Split('\n');
        Assert.Contains("| Concat-2 | 7189.5n ± 39% | 541.9n ± 34% | -92.46% (p=0.000 n=10) |", lines);
        Assert.Contains("| Concat-2 | 6664.0 ± 0% | 192.0 ± 0% | -97.12% (p=0.000 n=10) |", lines);
        Assert.Contains("| Retired-2 | 20.75n ± 90% |  |  |", lines);
        Assert.Contains("| geomean | 86.45n | 79.05n | -36.00% ¹ |", lines);
        Assert.Equal(4, lines.Count(l => l.StartsWith("|:--|", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Csv_goes_to_stdout_and_its_warnings_to_stderr()
    {
        var result = await CliRun.InvokeAsync("benchstat", "--format", "csv", Fixture("old-count3.txt"), Fixture("new-count3.txt"));

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Concat-2,4.271e-06,∞,4.2260000000000004e-07,∞,~,p=0.100 n=3", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("B7: need >= 6 samples for confidence interval at level 0.95", result.StderrLines);
    }

    [Fact]
    public async Task Filter_keeps_matching_benchmarks_only()
    {
        var result = await CliRun.InvokeAsync("benchstat", "--filter", "^Lookup/", Fixture("old.txt"), Fixture("new.txt"));

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Lookup/size=16-2", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("Concat", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Improvements_pass_the_regression_gate()
    {
        var result = await CliRun.InvokeAsync("benchstat", "--fail-on-regression", "5%", Fixture("old.txt"), Fixture("new.txt"));

        // Lookup/size=16 got 30% slower in this run (p=0.037): a regression; everything else improved or is "~".
        Assert.Equal(4, result.ExitCode);
        Assert.Equal(["heapwise: regression: Lookup/size=16-2 sec/op +30.48% in " + Fixture("new.txt") + " (limit 5%)"], result.StderrLines);
    }

    [Fact]
    public async Task Significant_worsening_beyond_the_threshold_fails_the_gate_with_exit_code_4()
    {
        var result = await CliRun.InvokeAsync("benchstat", "--format", "csv", "--fail-on-regression", "5", Fixture("new.txt"), Fixture("old.txt"));

        Assert.Equal(4, result.ExitCode);
        string[] regressions = [.. result.StderrLines.Where(l => l.StartsWith("heapwise: regression:", StringComparison.Ordinal))];
        Assert.Contains($"heapwise: regression: Concat-2 sec/op +1226.72% in {Fixture("old.txt")} (limit 5%)", regressions);
        Assert.Contains($"heapwise: regression: Concat-2 B/op +3370.83% in {Fixture("old.txt")} (limit 5%)", regressions);
        Assert.Contains($"heapwise: regression: Concat-2 allocs/op +6300.00% in {Fixture("old.txt")} (limit 5%)", regressions);
        Assert.DoesNotContain(regressions, l => l.Contains("Parse-2", StringComparison.Ordinal)); // "~": noise is not a regression
    }

    [Fact]
    public async Task A_threshold_above_every_change_passes()
    {
        var result = await CliRun.InvokeAsync("benchstat", "--fail-on-regression", "100000%", Fixture("new.txt"), Fixture("old.txt"));

        Assert.Equal(0, result.ExitCode);
    }

    [Fact]
    public async Task Growth_from_zero_and_lower_throughput_are_regressions()
    {
        var result = await CliRun.InvokeAsync("benchstat", "--fail-on-regression", "5%", Fixture("edge-old.txt"), Fixture("edge-new.txt"));

        Assert.Equal(4, result.ExitCode);
        string newFile = Fixture("edge-new.txt");
        Assert.Equal(
            [
                $"heapwise: regression: Grow-4 sec/op +8.33% in {newFile} (limit 5%)",
                $"heapwise: regression: Grow-4 B/op from 0 in {newFile} (limit 5%)",
                $"heapwise: regression: Grow-4 allocs/op from 0 in {newFile} (limit 5%)",
                $"heapwise: regression: Grow-4 B/s -9.99% in {newFile} (limit 5%)",
                $"heapwise: regression: Copy-4 items/op +28.57% in {newFile} (limit 5%)",
            ],
            result.StderrLines);
    }

    [Fact]
    public async Task BenchmarkDotNet_exports_compare_directly()
    {
        var result = await CliRun.InvokeAsync("benchstat", Fixture("bdn-old.json"), Fixture("bdn-new.json"));

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("BenchstatFixtureBenchmarks.Concat 14080.0 ± 0% 864.0 ± 0% -93.86% (n=1)", Squeezed(result.Stdout), StringComparison.Ordinal);
        Assert.Contains("gen0/1k-op", result.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", 2, "the file is empty")]
    [InlineData("BenchmarkA 10 12x ns/op\n", 2, "the measurement '12x' is not a number")]
    [InlineData("hello\nworld\n", 2, "no benchmark results found")]
    [InlineData("{\"Benchmarks\": 3}", 2, "no \"Benchmarks\" array")]
    public async Task Bad_input_files_are_one_line_and_exit_code_2(string content, int exitCode, string message)
    {
        string path = Path.Combine(_folder, "bad.txt");
        await File.WriteAllTextAsync(path, content, TestContext.Current.CancellationToken);

        var result = await CliRun.InvokeAsync("benchstat", Fixture("old.txt"), path);

        Assert.Equal(exitCode, result.ExitCode);
        Assert.Equal("", result.Stdout);
        string line = Assert.Single(result.StderrLines);
        Assert.StartsWith("heapwise: " + path, line, StringComparison.Ordinal);
        Assert.Contains(message, line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inputs_without_a_common_metric_are_rejected()
    {
        string path = Path.Combine(_folder, "throughput.txt");
        await File.WriteAllTextAsync(path, "goos: linux\ngoarch: amd64\npkg: heapwise.example/benchfixture\ncpu: AMD EPYC\nBenchmarkOther 10 5 widgets/s\n", TestContext.Current.CancellationToken);

        var result = await CliRun.InvokeAsync("benchstat", Fixture("old.txt"), path);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("heapwise: The inputs share no metric to compare", Assert.Single(result.StderrLines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Label_arguments_name_columns_and_repeated_paths_are_numbered()
    {
        string old = Fixture("old-count3.txt"), @new = Fixture("new-count3.txt");

        var result = await CliRun.InvokeAsync("benchstat", "--format", "csv", "base=" + old, "pr=" + @new, @new, @new);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains($",base,,pr,,,,{@new}#0,,,,{@new}#1,,,", result.Stdout.Split('\n'));
    }

    [Fact]
    public async Task Inputs_with_the_same_label_share_a_column()
    {
        var result = await CliRun.InvokeAsync("benchstat", "--format", "csv", "x=" + Fixture("old-count3.txt"), "x=" + Fixture("old-count3.txt"));

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Concat-2,4.271e-06,34%", result.Stdout.Split('\n')); // n=6: a finite range (benchstat x=F x=F prints the same)
    }

    [Fact]
    public async Task Inputs_with_different_configuration_lines_are_not_compared_and_the_error_says_why()
    {
        var result = await CliRun.InvokeAsync("benchstat", Fixture("config-old.txt"), Fixture("config-new.txt"));

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith(
            $"heapwise: The inputs' configuration lines differ (cpu: Slow CPU in {Fixture("config-old.txt")}, cpu: Fast CPU in {Fixture("config-new.txt")})",
            Assert.Single(result.StderrLines),
            StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--alpha", "1.5", "--alpha must be in range [0, 1]")]
    [InlineData("--confidence", "-0.1", "--confidence must be in range [0, 1]")]
    [InlineData("--fail-on-regression", "lots", "--fail-on-regression 'lots' is not a percentage")]
    [InlineData("--filter", "(", "--filter '(' is not a valid regular expression")]
    public async Task Bad_options_are_one_line_and_exit_code_1(string option, string value, string message)
    {
        var result = await CliRun.InvokeAsync("benchstat", option, value, Fixture("old.txt"), Fixture("new.txt"));

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("heapwise: " + message, Assert.Single(result.StderrLines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_file_is_one_line()
    {
        string path = Path.Combine(_folder, "missing.txt");

        var result = await CliRun.InvokeAsync("benchstat", path, Fixture("new.txt"));

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith($"heapwise: {path}: cannot read the file", Assert.Single(result.StderrLines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_shows_examples()
    {
        var result = await CliRun.InvokeAsync("benchstat", "--help");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("--fail-on-regression", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("heapwise benchstat old.txt new.txt", result.Stdout, StringComparison.Ordinal);
    }

    private static string Fixture(string name) => BenchstatFixtures.PathOf(name);

    private static string Squeezed(string text) => System.Text.RegularExpressions.Regex.Replace(text, " +", " ");
}
