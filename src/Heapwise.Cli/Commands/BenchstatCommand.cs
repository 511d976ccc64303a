using System.CommandLine;
using System.Globalization;
using System.Text.RegularExpressions;
using Heapwise.Benchstat;
using Heapwise.Cli.Rendering;

namespace Heapwise.Cli.Commands;

/// <summary>
/// <c>heapwise benchstat OLD NEW [MORE...]</c>: golang.org/x/perf benchstat's summaries and A/B
/// comparisons of Go benchmark output and BenchmarkDotNet JSON exports, with a regression gate for CI.
/// </summary>
internal static class BenchstatCommand
{
    private static readonly Argument<string[]> Files = new("FILE")
    {
        Description = "Benchmark results: 'go test -bench -benchmem' output (use -count 10), or BenchmarkDotNet full JSON exports " +
            "(--exporters json). The first file is the baseline; each later one is compared with it. LABEL=FILE names a column.",
        Arity = ArgumentArity.OneOrMore,
    };

    private static readonly Option<double> AlphaOption = new("--alpha")
    {
        Description = "Consider a change significant if the Mann-Whitney U test's p-value is at most this.",
        HelpName = "α",
        DefaultValueFactory = _ => 0.05,
    };

    private static readonly Option<double> ConfidenceOption = new("--confidence")
    {
        Description = "Confidence level of the ± ranges around the medians.",
        HelpName = "LEVEL",
        DefaultValueFactory = _ => 0.95,
    };

    private static readonly Option<string?> FilterOption = new("--filter")
    {
        Description = "Only benchmarks whose full name matches this regular expression (e.g. 'Concat|Parse', '^Lookup/').",
        HelpName = "REGEX",
    };

    private static readonly Option<string> FormatOption = CreateFormat();

    private static readonly Option<string?> FailOption = new("--fail-on-regression")
    {
        Description = "Exit with code 4 if any metric got significantly worse (not '~') by more than this percentage, " +
            "e.g. 5% (more time, bytes, allocations or collections; less throughput).",
        HelpName = "PCT",
    };

    /// <summary>Usage examples, shown at the end of <c>--help</c>.</summary>
    public static IReadOnlyList<string> Examples { get; } =
    [
        "go test -bench . -benchmem -count 10 > old.txt   (change the code)   go test ... > new.txt",
        "heapwise benchstat old.txt new.txt",
        "heapwise benchstat --format markdown old.json new.json     BenchmarkDotNet *-report-full-compressed.json exports",
        "heapwise benchstat --filter 'Parse' --alpha 0.01 old.txt new.txt",
        "heapwise benchstat --fail-on-regression 5% main=main.json pr=pr.json    exit code 4 when something got >5% worse",
    ];

    /// <summary>The command, built once.</summary>
    public static Command Command { get; } = Create();

    private static Command Create()
    {
        var command = new Command("benchstat",
            "Summarize benchmark results and compare them as golang.org/x/perf benchstat does: medians with confidence ranges, " +
            "changes with Mann-Whitney U p-values ('~' when not significant), geomeans.")
        {
            Files,
            AlphaOption,
            ConfidenceOption,
            FilterOption,
            FormatOption,
            FailOption,
        };
        command.SetAction(Run);
        return command;
    }

    private static Option<string> CreateFormat()
    {
        var option = new Option<string>("--format")
        {
            Description = "Output format: text (benchstat's tables), csv (benchstat's CSV; warnings to stderr) or markdown.",
            HelpName = "text|csv|markdown",
            DefaultValueFactory = _ => "text",
        };
        option.AcceptOnlyFromAmong("text", "csv", "markdown");
        return option;
    }

    private static int Run(ParseResult parseResult)
    {
        var console = CliInvocation.ConsoleOf(parseResult);
        double? threshold = ParseThreshold(parseResult.GetValue(FailOption));
        var options = new BenchstatOptions(parseResult.GetValue(AlphaOption), parseResult.GetValue(ConfidenceOption), ParseFilter(parseResult.GetValue(FilterOption)));
        string[] paths = parseResult.GetValue(Files) ?? [];
        var inputs = Labelled(paths).Select(input => BenchmarkFileReader.Read(input.Path, input.Label)).ToList();
        var report = BenchstatComparer.Compare(inputs, options);
        if (inputs.Select(f => f.Label).Distinct().Count() > 1 && report.Tables.All(t => t.Columns.Count < 2))
        {
            if (DifferingConfig(inputs) is { } difference)
            {
                throw new BenchmarkFormatException(
                    $"The inputs' configuration lines differ ({difference}), so, as in benchstat, their results are not compared; " +
                    "remove or align those lines (e.g. sed '/^cpu:/d') to compare them.");
            }

            throw new BenchmarkFormatException(
                $"The inputs share no metric to compare ({string.Join("; ", inputs.Select(f => f.Label + ": " + string.Join(", ", f.Measurements.Select(m => m.Unit).Distinct())))}); " +
                "compare results of the same benchmarks measured the same way.");
        }

        switch (parseResult.GetValue(FormatOption))
        {
            case "csv":
                BenchstatCsvWriter.Write(console.Out, console.Error, report);
                break;
            case "markdown":
                BenchstatMarkdownWriter.Write(console.Out, report);
                break;
            default:
                BenchstatTextWriter.Write(console.Out, report);
                break;
        }

        if (threshold is { } limit)
        {
            var regressions = report.FindRegressions(limit / 100);
            foreach (var r in regressions)
            {
                string change = double.IsInfinity(r.Change) ? "from 0" : BenchstatNumberFormat.Percent(r.Change);
                console.Error.WriteLine($"heapwise: regression: {r.Benchmark} {r.Unit} {change} in {r.Column} (limit {BenchstatNumberFormat.Shortest(limit)}%)");
            }

            if (regressions.Count > 0)
            {
                return (int)ExitCode.Regression;
            }
        }

        return (int)ExitCode.Success;
    }

    // benchstat's arguments: "label=path" names a column; a path given more than once is labelled path#0, path#1, ...
    private static List<(string Label, string Path)> Labelled(string[] arguments)
    {
        var inputs = arguments.Select(a => a.IndexOf('=', StringComparison.Ordinal) is var i and >= 0 ? (Label: a[..i], Path: a[(i + 1)..], Labelled: true) : (Label: a, Path: a, Labelled: false)).ToList();
        var counts = inputs.Where(x => !x.Labelled).GroupBy(x => x.Path).ToDictionary(g => g.Key, g => g.Count());
        var seen = new Dictionary<string, int>();
        var result = new List<(string Label, string Path)>();
        foreach (var (label, path, labelled) in inputs)
        {
            if (labelled || counts[path] == 1)
            {
                result.Add((label, path));
                continue;
            }

            int n = seen.GetValueOrDefault(path);
            seen[path] = n + 1;
            result.Add(($"{path}#{n}", path));
        }

        return result;
    }

    // The first configuration key whose value differs between two inputs, as "key: a in FILE1, key: b in FILE2".
    private static string? DifferingConfig(List<BenchmarkFile> inputs)
    {
        var first = inputs[0].Measurements[0].Config;
        foreach (var other in inputs.Skip(1))
        {
            var config = other.Measurements[0].Config;
            foreach (string key in first.Select(kv => kv.Key).Union(config.Select(kv => kv.Key)))
            {
                string a = first.FirstOrDefault(kv => kv.Key == key).Value ?? "", b = config.FirstOrDefault(kv => kv.Key == key).Value ?? "";
                if (a != b)
                {
                    return $"{key}: {a} in {inputs[0].Label}, {key}: {b} in {other.Label}";
                }
            }
        }

        return null;
    }

    private static Regex? ParseFilter(string? pattern)
    {
        if (string.IsNullOrEmpty(pattern))
        {
            return null;
        }

        try
        {
            return new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        }
        catch (ArgumentException e)
        {
            throw new HeapwiseException($"--filter '{pattern}' is not a valid regular expression ({e.Message}).", e);
        }
    }

    private static double? ParseThreshold(string? text)
    {
        if (text is null)
        {
            return null;
        }

        string number = text.Trim().TrimEnd('%');
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !(value >= 0) || double.IsInfinity(value))
        {
            throw new HeapwiseException($"--fail-on-regression '{text}' is not a percentage; give one such as 5% or 2.5.");
        }

        return value;
    }
}
