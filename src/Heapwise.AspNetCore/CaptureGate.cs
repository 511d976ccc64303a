using System.Diagnostics;

namespace Heapwise.AspNetCore;

/// <summary>
/// Lets one profile capture run at a time in the process: captures are EventPipe sessions that cost CPU and memory,
/// and two in-process allocation sessions would each also see the other's reader. Others are refused with a hint of
/// when to retry.
/// </summary>
internal sealed class CaptureGate
{
    private readonly Lock _gate = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private bool _busy;
    private TimeSpan _busyUntil;

    /// <summary>
    /// Takes the gate for a capture expected to last <paramref name="expected"/>; returns <see langword="null"/>
    /// when another capture holds it, with <paramref name="retryAfterSeconds"/> set to its expected remaining time.
    /// </summary>
    public IDisposable? TryEnter(TimeSpan expected, out int retryAfterSeconds)
    {
        lock (_gate)
        {
            if (_busy)
            {
                retryAfterSeconds = Math.Max(1, (int)Math.Ceiling((_busyUntil - _clock.Elapsed).TotalSeconds));
                return null;
            }

            _busy = true;
            _busyUntil = _clock.Elapsed + expected;
            retryAfterSeconds = 0;
            return new Lease(this);
        }
    }

    private void Exit()
    {
        lock (_gate)
        {
            _busy = false;
        }
    }

    private sealed class Lease(CaptureGate owner) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.Exit();
            }
        }
    }
}
