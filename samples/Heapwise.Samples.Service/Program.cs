using System.Net;
using Heapwise;
using Heapwise.AspNetCore;
using Heapwise.Samples.Service;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

// The memory-monitor sample: a service with a memory-hungry cache, wired with Heapwise. Settings come from
// appsettings.json and the command line (`--Service:Port=0 --SimulatedLoad:Enabled=true`); everything listens on
// loopback only.
var builder = WebApplication.CreateBuilder(args);
int port = builder.Configuration.GetValue("Service:Port", 8080);
builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));

long cacheBytes = (long)builder.Configuration.GetValue("Cache:MaxMegabytes", 512) << 20;
builder.Services.AddSingleton(new PayloadCache(cacheBytes));
builder.Services.Configure<SimulatedLoadOptions>(builder.Configuration.GetSection("SimulatedLoad"));
builder.Services.AddHostedService<SimulatedLoad>();

var heapwiseSection = builder.Configuration.GetSection("Heapwise");
builder.Services.AddHeapwise(options => HeapwiseSettings.Apply(heapwiseSection, options));
bool onManagementServer = heapwiseSection.GetValue("UseManagementServer", true);
if (!onManagementServer)
{
    // On the service's own port, /debug/pprof needs a policy: here, callers on this machine only.
    builder.Services.AddAuthorizationBuilder().AddPolicy("Profiling", policy => policy.RequireAssertion(
        context => context.Resource is HttpContext http && http.Connection.RemoteIpAddress is { } ip && IPAddress.IsLoopback(ip)));
}

var app = builder.Build();
ServiceEndpoints.Map(app);
app.MapHealthChecks("/health", new() { ResponseWriter = HealthResponse.WriteAsync });
if (!onManagementServer)
{
    app.UseAuthorization();
    app.MapHeapwise("Profiling");
}

try
{
    app.Services.GetRequiredService<IOptions<SimulatedLoadOptions>>().Value.Validate(cacheBytes);
    await app.StartAsync();
}
catch (Exception e) when (e is HeapwiseException or IOException)
{
    // Bad settings or a port in use: one line saying what to change, no stack trace.
    await Console.Error.WriteLineAsync($"Heapwise.Samples.Service: {e.Message}");
    return 1;
}

// Where everything is, on stdout: the real ports when 0 was asked for. Scripts and tests read these two lines.
string service = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
var management = app.Services.GetRequiredService<HeapwiseManagementServer>().BaseAddress;
Console.WriteLine($"service: {service}/");
Console.WriteLine($"pprof: {(management is null ? service + "/" : management.ToString())}debug/pprof/");
await app.WaitForShutdownAsync();
return 0;
