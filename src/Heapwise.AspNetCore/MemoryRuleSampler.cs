using Heapwise.Runtime;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Heapwise.AspNetCore;

/// <summary>
/// Reads the service's memory every <see cref="HeapwiseOptions.RuleInterval"/> and judges it with the memory rules, so
/// that rules over time (the leak rule) see every interval, not only the moments someone asks <c>/health</c>.
/// </summary>
internal sealed class MemoryRuleSampler(IOptions<HeapwiseOptions> options, MemStatsReader reader, RuleCaptures captures) : BackgroundService
{
    private readonly MemoryRules _rules = new(options.Value.Rules);
    private readonly Lock _lock = new();
    private IReadOnlyList<RuleState> _latest = [];

    /// <summary>The rules' verdicts on the latest reading, reading now if none was taken yet.</summary>
    public IReadOnlyList<RuleState> Latest()
    {
        lock (_lock)
        {
            return _latest.Count > 0 ? _latest : Sample();
        }
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.RuleInterval);
        do
        {
            lock (_lock)
            {
                Sample();
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    // Called under the lock: MemoryRules keeps history and is not thread-safe.
    private IReadOnlyList<RuleState> Sample()
    {
        var reading = MemoryReading.FromThisProcess(reader.Read());
        _latest = _rules.Evaluate(reading);
        foreach (var state in _latest.Where(s => s.StartedFiring))
        {
            captures.OnFiring(state, reading.Time);
        }

        return _latest;
    }
}
