using Microsoft.Extensions.Options;

namespace Heapwise.Samples.Service;

/// <summary>
/// Grows the cache to a peak, holds it, trims it, rests, and again: memory that rises over the heap-size rule's threshold
/// and falls back, so <c>/health</c> turns unhealthy and back, and the rule's capture appears in
/// <c>/debug/pprof/captures</c>.
/// </summary>
internal sealed partial class SimulatedLoad(PayloadCache cache, IOptions<SimulatedLoadOptions> options, ILogger<SimulatedLoad> logger) : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            return;
        }

        long peak = (long)settings.PeakMegabytes << 20;
        int step = settings.StepKilobytes << 10;
        using var timer = new PeriodicTimer(settings.StepInterval);
        while (!stoppingToken.IsCancellationRequested)
        {
            while (cache.Read().Bytes < peak && await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                cache.Add(step);
            }

            LogPeak(logger, peak >> 20, settings.Hold);
            await Task.Delay(settings.Hold, stoppingToken).ConfigureAwait(false);
            var after = cache.TrimTo((long)settings.TrimToMegabytes << 20);

            // The trimmed payloads are garbage now; collecting shows the drop at once, as Go's debug.FreeOSMemory does.
            GC.Collect();
            LogTrimmed(logger, after.Bytes >> 20, settings.Rest);
            await Task.Delay(settings.Rest, stoppingToken).ConfigureAwait(false);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Simulated load: cache at its peak, {Megabytes} MB; holding it for {Hold}.")]
    private static partial void LogPeak(ILogger logger, long megabytes, TimeSpan hold);

    [LoggerMessage(Level = LogLevel.Information, Message = "Simulated load: cache trimmed to {Megabytes} MB; resting for {Rest}.")]
    private static partial void LogTrimmed(ILogger logger, long megabytes, TimeSpan rest);
}
