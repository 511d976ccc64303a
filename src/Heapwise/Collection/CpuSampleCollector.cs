using System.Diagnostics.Tracing;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing.Etlx;
using Microsoft.Diagnostics.Tracing.EventPipe;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;

namespace Heapwise.Collection;

/// <summary>
/// Receives the runtime sample profiler's <c>ThreadSample</c> events on the reading thread and counts them by
/// stack, keeping only samples of threads that were running managed code.
/// </summary>
/// <remarks>
/// The sampler (provider <c>Microsoft-DotNETCore-SampleProfiler</c>) suspends the runtime about once per millisecond
/// and walks every managed thread, running or not. Each sample says whether its thread was in managed code
/// (<c>Managed</c>) or outside the runtime (<c>External</c>: blocked in a wait, in a system call, in native code).
/// The flag is kept per thread and stack; <see cref="CpuTraceContent"/> decides what stands for CPU time.
/// </remarks>
internal sealed class CpuSampleCollector
{
    /// <summary>The sampler's name as EventPipe knows it.</summary>
    public const string ProviderName = "Microsoft-DotNETCore-SampleProfiler";

    private readonly Dictionary<(int Thread, CallStackIndex Stack), ThreadStackSamples> _byThreadAndStack = [];
    private readonly Dictionary<int, CallStackIndex> _lastByThread = [];
    private readonly Dictionary<int, bool> _lastManagedByThread = [];
    private long _managedCount;
    private long _externalCount;
    private long _excludedCount;

    /// <summary>The provider to add to the session.</summary>
    public static EventPipeProvider Provider { get; } = new(ProviderName, EventLevel.Informational);

    /// <summary>OS thread id whose samples are left out (the in-process reader), or <see langword="null"/>.</summary>
    public int? ExcludedThreadId { get; set; }

    /// <summary>Samples of threads running managed code.</summary>
    public long ManagedCount => Volatile.Read(ref _managedCount);

    /// <summary>Samples of threads outside managed code (waiting, in native code).</summary>
    public long ExternalCount => Volatile.Read(ref _externalCount);

    /// <summary>Samples left out because they came from Heapwise's own reader threads.</summary>
    public long ExcludedCount => Volatile.Read(ref _excludedCount);

    /// <summary>Samples by OS thread id and stack. Read only after the source is processed.</summary>
    public IReadOnlyDictionary<(int Thread, CallStackIndex Stack), ThreadStackSamples> ByThreadAndStack => _byThreadAndStack;

    /// <summary>The latest sampled stack of each OS thread id. Read only after the source is processed.</summary>
    public IReadOnlyDictionary<int, CallStackIndex> LastStackByThread => _lastByThread;

    /// <summary>Whether each thread's latest sample was in managed code. Read only after the source is processed.</summary>
    public IReadOnlyDictionary<int, bool> LastRunningManagedByThread => _lastManagedByThread;

    /// <summary>Subscribes to the sampler's events.</summary>
    public void Attach(TraceLogEventSource source)
    {
        var sampler = new SampleProfilerTraceEventParser(source);
        sampler.ThreadSample += OnSample;
    }

    private void OnSample(ClrThreadSampleTraceData data)
    {
        int thread = data.ThreadID;
        if (ExcludedThreadId is { } own && (thread == own || ProfilerThreads.Contains(thread)))
        {
            Volatile.Write(ref _excludedCount, _excludedCount + 1);
            return;
        }

        var stack = data.CallStackIndex();
        bool managed = data.Type == ClrThreadSampleType.Managed;
        _lastByThread[thread] = stack;
        _lastManagedByThread[thread] = managed;
        if (!_byThreadAndStack.TryGetValue((thread, stack), out var counts))
        {
            counts = new ThreadStackSamples();
            _byThreadAndStack[(thread, stack)] = counts;
        }

        counts.All++;
        if (managed)
        {
            counts.Managed++;
            Volatile.Write(ref _managedCount, _managedCount + 1);
        }
        else
        {
            Volatile.Write(ref _externalCount, _externalCount + 1);
        }
    }
}

/// <summary>Samples of one thread with one stack: all of them, and those flagged as running managed code.</summary>
internal sealed class ThreadStackSamples
{
    public long All { get; set; }

    public long Managed { get; set; }
}
