using System.Globalization;

namespace Heapwise.LoadTest;

/// <summary>
/// The comparison as Markdown for docs/performance.md: per phase, the median (min–max) over rounds of each round's
/// p50, p90, p99 and throughput; the ratios of the medians to A; each round's p99; and what the captures returned.
/// </summary>
internal static class ComparisonReport
{
    /// <summary>Writes the tables for <paramref name="results"/>.</summary>
    public static void Write(TextWriter output, IReadOnlyList<PhaseResult> results)
    {
        var byPhase = CapturePhase.All.Select(p => (Phase: p, Rounds: results.Where(r => r.Phase == p).ToList())).ToList();
        output.WriteLine("| phase | p50 ms | p90 ms | p99 ms | throughput req/s | requests | failed |");
        output.WriteLine("| --- | --- | --- | --- | --- | --- | --- |");
        foreach (var (phase, rounds) in byPhase)
        {
            output.WriteLine(Invariant(
                $"| {phase.Label} | {Stats(rounds, 0.5)} | {Stats(rounds, 0.9)} | {Stats(rounds, 0.99)} | {Spread(rounds.Select(r => r.Load.Throughput), "N0")} | {rounds.Sum(r => r.Load.Succeeded + r.Load.Failures):N0} | {rounds.Sum(r => r.Load.Failures)} |"));
        }

        output.WriteLine();
        output.WriteLine("| ratio of medians | p50 | p90 | p99 | throughput |");
        output.WriteLine("| --- | --- | --- | --- | --- |");
        var baseline = byPhase[0].Rounds;
        foreach (var (phase, rounds) in byPhase.Skip(1))
        {
            output.WriteLine(Invariant(
                $"| {phase.Label[..1]}/A | {Ratio(rounds, baseline, r => r.Load.Percentile(0.5))} | {Ratio(rounds, baseline, r => r.Load.Percentile(0.9))} | {Ratio(rounds, baseline, r => r.Load.Percentile(0.99))} | {Ratio(rounds, baseline, r => r.Load.Throughput)} |"));
        }

        output.WriteLine();
        foreach (var (phase, rounds) in byPhase)
        {
            output.WriteLine(Invariant($"- p99 per round, {phase.Label}: {string.Join(", ", rounds.Select(r => r.Load.Percentile(0.99).ToString("0.0", CultureInfo.InvariantCulture)))} ms"));
        }

        foreach (var (phase, rounds) in byPhase.Where(p => p.Phase.Endpoint is not null))
        {
            var valid = rounds.Where(r => r.CaptureProblem is null).ToList();
            string samples = valid.Count > 0 ? Invariant($" ({valid.Min(r => r.CaptureSamples):N0}–{valid.Max(r => r.CaptureSamples):N0} samples)") : "";
            output.WriteLine(Invariant($"- {phase.Label}: {valid.Count} of {rounds.Count} captures returned a valid profile{samples}"));
            foreach (var problem in rounds.Select(r => r.CaptureProblem).OfType<string>())
            {
                output.WriteLine($"  - capture problem: {problem}");
            }
        }

        foreach (var example in results.SelectMany(r => r.Load.FailureExamples).Distinct().Take(5))
        {
            output.WriteLine($"- failed request: {example}");
        }
    }

    private static string Stats(List<PhaseResult> rounds, double quantile) => Spread(rounds.Select(r => r.Load.Percentile(quantile)), "0.0");

    private static string Spread(IEnumerable<double> values, string format)
    {
        var sorted = values.Order().ToList();
        return string.Create(CultureInfo.InvariantCulture, $"{Median(sorted).ToString(format, CultureInfo.InvariantCulture)} ({sorted[0].ToString(format, CultureInfo.InvariantCulture)}–{sorted[^1].ToString(format, CultureInfo.InvariantCulture)})");
    }

    private static string Ratio(List<PhaseResult> rounds, List<PhaseResult> baseline, Func<PhaseResult, double> value) =>
        (Median([.. rounds.Select(value).Order()]) / Median([.. baseline.Select(value).Order()])).ToString("0.00", CultureInfo.InvariantCulture);

    /// <summary>The median of sorted values.</summary>
    internal static double Median(IReadOnlyList<double> sorted) =>
        sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
