using System.Diagnostics;
using System.Globalization;
using System.Runtime;

namespace Heapwise.Runtime;

/// <summary>
/// Reads <see cref="MemStats"/> of the current process, computing allocation rate, GC count and pause share since its
/// own previous reading (since the process started for its first). Safe to share between threads; reading takes
/// microseconds and never triggers a GC.
/// </summary>
public sealed class MemStatsReader
{
    private static readonly (GCKind Kind, string Name)[] PauseKinds =
        [(GCKind.Ephemeral, "ephemeral"), (GCKind.FullBlocking, "full_blocking"), (GCKind.Background, "background")];

    private static readonly string[] GenerationNames = ["gen0", "gen1", "gen2", "loh", "poh"];

    private readonly Lock _gate = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly TimeSpan _startedAfterProcess = ProcessUptime();
    private Reading? _previous;

    /// <summary>Takes a snapshot now.</summary>
    public MemStats Read()
    {
        var any = GC.GetGCMemoryInfo(GCKind.Any);
        var now = new Reading(_clock.Elapsed + _startedAfterProcess, GC.GetTotalAllocatedBytes(precise: false), any.Index, GC.GetTotalPauseDuration());
        Reading previous;
        lock (_gate)
        {
            previous = _previous ?? new Reading(TimeSpan.Zero, 0, 0, TimeSpan.Zero);
            _previous = now;
        }

        var window = now.Uptime - previous.Uptime;
        double seconds = Math.Max(window.TotalSeconds, 1e-9);
        return new MemStats
        {
            Time = DateTimeOffset.UtcNow,
            TotalAllocatedBytes = now.AllocatedBytes,
            AllocationRateBytesPerSecond = (now.AllocatedBytes - previous.AllocatedBytes) / seconds,
            RateWindow = window,
            TotalMemoryBytes = GC.GetTotalMemory(forceFullCollection: false),
            HeapSizeBytes = any.HeapSizeBytes,
            CommittedBytes = any.TotalCommittedBytes,
            FragmentedBytes = any.FragmentedBytes,
            PromotedBytes = any.PromotedBytes,
            PinnedObjectsCount = any.PinnedObjectsCount,
            FinalizationPendingCount = any.FinalizationPendingCount,
            Generations = Generations(any),
            GcCount = any.Index,
            RecentGcCount = now.GcIndex - previous.GcIndex,
            TotalPauseDuration = now.PauseDuration,
            PauseTimePercentage = any.PauseTimePercentage,
            RecentPauseShare = Math.Clamp((now.PauseDuration - previous.PauseDuration).TotalSeconds / seconds, 0, 1),
            LastCollections = [.. PauseKinds.Select(k => Pauses(k.Kind, k.Name))],
            WorkingSetBytes = Environment.WorkingSet,
            Limits = Limits(any),
        };
    }

    private static List<GenerationStats> Generations(GCMemoryInfo info)
    {
        var generations = new List<GenerationStats>(GenerationNames.Length);
        var span = info.GenerationInfo;
        for (int i = 0; i < GenerationNames.Length; i++)
        {
            var g = i < span.Length ? span[i] : default;
            generations.Add(new GenerationStats(GenerationNames[i], g.SizeBeforeBytes, g.SizeAfterBytes, g.FragmentationBeforeBytes,
                g.FragmentationAfterBytes, i <= GC.MaxGeneration ? GC.CollectionCount(i) : null));
        }

        return generations;
    }

    private static GcPauseStats Pauses(GCKind kind, string name)
    {
        var info = GC.GetGCMemoryInfo(kind);
        var pauses = new List<TimeSpan>(2);
        foreach (var pause in info.PauseDurations)
        {
            if (pause > TimeSpan.Zero)
            {
                pauses.Add(pause);
            }
        }

        return new GcPauseStats(name, info.Index, info.Generation, info.Compacted, pauses);
    }

    private static GcLimits Limits(GCMemoryInfo info)
    {
        var configuration = GC.GetConfigurationVariables()
            .ToDictionary(v => v.Key, v => Convert.ToString(v.Value, CultureInfo.InvariantCulture) ?? string.Empty, StringComparer.Ordinal);
        return new GcLimits(
            GCSettings.IsServerGC,
            configuration.TryGetValue("Concurrent", out string? concurrent) && bool.TryParse(concurrent, out bool isConcurrent) && isConcurrent,
            GCSettings.LatencyMode,
            HeapHardLimit(),
            info.TotalAvailableMemoryBytes,
            info.HighMemoryLoadThresholdBytes,
            info.MemoryLoadBytes,
            Environment.ProcessorCount,
            configuration);
    }

    // The runtime publishes the configured limit as a ulong (or a string from runtimeconfig.json).
    private static long HeapHardLimit() => AppContext.GetData("GCHeapHardLimit") switch
    {
        ulong u => (long)Math.Min(u, long.MaxValue),
        long l => l,
        int i => i,
        string s when ulong.TryParse(s.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? s[2..] : s,
            s.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? NumberStyles.HexNumber : NumberStyles.Integer, CultureInfo.InvariantCulture, out ulong v)
            => (long)Math.Min(v, long.MaxValue),
        _ => 0,
    };

    private static TimeSpan ProcessUptime()
    {
        using var process = Process.GetCurrentProcess();
        var uptime = DateTime.Now - process.StartTime;
        return uptime > TimeSpan.Zero ? uptime : TimeSpan.Zero;
    }

    private readonly record struct Reading(TimeSpan Uptime, long AllocatedBytes, long GcIndex, TimeSpan PauseDuration);
}
