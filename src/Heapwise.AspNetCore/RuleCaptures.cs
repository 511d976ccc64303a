using Heapwise.Heap;
using Heapwise.Profiles;
using Heapwise.Runtime;
using Microsoft.Extensions.Options;

namespace Heapwise.AspNetCore;

/// <summary>
/// Captures evidence when a memory rule starts firing: an allocation profile, then a heap snapshot profile, into the
/// capture folder (bounded, oldest first, a cooldown per rule). Runs in the background through the same gate as the
/// endpoints, so it never overlaps a requested capture (then it is skipped) and never holds up requests.
/// </summary>
internal sealed class RuleCaptures(IOptions<HeapwiseOptions> options, CaptureGate gate, ProfileCaptures captures)
{
    private readonly Lazy<CaptureDirectory?> _directory = new(() => options.Value.CaptureDirectory is { } path
        ? new CaptureDirectory(path, options.Value.MaxCaptureFiles, options.Value.MaxCaptureBytes, options.Value.CaptureCooldown)
        : null);

    /// <summary>The capture folder, or null when captures are off.</summary>
    public CaptureDirectory? Directory => _directory.Value;

    /// <summary>The last capture's failure, for diagnosis; captures never fail the service.</summary>
    public string? LastFailure { get; private set; }

    /// <summary>Starts a capture for <paramref name="state"/> unless captures are off, the rule is cooling down, or another capture runs.</summary>
    public void OnFiring(RuleState state, DateTimeOffset now)
    {
        if (Directory?.TryReserve(state.Rule, ".allocs.pb.gz", now) is not { } allocsPath)
        {
            return;
        }

        var lease = gate.TryEnter(options.Value.CaptureSeconds + TimeSpan.FromSeconds(5), out _);
        if (lease is null)
        {
            LastFailure = $"{state.Rule} fired while another capture ran; no capture taken.";
            return;
        }

        _ = Task.Run(async () =>
        {
            using (lease)
            {
                try
                {
                    var allocations = await captures.Allocations(options.Value.CaptureSeconds, CancellationToken.None).ConfigureAwait(false);
                    PprofWriter.WriteFile(allocations, allocsPath);
                    // The heap profile for pprof tools, and the snapshot file for `heapwise heap report/path/diff`.
                    var snapshot = await captures.Snapshot(CancellationToken.None).ConfigureAwait(false);
                    PprofWriter.WriteFile(ProfileCaptures.ToProfile(snapshot), allocsPath.Replace(".allocs.pb.gz", ".heap.pb.gz", StringComparison.Ordinal));
                    HeapSnapshotFile.Write(snapshot, allocsPath.Replace(".allocs.pb.gz", HeapSnapshotFile.Extension, StringComparison.Ordinal));
                }
#pragma warning disable CA1031 // A failed capture is recorded; the service goes on.
                catch (Exception e)
#pragma warning restore CA1031
                {
                    LastFailure = $"capture for {state.Rule} failed: {e.Message}";
                }
                finally
                {
                    Directory.Trim();
                }
            }
        });
    }
}
