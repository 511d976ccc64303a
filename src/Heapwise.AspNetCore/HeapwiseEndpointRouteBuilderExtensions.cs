using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Heapwise.AspNetCore;

/// <summary>
/// Serves <c>/debug/pprof</c> and <c>/metrics</c> on the application's own endpoints, an explicit opt-in that requires
/// an authorization policy: <c>app.MapHeapwise("ProfilingPolicy")</c>.
/// </summary>
public static class HeapwiseEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps the endpoints under <paramref name="prefix"/>, and the metrics at <paramref name="metricsPath"/> (unless
    /// <see cref="HeapwiseOptions.Metrics"/> is off), on the application, each requiring
    /// <paramref name="authorizationPolicy"/> (the application must call <c>AddAuthorization</c> with that policy and
    /// <c>UseAuthorization</c>). Requires <see cref="HeapwiseServiceCollectionExtensions.AddHeapwise"/>.
    /// </summary>
    /// <param name="endpoints">The application.</param>
    /// <param name="authorizationPolicy">The name of the policy callers must satisfy; profiles reveal code and cost CPU.</param>
    /// <param name="prefix">Where to map them; default <c>/debug/pprof</c>.</param>
    /// <param name="metricsPath">Where to serve metrics in Prometheus text format; default <c>/metrics</c>, <see langword="null"/> for nowhere (the application serves its own).</param>
    /// <returns>The group of all these endpoints, for further conventions.</returns>
    /// <exception cref="HeapwiseException">No policy was given, or AddHeapwise was not called.</exception>
    public static RouteGroupBuilder MapHeapwise(
        this IEndpointRouteBuilder endpoints, string authorizationPolicy, string prefix = HeapwiseManagementServer.PathPrefix,
        string? metricsPath = HeapwiseManagementServer.MetricsPath)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        if (string.IsNullOrWhiteSpace(authorizationPolicy))
        {
            throw new HeapwiseException(
                "MapHeapwise needs an authorization policy name: profiles reveal code and cost CPU, so the application's endpoints only serve them to authorized callers; or leave them on the loopback management server (the default).");
        }

        var handlers = endpoints.ServiceProvider.GetService<PprofHandlers>()
            ?? throw new HeapwiseException("MapHeapwise needs builder.Services.AddHeapwise() first.");
        var metrics = metricsPath is null ? null : HeapwiseServiceCollectionExtensions.MetricsOf(endpoints.ServiceProvider);

        // One group around both, so the policy (and any convention the caller adds) covers /metrics too.
        var group = endpoints.MapGroup(string.Empty);
        group.RequireAuthorization(authorizationPolicy);
        handlers.Map(group.MapGroup(prefix), metrics is null ? null : metricsPath);
        if (metrics is not null)
        {
            MetricsEndpoint.Map(group, metricsPath!, metrics);
        }

        return group;
    }
}
