using System.Net;
using Heapwise.AspNetCore;
using Microsoft.AspNetCore.Authentication.Cookies;
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
    /// <summary>The header the policy of <see cref="StartWithPolicyOnAppPortAsync"/> reads.</summary>
    public const string TokenHeader = "X-Profiling-Token";

    /// <summary>The value of <see cref="TokenHeader"/> it lets in.</summary>
    public const string Token = "let-me-in";

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

    /// <summary>
    /// An application that serves Heapwise only on its own port, through <c>MapHeapwise("profiling")</c>: the policy lets
    /// in requests carrying <see cref="TokenHeader"/>: <see cref="Token"/> (<see cref="GetWithTokenAsync"/>), others get 401.
    /// </summary>
    public static Task<ServiceHost> StartWithPolicyOnAppPortAsync() => StartAsync(
        options: o => o.UseManagementServer = false,
        services: s =>
        {
            s.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie(c => c.Events.OnRedirectToLogin = e =>
            {
                e.Response.StatusCode = 401;
                return Task.CompletedTask;
            });
            s.AddAuthorization(a => a.AddPolicy("profiling", p => p.RequireAssertion(c =>
                c.Resource is Microsoft.AspNetCore.Http.HttpContext http && http.Request.Headers[TokenHeader] == Token)));
        },
        configure: app =>
        {
            app.UseAuthentication();
            app.UseAuthorization();
            app.MapHeapwise("profiling");
        });

    /// <summary>GET <paramref name="path"/> on the application's port with the token the policy asks for.</summary>
    public async Task<HttpResponseMessage> GetWithTokenAsync(string path, CancellationToken cancel)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(PublicAddress, path));
        request.Headers.Add(TokenHeader, Token);
        return await Client.SendAsync(request, cancel);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }
}
