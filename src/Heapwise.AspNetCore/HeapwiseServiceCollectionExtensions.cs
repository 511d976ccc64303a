using Heapwise.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;

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
    /// With <see cref="HeapwiseOptions.TrackLiveHeap"/>, it records allocations from startup for <c>/debug/pprof/inuse</c>.
    /// Unless <see cref="HeapwiseOptions.Metrics"/> is off, it also adds the <c>Heapwise</c> and <c>System.Runtime</c>
    /// meters and a Prometheus exporter to the application's OpenTelemetry meter provider (<c>AddOpenTelemetry()</c>, shared
    /// with the application's own metrics configuration), served at <c>/metrics</c> beside <c>/debug/pprof</c>.
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
        if (!services.Any(d => d.ServiceType == typeof(LiveHeapRecorder)))
        {
            services.AddSingleton<LiveHeapRecorder>();
            services.AddSingleton<IHostedService>(provider => provider.GetRequiredService<LiveHeapRecorder>());
        }

        services.TryAddSingleton(provider => new HeapwiseManagementServer(
            provider.GetRequiredService<IOptions<HeapwiseOptions>>(), provider.GetRequiredService<PprofHandlers>(), MetricsOf(provider)));
        services.AddSingleton<IHostedService>(provider => provider.GetRequiredService<HeapwiseManagementServer>());
        if (!services.Any(d => d.ServiceType == typeof(MemoryRuleSampler)))
        {
            services.AddSingleton<MemoryRuleSampler>();
            services.AddSingleton<IHostedService>(provider => provider.GetRequiredService<MemoryRuleSampler>());
            services.AddHealthChecks().AddCheck<MemoryHealthCheck>("heapwise-memory", tags: ["heapwise", "memory"]);
        }

        // Whether to publish metrics decides what is registered, so it is read now, from the caller's configure action.
        var registration = new HeapwiseOptions();
        configure?.Invoke(registration);
        if (registration.Metrics && !services.Any(d => d.ServiceType == typeof(HeapwiseMetrics)))
        {
            services.AddMetrics();
            services.AddSingleton<HeapwiseMetrics>();
            services.AddOpenTelemetry().WithMetrics(metrics => metrics
                .AddMeter(HeapwiseMetrics.MeterName, HeapwiseMetrics.RuntimeMeterName)
                .AddPrometheusExporter());
            services.ConfigureOpenTelemetryMeterProvider((provider, builder) =>
                builder.AddView(provider.GetRequiredService<HeapwiseMetrics>().OnlyThisApplication));
        }

        return services;
    }

    /// <summary>The meter provider whose Prometheus exporter serves <c>/metrics</c>, or null when metrics are off.</summary>
    internal static MeterProvider? MetricsOf(IServiceProvider provider) =>
        provider.GetService<HeapwiseMetrics>() is null ? null : provider.GetRequiredService<MeterProvider>();
}
