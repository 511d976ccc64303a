using Heapwise.Runtime;
using System.Net;

namespace Heapwise.AspNetCore;

/// <summary>
/// Where Heapwise serves <c>/debug/pprof</c>. The defaults are safe: a separate management server on
/// <c>127.0.0.1:6060</c>, reachable only from the machine itself, and nothing on the application's own endpoints.
/// </summary>
public sealed class HeapwiseOptions
{
    /// <summary>Whether to run the separate management server. Default <see langword="true"/>.</summary>
    public bool UseManagementServer { get; set; } = true;

    /// <summary>The address the management server listens on. Default <see cref="IPAddress.Loopback"/> (127.0.0.1).</summary>
    public IPAddress ManagementAddress { get; set; } = IPAddress.Loopback;

    /// <summary>The management server's port; 0 picks a free one (see <see cref="HeapwiseManagementServer.BaseAddress"/>). Default 6060, as Go programs use.</summary>
    public int ManagementPort { get; set; } = 6060;

    /// <summary>
    /// Allows a <see cref="ManagementAddress"/> that is not loopback. Profiles reveal code, and captures cost CPU: only
    /// set this on a network where the port is not reachable by untrusted clients. Default <see langword="false"/>.
    /// </summary>
    public bool AllowNonLoopbackManagementAddress { get; set; }

    /// <summary>
    /// Whether to publish metrics: the <c>Heapwise</c> meter and the runtime's <c>System.Runtime</c> meter through
    /// OpenTelemetry, served in Prometheus text format at <c>/metrics</c> on the management server (and by
    /// <see cref="HeapwiseEndpointRouteBuilderExtensions.MapHeapwise"/>). Default <see langword="true"/>. Read once, when
    /// <see cref="HeapwiseServiceCollectionExtensions.AddHeapwise"/> runs its configure action, since it decides what
    /// is registered.
    /// </summary>
    public bool Metrics { get; set; } = true;

    /// <summary>
    /// Thresholds of the memory rules behind the <c>heapwise-memory</c> health check (heap size, GC pause share,
    /// allocation rate, leak); see <see cref="MemoryRuleOptions"/> for the defaults. Bind it from configuration with
    /// <c>builder.Configuration.GetSection("Heapwise:Rules").Get&lt;MemoryRuleOptions&gt;()</c>.
    /// </summary>
    public MemoryRuleOptions Rules { get; set; } = new(); // its own instance: binding configuration into it must not change the shared default

    /// <summary>
    /// Record allocations from startup and follow the sampled objects through GCs, so <c>/debug/pprof/inuse</c> answers
    /// at any moment with what is alive by allocation site (Go's <c>/debug/pprof/heap</c>). Off by default: it costs
    /// allocation sampling all the time and a survivor walk in every GC (docs/performance.md).
    /// </summary>
    public bool TrackLiveHeap { get; set; }

    /// <summary>How often the memory rules read the process's memory. Default 5 s.</summary>
    public TimeSpan RuleInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Where evidence goes when a memory rule starts firing: an allocation profile (<see cref="CaptureSeconds"/>
    /// long) and a heap snapshot profile, listed at <c>/debug/pprof/captures</c>. Default: a folder named after the
    /// process in the temporary folder; <see langword="null"/> turns captures off.
    /// </summary>
    public string? CaptureDirectory { get; set; } = Path.Combine(Path.GetTempPath(), $"heapwise-captures-{Environment.ProcessId}");

    /// <summary>How long the allocation profile of a capture records. Default 10 s.</summary>
    public TimeSpan CaptureSeconds { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Least time between two captures for the same rule. Default 5 minutes.</summary>
    public TimeSpan CaptureCooldown { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Most capture files kept (the oldest go first). Default 10.</summary>
    public int MaxCaptureFiles { get; set; } = 10;

    /// <summary>Most bytes of capture files kept (the oldest go first). Default 512 MiB.</summary>
    public long MaxCaptureBytes { get; set; } = 512L << 20;

    /// <summary>Checks the options.</summary>
    /// <exception cref="HeapwiseException">The port is out of range, or the address is not loopback and that was not allowed.</exception>
    internal void Validate()
    {
        if (ManagementPort is < 0 or > 65535)
        {
            throw new HeapwiseException($"HeapwiseOptions.ManagementPort is {ManagementPort}: use a port from 1 to 65535, or 0 for any free port.");
        }

        ArgumentNullException.ThrowIfNull(ManagementAddress);
        if (UseManagementServer && !IPAddress.IsLoopback(ManagementAddress) && !AllowNonLoopbackManagementAddress)
        {
            throw new HeapwiseException(
                $"HeapwiseOptions.ManagementAddress {ManagementAddress} is not a loopback address: keep the default 127.0.0.1, set AllowNonLoopbackManagementAddress = true behind a firewall, or serve the endpoints on the application with MapHeapwise(policy) and an authorization policy.");
        }
    }
}
