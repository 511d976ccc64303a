using System.Net;
using Heapwise.AspNetCore;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Heapwise.Tests.Service;

/// <summary>A real Kestrel application in the test process: a public endpoint on a free loopback port, plus Heapwise.</summary>
internal sealed class ServiceHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ServiceHost(WebApplication app, Uri publicAddress, Uri? managementAddress)
    {
        _app = app;
        PublicAddress = publicAddress;
        ManagementAddress = managementAddress;
        Client = new HttpClient { Timeout = TimeSpan.FromMinutes(2) };
    }

    /// <summary>The application's own port, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri PublicAddress { get; }

    /// <summary>Heapwise's management server, or null when it is off.</summary>
    public Uri? ManagementAddress { get; }

    public HttpClient Client { get; }

    /// <summary>The application's services.</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>A URL on the management server, e.g. <c>Pprof("allocs?seconds=2")</c>.</summary>
    public string Pprof(string path) => new Uri(ManagementAddress!, "debug/pprof/" + path).ToString();

    public static async Task<ServiceHost> StartAsync(
        Action<HeapwiseOptions>? options = null, Action<IServiceCollection>? services = null, Action<WebApplication>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        services?.Invoke(builder.Services);
        builder.Services.AddHeapwise(o =>
        {
            o.ManagementPort = 0;
            o.CaptureDirectory = null; // rules firing in the test process must not start profilers beside other tests
            options?.Invoke(o);
        });
        var app = builder.Build();
        configure?.Invoke(app);
        app.MapGet("/", () => "hello");
        try
        {
            await app.StartAsync(TestContext.Current.CancellationToken);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new ServiceHost(app, new Uri(address + "/"), app.Services.GetRequiredService<HeapwiseManagementServer>().BaseAddress);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }
}
