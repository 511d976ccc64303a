using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Heapwise.AspNetCore;

/// <summary>
/// Serves <c>/debug/pprof</c> on the application's own endpoints, an explicit opt-in that requires an authorization
/// policy: <c>app.MapHeapwise("ProfilingPolicy")</c>.
/// </summary>
public static class HeapwiseEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps the endpoints under <paramref name="prefix"/> on the application, each requiring
    /// <paramref name="authorizationPolicy"/> (the application must call <c>AddAuthorization</c> with that policy and
    /// <c>UseAuthorization</c>). Requires <see cref="HeapwiseServiceCollectionExtensions.AddHeapwise"/>.
    /// </summary>
    /// <param name="endpoints">The application.</param>
    /// <param name="authorizationPolicy">The name of the policy callers must satisfy; profiles reveal code and cost CPU.</param>
    /// <param name="prefix">Where to map them; default <c>/debug/pprof</c>.</param>
    /// <returns>The group of endpoints, for further conventions.</returns>
    /// <exception cref="HeapwiseException">No policy was given, or AddHeapwise was not called.</exception>
    public static RouteGroupBuilder MapHeapwise(this IEndpointRouteBuilder endpoints, string authorizationPolicy, string prefix = HeapwiseManagementServer.PathPrefix)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        if (string.IsNullOrWhiteSpace(authorizationPolicy))
        {
            throw new HeapwiseException(
                "MapHeapwise needs an authorization policy name: profiles reveal code and cost CPU, so the application's endpoints only serve them to authorized callers; or leave them on the loopback management server (the default).");
        }

        var handlers = endpoints.ServiceProvider.GetService<PprofHandlers>()
            ?? throw new HeapwiseException("MapHeapwise needs builder.Services.AddHeapwise() first.");
        var group = endpoints.MapGroup(prefix);
        group.RequireAuthorization(authorizationPolicy);
        handlers.Map(group);
        return group;
    }
}
