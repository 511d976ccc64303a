using System.Diagnostics;
using System.Globalization;
using System.Net;
using Heapwise.AspNetCore;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;

// Interleaved rounds of GETS requests each against four endpoints in this process, measuring wall time per request and
// bytes allocated per request (the whole process's, so the client's and Kestrel's share is in every row: the "hello"
// row is that share alone):
//   hello              GET / of the application (HTTP cost only)
//   otel-runtime       OpenTelemetry's own Prometheus endpoint with only the System.Runtime meter (the reference)
//   heapwise           Heapwise's /metrics on the management server, response cache off: a full collection per GET
//   heapwise-cached    the same with the exporter's default 300 ms response cache: most GETs are served from it
// serve PORT: Heapwise's management server on 127.0.0.1:PORT with a thread that allocates, until Ctrl+C (for docs).
if (args is ["serve", var port])
{
    var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
    builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
    builder.Logging.ClearProviders();
    builder.Services.AddHeapwise(o => o.ManagementPort = int.Parse(port, CultureInfo.InvariantCulture));
    var app = builder.Build();
    await app.StartAsync();
    var churn = new Thread(() =>
    {
        var kept = new List<string>();
        for (long i = 0; ; i++)
        {
            kept.Add(i.ToString(CultureInfo.InvariantCulture));
            if (kept.Count > 100_000)
            {
                kept.Clear();
            }
        }
    }) { IsBackground = true };
    churn.Start();
    Console.WriteLine($"metrics on http://127.0.0.1:{port}/metrics (Ctrl+C to stop)");
    await app.WaitForShutdownAsync();
    return;
}

int rounds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 5;
int gets = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1000;

await using var heapwise = await StartAsync(cache: false, heapwise: true);
await using var cached = await StartAsync(cache: true, heapwise: true);
await using var reference = await StartAsync(cache: false, heapwise: false);

var targets = new (string Name, Uri Url)[]
{
    ("hello", reference.Public),
    ("otel-runtime", new Uri(reference.Public, "metrics")),
    ("heapwise", new Uri(heapwise.Management!, "metrics")),
    ("heapwise-cached", new Uri(cached.Management!, "metrics")),
};
using var http = new HttpClient();
foreach (var (_, url) in targets)
{
    await ScrapeAsync(http, url, 100); // warm-up: tiering, connection
}

var micros = targets.ToDictionary(t => t.Name, _ => new List<double>());
var bytes = targets.ToDictionary(t => t.Name, _ => new List<double>());
var sizes = new Dictionary<string, int>();
for (int round = 0; round < rounds; round++)
{
    foreach (var (name, url) in targets)
    {
        long allocated = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();
        sizes[name] = await ScrapeAsync(http, url, gets);
        micros[name].Add(clock.Elapsed.TotalMicroseconds / gets);
        bytes[name].Add((GC.GetTotalAllocatedBytes(precise: true) - allocated) / (double)gets);
    }
}

Console.WriteLine(FormattableString.Invariant($"rounds={rounds} gets={gets} cores={Environment.ProcessorCount} {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}"));
Console.WriteLine("| endpoint | response bytes | µs per GET, median (min–max) | bytes allocated per GET, median (min–max) |");
Console.WriteLine("| --- | ---: | ---: | ---: |");
foreach (var (name, _) in targets)
{
    Console.WriteLine(FormattableString.Invariant($"| {name} | {sizes[name]:N0} | {Summary(micros[name])} | {Summary(bytes[name])} |"));
}

static async Task<int> ScrapeAsync(HttpClient http, Uri url, int count)
{
    int size = 0;
    for (int i = 0; i < count; i++)
    {
        using var response = await http.GetAsync(url);
        response.EnsureSuccessStatusCode();
        size = (await response.Content.ReadAsByteArrayAsync()).Length;
    }

    return size;
}

static async Task<App> StartAsync(bool cache, bool heapwise)
{
    var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
    builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
    builder.Logging.ClearProviders();
    if (heapwise)
    {
        builder.Services.AddHeapwise(o => o.ManagementPort = 0);
    }
    else
    {
        builder.Services.AddOpenTelemetry().WithMetrics(m => m.AddMeter("System.Runtime").AddPrometheusExporter());
    }

    if (!cache)
    {
        builder.Services.Configure<PrometheusAspNetCoreOptions>(o => o.ScrapeResponseCacheDurationMilliseconds = 0);
    }

    var app = builder.Build();
    app.MapGet("/", () => "hello");
    if (!heapwise)
    {
        app.MapPrometheusScrapingEndpoint();
    }

    await app.StartAsync();
    var management = heapwise ? app.Services.GetRequiredService<HeapwiseManagementServer>().BaseAddress : null;
    return new App(app, new Uri(app.Urls.First() + "/"), management);
}

static string Summary(List<double> v) => FormattableString.Invariant($"{Median(v):N1} ({v.Min():N1}–{v.Max():N1})");

static double Median(List<double> v)
{
    var s = v.Order().ToList();
    return s.Count % 2 == 1 ? s[s.Count / 2] : (s[(s.Count / 2) - 1] + s[s.Count / 2]) / 2;
}

internal sealed record App(WebApplication Web, Uri Public, Uri? Management) : IAsyncDisposable
{
    public async ValueTask DisposeAsync()
    {
        await Web.StopAsync();
        await Web.DisposeAsync();
    }
}
