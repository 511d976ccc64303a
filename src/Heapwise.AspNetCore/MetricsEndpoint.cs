using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using OpenTelemetry.Metrics;

namespace Heapwise.AspNetCore;

/// <summary>Maps OpenTelemetry's Prometheus scraping endpoint, for the management server and for the application's own endpoints.</summary>
internal static class MetricsEndpoint
{
    /// <summary>
    /// Serves <paramref name="provider"/>'s Prometheus exporter at <paramref name="path"/> (Prometheus text format 0.0.4,
    /// or OpenMetrics when the scraper asks for it). The provider is the application's, also on the management server,
    /// whose own services know nothing of it.
    /// </summary>
    public static IEndpointConventionBuilder Map(IEndpointRouteBuilder routes, string path, MeterProvider provider) =>
        routes.MapPrometheusScrapingEndpoint(path, provider, configureBranchedPipeline: null, optionsName: null);
}
