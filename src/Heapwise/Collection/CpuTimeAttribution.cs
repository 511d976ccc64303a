using Microsoft.Diagnostics.Tracing.Etlx;

namespace Heapwise.Collection;

/// <summary>
/// Turns sampler samples and per-thread OS CPU times into CPU time per stack: each thread's measured CPU time is
/// spread over its samples flagged as running managed code (over all its samples when none was flagged), in
/// proportion to their counts. Threads the OS could not measure (it ended, or no /proc) count one sampling interval
/// per managed-flagged sample, which is what the runtime's flag alone would give.
/// </summary>
/// <remarks>
/// Measured on .NET 10.0.12 (Linux), the sampler's flag alone is misleading: idle thread-pool threads waiting in
/// <c>LowLevelLifoSemaphore.Wait</c> were flagged managed for about 1.5 s over 3 s while their OS CPU time was
/// 20–50 ms, and a thread spinning for 3 s got 0.7 s of managed samples. The OS knows how much CPU each thread used;
/// the samples say where in the thread it went.
/// </remarks>
internal static class CpuTimeAttribution
{
    /// <summary>Samples and CPU nanoseconds per stack, and how many threads had an OS measurement.</summary>
    public static CpuTimeAttributionResult Attribute(
        IReadOnlyDictionary<(int Thread, CallStackIndex Stack), ThreadStackSamples> samples,
        IReadOnlyDictionary<int, TimeSpan>? cpuAtStart,
        IReadOnlyDictionary<int, TimeSpan>? cpuAtStop,
        TimeSpan interval)
    {
        var byStack = new Dictionary<CallStackIndex, (long Samples, double CpuNanos)>();
        int measured = 0;
        int estimated = 0;
        foreach (var thread in samples.GroupBy(s => s.Key.Thread))
        {
            long managed = thread.Sum(s => s.Value.Managed);
            long all = thread.Sum(s => s.Value.All);
            double? cpuNanos = null;
            if (cpuAtStop is not null && cpuAtStop.TryGetValue(thread.Key, out var stop))
            {
                // A thread born during the recording used all its CPU time inside it.
                var start = cpuAtStart?.GetValueOrDefault(thread.Key) ?? TimeSpan.Zero;
                cpuNanos = Math.Max(0, (stop - start).TotalNanoseconds);
                measured++;
            }
            else
            {
                estimated++;
            }

            foreach (var (key, counts) in thread)
            {
                double share = cpuNanos is { } total
                    ? total * (managed > 0 ? (double)counts.Managed / managed : (double)counts.All / all)
                    : counts.Managed * interval.TotalNanoseconds;
                var sum = byStack.GetValueOrDefault(key.Stack);
                byStack[key.Stack] = (sum.Samples + counts.Managed, sum.CpuNanos + share);
            }
        }

        return new CpuTimeAttributionResult(
            byStack.Where(s => s.Value.Samples > 0 || Math.Round(s.Value.CpuNanos) > 0)
                .ToDictionary(s => s.Key, s => (s.Value.Samples, (long)Math.Round(s.Value.CpuNanos))),
            measured,
            estimated);
    }
}

/// <summary>What <see cref="CpuTimeAttribution.Attribute"/> found.</summary>
/// <param name="ByStack">Managed-flagged samples and CPU nanoseconds per stack.</param>
/// <param name="MeasuredThreads">Threads whose CPU time the OS measured.</param>
/// <param name="EstimatedThreads">Threads counted by the sampler's flag alone.</param>
internal sealed record CpuTimeAttributionResult(IReadOnlyDictionary<CallStackIndex, (long Samples, long CpuNanos)> ByStack, int MeasuredThreads, int EstimatedThreads);
