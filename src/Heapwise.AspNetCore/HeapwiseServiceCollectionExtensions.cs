using Heapwise.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Heapwise.AspNetCore;

/// <summary>Registers Heapwise's profiling endpoints: <c>builder.Services.AddHeapwise()</c>.</summary>
public static class HeapwiseServiceCollectionExtensions
{
    /// <summary>
    /// Adds the memory rules as the health check <c>heapwise-memory</c> (judged every <see cref="HeapwiseOptions.RuleInterval"/>
    /// with <see cref="HeapwiseOptions.Rules"/>; serve it with <c>app.MapHealthChecks("/health")</c>), and
    /// the <c>/debug/pprof</c> endpoints on a separate management server, by default <c>http://127.0.0.1:6060</c>
    /// (loopback only). To serve them on the application's own endpoints instead, set
    /// <see cref="HeapwiseOptions.UseManagementServer"/> to <see langword="false"/> and call
    /// <see cref="HeapwiseEndpointRouteBuilderExtensions.MapHeapwise"/> with an authorization policy.
    /// </summary>
    /// <param name="services">The application's services.</param>
    /// <param name="configure">Changes the <see cref="HeapwiseOptions"/>, or <see langword="null"/> for the defaults.</param>
    public static IServiceCollection AddHeapwise(this IServiceCollection services, Action<HeapwiseOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<HeapwiseOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddSingleton<CaptureGate>();
        services.TryAddSingleton<ProfileCaptures>();
        services.TryAddSingleton<MemStatsReader>();
        services.TryAddSingleton<RuleCaptures>();
        services.TryAddSingleton<PprofHandlers>();
        services.TryAddSingleton(provider => new HeapwiseManagementServer(
            provider.GetRequiredService<IOptions<HeapwiseOptions>>(), provider.GetRequiredService<PprofHandlers>()));
        services.AddSingleton<IHostedService>(provider => provider.GetRequiredService<HeapwiseManagementServer>());
        if (!services.Any(d => d.ServiceType == typeof(MemoryRuleSampler)))
        {
            services.AddSingleton<MemoryRuleSampler>();
            services.AddSingleton<IHostedService>(provider => provider.GetRequiredService<MemoryRuleSampler>());
            services.AddHealthChecks().AddCheck<MemoryHealthCheck>("heapwise-memory", tags: ["heapwise", "memory"]);
        }

        return services;
    }
}
