using System.Diagnostics;

namespace Heapwise.LoadTest;

/// <summary>
/// Sends a bounded load to a service on this machine and measures each request's latency: a fixed number of workers,
/// each sending its next request when the previous one is answered. A closed loop like this under-reports latency
/// when the service stalls (a stalled worker sends nothing), so its p99 is a lower bound of what an open-loop client
/// at the same rate would see.
/// </summary>
public sealed class LoadGenerator
{
    private const int FailureExamplesKept = 5;
    private readonly HttpClient _client;
    private readonly Uri _service;

    /// <summary>A generator sending to <paramref name="service"/> through <paramref name="client"/>.</summary>
    /// <param name="client">The client; see <see cref="CreateClient"/>.</param>
    /// <param name="service">The service's base address, e.g. <c>http://127.0.0.1:8080/</c>.</param>
    /// <exception cref="HeapwiseException">The address is not a loopback address.</exception>
    public LoadGenerator(HttpClient client, Uri service)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(service);
        if (!service.IsAbsoluteUri || !service.IsLoopback)
        {
            throw new HeapwiseException($"the load test only sends to this machine, and {service} is not a loopback address: use http://127.0.0.1:PORT/.");
        }

        _client = client;
        _service = service.AbsoluteUri.EndsWith('/') ? service : new Uri(service.AbsoluteUri + "/");
    }

    /// <summary>A client with one connection per worker, so that workers never queue behind each other in the client.</summary>
    public static HttpClient CreateClient(int workers) =>
        new(new SocketsHttpHandler { MaxConnectionsPerServer = workers, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            Timeout = TimeSpan.FromSeconds(30),
        };

    /// <summary>Runs the load until one of its bounds is reached or <paramref name="cancellationToken"/> is cancelled.</summary>
    /// <exception cref="HeapwiseException">The options are invalid.</exception>
    public async Task<LoadResult> RunAsync(LoadOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var run = new Run(options);
        long start = Stopwatch.GetTimestamp();
        var workers = Enumerable.Range(0, options.Workers).Select(w => Task.Run(() => WorkAsync(w, run, cancellationToken), CancellationToken.None));
        var latencies = await Task.WhenAll(workers).ConfigureAwait(false);
        return new LoadResult(latencies.SelectMany(l => l), Interlocked.Read(ref run.Failures), [.. run.FailureExamples], Stopwatch.GetElapsedTime(start));
    }

    private async Task<List<double>> WorkAsync(int worker, Run run, CancellationToken cancellationToken)
    {
        var latencies = new List<double>();
        for (int i = worker; run.TakeTicket() && !cancellationToken.IsCancellationRequested; i++)
        {
            var request = run.Options.Mix[i % run.Options.Mix.Count];
            long sent = Stopwatch.GetTimestamp();
            try
            {
                using var message = new HttpRequestMessage(request.Method, new Uri(_service, request.Path));
                using var response = await _client.SendAsync(message, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    latencies.Add(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
                    continue;
                }

                run.Fail($"{request}: {(int)response.StatusCode} {response.ReasonPhrase}");
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // The caller ended the load: this request is neither a success nor a failure.
                break;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                run.Fail($"{request}: {e.GetType().Name}: {e.Message}");
            }
        }

        return latencies;
    }

    /// <summary>The shared state of one run: the request budget, the deadline and the failures.</summary>
    private sealed class Run(LoadOptions options)
    {
        private readonly long _deadline = options.MaxDuration is { } duration
            ? Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency)
            : long.MaxValue;

        private long _issued;
        public long Failures;

        public LoadOptions Options { get; } = options;

        public List<string> FailureExamples { get; } = [];

        /// <summary>Whether another request may be sent: within the count and the time.</summary>
        public bool TakeTicket() =>
            Stopwatch.GetTimestamp() < _deadline && (Options.MaxRequests is not { } max || Interlocked.Increment(ref _issued) <= max);

        public void Fail(string description)
        {
            Interlocked.Increment(ref Failures);
            lock (FailureExamples)
            {
                if (FailureExamples.Count < FailureExamplesKept)
                {
                    FailureExamples.Add(description);
                }
            }
        }
    }
}
