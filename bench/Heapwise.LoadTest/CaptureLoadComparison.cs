using Heapwise.Profiles;

namespace Heapwise.LoadTest;

/// <summary>
/// Interleaved rounds of A (load alone), B (load while <c>/debug/pprof/allocs</c> records) and C (load while
/// <c>/debug/pprof/profile</c> samples CPU). In B and C the capture is asked for first, the load starts
/// <see cref="ComparisonSettings.Lead"/> later (once the capture's session is running) and ends before the capture
/// does, so every measured request ran under the capture.
/// </summary>
internal sealed class CaptureLoadComparison(LoadGenerator generator, HttpClient pprof, ComparisonSettings settings)
{
    /// <summary>Runs the warm-up, then the rounds; reports progress on <paramref name="log"/>.</summary>
    public async Task<IReadOnlyList<PhaseResult>> RunAsync(TextWriter log, CancellationToken cancellationToken)
    {
        var load = settings.Load with { MaxDuration = settings.PhaseLength, MaxRequests = null };
        await log.WriteLineAsync($"warm-up: {settings.Warmup.TotalSeconds:0} s of load (not counted)").ConfigureAwait(false);
        await generator.RunAsync(load with { MaxDuration = settings.Warmup }, cancellationToken).ConfigureAwait(false);

        var results = new List<PhaseResult>();
        for (int round = 1; round <= settings.Rounds; round++)
        {
            // Rotated, round r starts at phase r mod 3 (A B C, B C A, C A B): each phase follows each other equally often.
            int first = settings.Rotate ? (round - 1) % CapturePhase.All.Count : 0;
            foreach (var phase in CapturePhase.All.Skip(first).Concat(CapturePhase.All.Take(first)))
            {
                var result = phase.Endpoint is { } endpoint
                    ? await UnderCaptureAsync(phase, endpoint, load, log, cancellationToken).ConfigureAwait(false)
                    : await AloneAsync(phase, load, cancellationToken).ConfigureAwait(false);
                results.Add(result);
                await log.WriteLineAsync(FormattableString.Invariant(
                    $"round {round} {phase.Label,-18} p50 {result.Load.Percentile(0.5),7:0.00} ms  p99 {result.Load.Percentile(0.99),7:0.00} ms  {result.Load.Throughput,7:0} req/s  failed {result.Load.Failures}{(result.CaptureProblem is { } p ? "  capture: " + p : "")}"))
                    .ConfigureAwait(false);
            }
        }

        return results;
    }

    // The same pause before the load as a capture phase has, so that A differs from B and C only by the capture.
    private async Task<PhaseResult> AloneAsync(CapturePhase phase, LoadOptions load, CancellationToken cancellationToken)
    {
        await Task.Delay(settings.Lead, cancellationToken).ConfigureAwait(false);
        var result = await generator.RunAsync(load, cancellationToken).ConfigureAwait(false);
        await Task.Delay(settings.Tail, cancellationToken).ConfigureAwait(false);
        return new PhaseResult(phase, result, null, 0);
    }

    private async Task<PhaseResult> UnderCaptureAsync(CapturePhase phase, string endpoint, LoadOptions load, TextWriter log, CancellationToken cancellationToken)
    {
        var seconds = (int)Math.Ceiling((settings.Lead + settings.PhaseLength + settings.Tail).TotalSeconds);
        var capture = pprof.GetAsync($"{endpoint}?seconds={seconds}", cancellationToken);
        await Task.Delay(settings.Lead, cancellationToken).ConfigureAwait(false);
        var result = await generator.RunAsync(load, cancellationToken).ConfigureAwait(false);
        if (capture.IsCompleted)
        {
            // It should still be recording: an early answer is a refusal (429) or a failure, reported below.
            await log.WriteLineAsync($"note: the {endpoint} capture answered before the load ended").ConfigureAwait(false);
        }

        try
        {
            using var response = await capture.ConfigureAwait(false);
            byte[] body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                return new PhaseResult(phase, result, $"{(int)response.StatusCode}: {System.Text.Encoding.UTF8.GetString(body).Trim()}", 0);
            }

            var profile = PprofReader.Parse(body);
            return new PhaseResult(phase, result, null, profile.Sample.Count);
        }
        catch (Exception e) when (e is HttpRequestException or HeapwiseException)
        {
            return new PhaseResult(phase, result, e.Message, 0);
        }
    }
}
