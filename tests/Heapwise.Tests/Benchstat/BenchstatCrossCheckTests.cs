using System.Text.RegularExpressions;
using Heapwise.Benchstat;

namespace Heapwise.Tests.Benchstat;

/// <summary>
/// Our benchstat against the real one: for each case, the text and CSV (and CSV warnings) the real
/// golang.org/x/perf benchstat printed for the same inputs and flags, committed in
/// Fixtures/benchstat/expected by make-fixtures.sh. Equal text means equal medians, ranges,
/// percentages, p-values, n, "~" decisions, geomeans and warnings; CSV adds the full-precision values.
/// </summary>
public sealed class BenchstatCrossCheckTests
{
    public static TheoryData<string, string[], double, double, string?> Cases() => new()
    {
        // expected name, inputs, alpha, confidence, filter (benchstat: -filter '.fullname:/REGEX/')
        { "old-new", ["old.txt", "new.txt"], 0.05, 0.95, null },                      // -count 10: significant and not, 0 B/op, benchmark only in OLD
        { "old-new-alpha01-conf90", ["old.txt", "new.txt"], 0.01, 0.90, null },       // -alpha 0.01 -confidence 0.90
        { "count3", ["old-count3.txt", "new-count3.txt"], 0.05, 0.95, null },         // -count 3: too few samples
        { "count35", ["old-count35.txt", "new-count35.txt"], 0.05, 0.95, null },      // n > 30: normal approximations, ties
        { "count60", ["old-count60.txt", "new-count60.txt"], 0.05, 0.95, null },      // n > 50: U test without the exact distribution
        { "old-only", ["old.txt"], 0.05, 0.95, null },                                // one input: summaries only
        { "three-way", ["old.txt", "new.txt", "old-count3.txt"], 0.05, 0.95, null },  // n=10+3, three columns
        { "filter-concat", ["old.txt", "new.txt"], 0.05, 0.95, "Concat|Lookup" },
        { "edge", ["edge-old.txt", "edge-new.txt"], 0.05, 0.95, null },               // 0 -> non-zero, MB/s, assume=exact, only in NEW
        { "config-differs", ["config-old.txt", "config-new.txt"], 0.05, 0.95, null }, // different cpu: lines split the tables
        { "units", ["units.txt"], 0.05, 0.95, null },                                 // ns/GC, B*ns/op, MB*ns/s, bytes/op, op/B
        // label=path arguments; a path given twice is told apart as path#0, path#1 (the CLI's labelling is tested in CliBenchstatTests)
        { "labels", ["base=old-count3.txt", "pr=new-count3.txt", "new-count3.txt#0=new-count3.txt", "new-count3.txt#1=new-count3.txt"], 0.05, 0.95, null },
        { "bdn", ["bdn-old.gobench.txt", "bdn-new.gobench.txt"], 0.05, 0.95, null },  // BenchmarkDotNet numbers in Go's format
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Text_is_what_benchstat_printed(string expected, string[] inputs, double alpha, double confidence, string? filter)
    {
        var report = Compare(inputs, alpha, confidence, filter);

        Assert.Equal(BenchstatFixtures.Expected(expected + ".txt"), BenchstatFixtures.Text(report));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Csv_and_its_warnings_are_what_benchstat_printed(string expected, string[] inputs, double alpha, double confidence, string? filter)
    {
        var report = Compare(inputs, alpha, confidence, filter);

        var (csv, warnings) = BenchstatFixtures.Csv(report);

        Assert.Equal(BenchstatFixtures.Expected(expected + ".csv"), csv);
        Assert.Equal(BenchstatFixtures.Expected(expected + ".csv.stderr"), warnings);
    }

    [Fact]
    public void BenchmarkDotNet_json_gives_what_benchstat_printed_for_the_same_numbers()
    {
        // The JSON exports themselves, labelled like the Go-format copies benchstat read.
        var report = BenchstatFixtures.Compare(
            BenchstatOptions.Default,
            BenchstatFixtures.Read("bdn-old.json", "bdn-old.gobench.txt"),
            BenchstatFixtures.Read("bdn-new.json", "bdn-new.gobench.txt"));

        Assert.Equal(BenchstatFixtures.Expected("bdn.txt"), BenchstatFixtures.Text(report));
        Assert.Equal(BenchstatFixtures.Expected("bdn.csv"), BenchstatFixtures.Csv(report).Csv);
    }

    [Fact]
    public void The_expected_outputs_say_what_the_tests_rely_on()
    {
        // Guards against regenerated fixtures that no longer exercise the cases the theory names.
        string oldNew = BenchstatFixtures.Expected("old-new.txt");
        Assert.Contains("~ (p=", oldNew, StringComparison.Ordinal);
        Assert.Matches(new Regex(@"Concat-2 .* -\d+\.\d\d% \(p=0\.000 n=10\)"), oldNew);
        Assert.Contains("all samples are equal", oldNew, StringComparison.Ordinal);
        Assert.Contains("benchmark set differs from baseline", oldNew, StringComparison.Ordinal);
        Assert.Contains("need >= 6 samples for confidence interval at level 0.95", BenchstatFixtures.Expected("count3.txt"), StringComparison.Ordinal);
        Assert.Contains("need >= 4 samples to detect a difference at alpha level 0.05", BenchstatFixtures.Expected("count3.txt"), StringComparison.Ordinal);
        Assert.Contains("? (p=0.002 n=6)", BenchstatFixtures.Expected("edge.txt"), StringComparison.Ordinal);
    }

    private static BenchstatReport Compare(string[] inputs, double alpha, double confidence, string? filter) =>
        BenchstatFixtures.Compare(
            new BenchstatOptions(alpha, confidence, filter is null ? null : new Regex(filter)),
            [.. inputs.Select(input => input.Split('=') is [var label, var name] ? BenchstatFixtures.Read(name, label) : BenchstatFixtures.Read(input))]);
}
