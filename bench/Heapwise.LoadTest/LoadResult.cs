namespace Heapwise.LoadTest;

/// <summary>What a load run saw: the latency of every answered request, the failures, and the time it took.</summary>
public sealed class LoadResult
{
    private readonly double[] _sortedMilliseconds;

    /// <summary>Makes a result from raw measurements.</summary>
    /// <param name="latencyMilliseconds">Latency of each successful request, in any order.</param>
    /// <param name="failures">Requests that threw or answered a status outside 2xx.</param>
    /// <param name="failureExamples">A few of the failures, described.</param>
    /// <param name="elapsed">Time from the first request sent to the last answered.</param>
    public LoadResult(IEnumerable<double> latencyMilliseconds, long failures, IReadOnlyList<string> failureExamples, TimeSpan elapsed)
    {
        _sortedMilliseconds = [.. latencyMilliseconds.Order()];
        Failures = failures;
        FailureExamples = failureExamples;
        Elapsed = elapsed;
    }

    /// <summary>Requests answered with a 2xx status.</summary>
    public long Succeeded => _sortedMilliseconds.Length;

    /// <summary>Requests that threw or answered a status outside 2xx.</summary>
    public long Failures { get; }

    /// <summary>The first few failures (status or exception message), for the report.</summary>
    public IReadOnlyList<string> FailureExamples { get; }

    /// <summary>Time from the first request sent to the last answered.</summary>
    public TimeSpan Elapsed { get; }

    /// <summary>Successful requests per second.</summary>
    public double Throughput => Elapsed > TimeSpan.Zero ? Succeeded / Elapsed.TotalSeconds : 0;

    /// <summary>
    /// The latency below which a share <paramref name="quantile"/> (0 to 1) of the successful requests fall, in
    /// milliseconds, by the nearest-rank method (a latency that was really measured, no interpolation); NaN without requests.
    /// </summary>
    public double Percentile(double quantile)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(quantile);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(quantile, 1);
        if (_sortedMilliseconds.Length == 0)
        {
            return double.NaN;
        }

        int rank = (int)Math.Ceiling(quantile * _sortedMilliseconds.Length);
        return _sortedMilliseconds[Math.Max(rank, 1) - 1];
    }
}
