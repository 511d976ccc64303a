using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;
using Heapwise.AspNetCore;
using Heapwise.Profiles;

// serve:    the app with a busy worker, until Ctrl+C: public port 8080, /debug/pprof on 127.0.0.1:6060.
// overhead: interleaved rounds of (plain, CPU capture, allocation capture) measuring the worker's throughput,
//           the CPU profile against the OS's count for the worker thread, and thread-dump latency.
string mode = args.Length > 0 ? args[0] : "serve";
int rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5;
int seconds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 10;

var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 8080));
builder.Logging.ClearProviders();
builder.Services.AddHeapwise(); // /debug/pprof on http://127.0.0.1:6060, loopback only
var app = builder.Build();
app.MapGet("/", () => "hello");
await app.StartAsync();

var worker = new Worker();
var thread = new Thread(worker.Run) { IsBackground = true, Name = "probe-worker" };
thread.Start();
if (mode == "serve")
{
    Console.WriteLine("public http://127.0.0.1:8080/, profiles http://127.0.0.1:6060/debug/pprof/ (Ctrl+C to stop)");
    await app.WaitForShutdownAsync();
    return;
}

using var http = new HttpClient { BaseAddress = new Uri("http://127.0.0.1:6060/debug/pprof/"), Timeout = TimeSpan.FromMinutes(10) };
await Task.Delay(2000); // warm-up: tiering, thread pool
var results = new Dictionary<string, List<double>> { ["plain"] = [], ["profile"] = [], ["allocs"] = [] };
var accuracy = new List<double>();
for (int round = 0; round < rounds; round++)
{
    foreach (string phase in new[] { "plain", "profile", "allocs" })
    {
        long before = worker.Operations;
        var cpuBefore = worker.CpuTime();
        var clock = Stopwatch.StartNew();
        if (phase == "plain")
        {
            await Task.Delay(TimeSpan.FromSeconds(seconds));
        }
        else
        {
            byte[] body = await http.GetByteArrayAsync($"{phase}?seconds={seconds}");
            if (phase == "profile")
            {
                double osMs = (worker.CpuTime() - cpuBefore).TotalMilliseconds;
                double profiledMs = CpuUnder(PprofReader.Parse(body), "Worker.Step") / 1e6;
                accuracy.Add(profiledMs / osMs);
            }
        }

        results[phase].Add((worker.Operations - before) / clock.Elapsed.TotalSeconds);
    }
}

var dumps = new List<double>();
for (int i = 0; i < 10; i++)
{
    var clock = Stopwatch.StartNew();
    await http.GetByteArrayAsync("threads");
    dumps.Add(clock.Elapsed.TotalMilliseconds);
}

static string Summary(List<double> v) => FormattableString.Invariant($"{Median(v):N0} ({v.Min():N0}-{v.Max():N0})");
static double Median(List<double> v)
{
    var s = v.Order().ToList();
    return s.Count % 2 == 1 ? s[s.Count / 2] : (s[(s.Count / 2) - 1] + s[s.Count / 2]) / 2;
}

Console.WriteLine(FormattableString.Invariant($"rounds={rounds} seconds={seconds} cores={Environment.ProcessorCount}"));
foreach (var (phase, values) in results)
{
    Console.WriteLine(FormattableString.Invariant($"{phase,-8} ops/s median (min-max): {Summary(values)}  ratio to plain: {Median(values) / Median(results["plain"]):0.000}"));
}

Console.WriteLine(FormattableString.Invariant($"cpu profile of Worker.Step / OS CPU time of its thread: median {Median(accuracy):0.000} (min {accuracy.Min():0.000}, max {accuracy.Max():0.000})"));
Console.WriteLine(FormattableString.Invariant($"GET /debug/pprof/threads ms median (min-max): {Median(dumps):0} ({dumps.Min():0}-{dumps.Max():0})"));
await app.StopAsync();

static double CpuUnder(Profile p, string functionSuffix)
{
    var functions = p.Function.ToDictionary(f => f.Id, f => p.StringTable[(int)f.Name]);
    var locations = p.Location.ToDictionary(l => l.Id, l => functions[l.Line[0].FunctionId]);
    return p.Sample.Where(s => s.LocationId.Any(id => locations[id].EndsWith(functionSuffix, StringComparison.Ordinal))).Sum(s => s.Value[1]);
}

/// <summary>A request-like loop: parse, format and hash strings, allocating as a service does.</summary>
internal sealed class Worker
{
    private long _operations;
    private int _osThreadId;

    public long Operations => Volatile.Read(ref _operations);

    public void Run()
    {
        _osThreadId = OsThreadId();
        while (true)
        {
            Step();
            Interlocked.Increment(ref _operations);
        }
    }

    /// <summary>CPU time of the worker's OS thread, from /proc.</summary>
    public TimeSpan CpuTime()
    {
        string stat = File.ReadAllText($"/proc/self/task/{_osThreadId}/stat");
        string[] f = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return TimeSpan.FromSeconds((long.Parse(f[11], CultureInfo.InvariantCulture) + long.Parse(f[12], CultureInfo.InvariantCulture)) / 100.0);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int Step()
    {
        int hash = 0;
        for (int i = 0; i < 200; i++)
        {
            string text = string.Create(CultureInfo.InvariantCulture, $"order-{i}:{i * 31}");
            hash = HashCode.Combine(hash, text.Split(':')[1].GetHashCode(StringComparison.Ordinal));
        }

        return hash;
    }

    private static int OsThreadId() => int.Parse(new DirectoryInfo("/proc/thread-self").ResolveLinkTarget(false)!.Name, CultureInfo.InvariantCulture);
}
