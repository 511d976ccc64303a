using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;

namespace Heapwise.AspNetCore;

/// <summary>
/// The separate management server that serves <c>/debug/pprof</c> and <c>/metrics</c> (by default on <c>127.0.0.1:6060</c>), started and
/// stopped with the application. The application's own endpoints never see these routes, so a request on its public
/// port gets 404.
/// </summary>
public sealed class HeapwiseManagementServer : IHostedService, IAsyncDisposable
{
    /// <summary>The path the endpoints are served under.</summary>
    public const string PathPrefix = "/debug/pprof";

    /// <summary>Where metrics are served in Prometheus text format, as Prometheus expects by default.</summary>
    public const string MetricsPath = "/metrics";

    private readonly HeapwiseOptions _options;
    private readonly PprofHandlers _handlers;
    private readonly MeterProvider? _metrics;
    private WebApplication? _app;

    internal HeapwiseManagementServer(IOptions<HeapwiseOptions> options, PprofHandlers handlers, MeterProvider? metrics)
    {
        _options = options.Value;
        _handlers = handlers;
        _metrics = metrics;
    }

    /// <summary>The server's address once started, e.g. <c>http://127.0.0.1:6060/</c>; <see langword="null"/> before.</summary>
    public Uri? BaseAddress { get; private set; }

    /// <summary>Starts listening.</summary>
    /// <exception cref="HeapwiseException">The address cannot be listened on (in use, not local).</exception>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _options.Validate();

        // Started already: AddHeapwise called twice registers this service twice.
        if (!_options.UseManagementServer || _app is not null)
        {
            return;
        }

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ApplicationName = "Heapwise.ManagementServer" });
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(_options.ManagementAddress, _options.ManagementPort));
        builder.WebHost.UseSetting(WebHostDefaults.SuppressStatusMessagesKey, "true");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        _handlers.Map(app.MapGroup(PathPrefix), _metrics is null ? null : MetricsPath);
        if (_metrics is not null)
        {
            MetricsEndpoint.Map(app, MetricsPath, _metrics);
        }

        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw new HeapwiseException(
                $"Heapwise's management server cannot listen on {_options.ManagementAddress}:{_options.ManagementPort} ({e.Message.TrimEnd('.')}): set HeapwiseOptions.ManagementPort to a free port, or 0 for any.", e);
        }

        _app = app;
        // The bound address, with the real port when 0 was asked for.
        if (app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() is { } address)
        {
            BaseAddress = new Uri(address.TrimEnd('/') + "/");
        }
    }

    /// <summary>Stops listening; captures in progress end with their requests.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_app is { } app)
        {
            await app.StopAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Releases the server.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_app is { } app)
        {
            _app = null;
            await app.DisposeAsync().ConfigureAwait(false);
        }
    }
}
