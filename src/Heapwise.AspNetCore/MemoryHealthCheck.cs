using Heapwise.Runtime;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Heapwise.AspNetCore;

/// <summary>
/// The memory rules as an ASP.NET Core health check (<c>heapwise-memory</c>): unhealthy while a rule fires, with each
/// rule's message in the result's data; healthy otherwise. Map it with <c>app.MapHealthChecks("/health")</c>.
/// </summary>
internal sealed class MemoryHealthCheck(MemoryRuleSampler sampler) : IHealthCheck
{
    /// <inheritdoc />
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var states = sampler.Latest();
        var data = states.ToDictionary(s => s.Rule, s => (object)$"{s.Status.ToString().ToLowerInvariant()}: {s.Message}");
        var firing = states.Where(s => s.Status == RuleStatus.Firing).ToList();
        return Task.FromResult(firing.Count == 0
            ? HealthCheckResult.Healthy("memory rules: none firing", data)
            : HealthCheckResult.Unhealthy(string.Join("; ", firing.Select(s => $"{s.Rule}: {s.Message}")), data: data));
    }
}
