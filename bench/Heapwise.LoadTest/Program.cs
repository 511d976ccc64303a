using System.CommandLine;
using System.Globalization;
using Heapwise;
using Heapwise.LoadTest;

// The load test of the sample service: interleaved rounds of load alone, under an allocation capture and under a CPU
// capture; Markdown tables on stdout, progress on stderr. Exit 1 when a request failed or a capture was not valid.
var service = new Option<string>("--service") { Description = "The service's address, e.g. http://127.0.0.1:8080/ (loopback only).", Required = true };
var pprof = new Option<string>("--pprof") { Description = "Its /debug/pprof/ address, e.g. http://127.0.0.1:6060/debug/pprof/.", Required = true };
var rounds = new Option<int>("--rounds") { Description = "Rounds of A (no capture), B (allocs), C (CPU).", DefaultValueFactory = _ => 5 };
var workers = new Option<int>("--workers") { Description = "Concurrent workers, one request in flight each.", DefaultValueFactory = _ => 16 };
var seconds = new Option<double>("--seconds") { Description = "Load per phase, in seconds.", DefaultValueFactory = _ => 10 };
var warmup = new Option<double>("--warmup") { Description = "Unmeasured load before the first round, in seconds (JIT tiering needs about 20 s here).", DefaultValueFactory = _ => 20 };
var rotate = new Option<bool>("--rotate") { Description = "Start each round one phase later (A B C, B C A, C A B) instead of always A B C." };
var requests = new Option<string[]>("--request")
{
    Description = "A request of the mix, 'METHOD PATH' (repeat it; taken in turn). Default: 9 x 'GET work?items=100', 1 x 'POST cache?kb=16'.",
    DefaultValueFactory = _ => [.. Enumerable.Repeat("GET work?items=100", 9), "POST cache?kb=16"],
};
var root = new RootCommand("Measures a service's request latency with and without /debug/pprof captures running (bounded, loopback only).")
{
    service, pprof, rounds, workers, seconds, warmup, rotate, requests,
};
root.SetAction(async (parsed, cancellationToken) =>
{
    try
    {
        var load = new LoadOptions { Workers = parsed.GetValue(workers), Mix = [.. parsed.GetValue(requests)!.Select(LoadRequest.Parse)] };
        var settings = new ComparisonSettings
        {
            Rounds = parsed.GetValue(rounds),
            PhaseLength = TimeSpan.FromSeconds(parsed.GetValue(seconds)),
            Warmup = TimeSpan.FromSeconds(parsed.GetValue(warmup)),
            Rotate = parsed.GetValue(rotate),
            Load = load,
        };
        if (settings.Rounds < 1 || settings.PhaseLength <= TimeSpan.Zero || settings.Warmup <= TimeSpan.Zero)
        {
            throw new HeapwiseException("--rounds, --seconds and --warmup must be positive.");
        }

        using var client = LoadGenerator.CreateClient(load.Workers);
        var generator = new LoadGenerator(client, Address(parsed.GetValue(service)!, "--service"));
        using var pprofClient = new HttpClient { BaseAddress = Address(parsed.GetValue(pprof)!, "--pprof"), Timeout = TimeSpan.FromMinutes(5) };
        var results = await new CaptureLoadComparison(generator, pprofClient, settings).RunAsync(Console.Error, cancellationToken);

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"rounds={settings.Rounds}{(settings.Rotate ? " (rotated)" : "")} workers={load.Workers} load={settings.PhaseLength.TotalSeconds:0} s per phase, captures {(settings.Lead + settings.PhaseLength + settings.Tail).TotalSeconds:0} s starting {settings.Lead.TotalSeconds:0} s before the load; mix: {string.Join(", ", load.Mix.GroupBy(r => r.ToString()).Select(g => $"{g.Count()} x {g.Key}"))}"));
        Console.WriteLine();
        ComparisonReport.Write(Console.Out, results);
        return results.Any(r => r.Load.Failures > 0 || r.CaptureProblem is not null) ? 1 : 0;
    }
    catch (HeapwiseException e)
    {
        await Console.Error.WriteLineAsync($"Heapwise.LoadTest: {e.Message}");
        return 2;
    }
});
return await root.Parse(args).InvokeAsync();

static Uri Address(string text, string option) =>
    Uri.TryCreate(text.EndsWith('/') ? text : text + "/", UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.IsLoopback
        ? uri
        : throw new HeapwiseException($"{option} '{text}' is not an http address on this machine: give e.g. http://127.0.0.1:8080/.");
