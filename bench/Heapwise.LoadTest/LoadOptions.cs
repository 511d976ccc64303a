namespace Heapwise.LoadTest;

/// <summary>
/// How much load to send: <see cref="Workers"/> concurrent loops, each sending the next request of
/// <see cref="Mix"/> as soon as the previous one is answered (a closed loop), until <see cref="MaxRequests"/> are
/// sent or <see cref="MaxDuration"/> has passed, whichever comes first. At least one bound is required, so a load
/// always ends.
/// </summary>
public sealed record LoadOptions
{
    /// <summary>Concurrent workers, each with one request in flight. Default 8.</summary>
    public int Workers { get; init; } = 8;

    /// <summary>Requests to send in all, or <see langword="null"/> for no count bound.</summary>
    public long? MaxRequests { get; init; }

    /// <summary>How long to send, or <see langword="null"/> for no time bound.</summary>
    public TimeSpan? MaxDuration { get; init; }

    /// <summary>The requests, taken in turn (each worker starts at a different one). Default: <c>GET work</c>.</summary>
    public IReadOnlyList<LoadRequest> Mix { get; init; } = [new LoadRequest(HttpMethod.Get, "work")];

    /// <summary>Checks the options.</summary>
    /// <exception cref="HeapwiseException">No bound, no requests, or a non-positive count.</exception>
    public void Validate()
    {
        if (Workers < 1 || MaxRequests < 1 || MaxDuration <= TimeSpan.Zero)
        {
            throw new HeapwiseException("workers, requests and duration must be positive: e.g. 8 workers, 1600 requests or 10 s.");
        }

        if (MaxRequests is null && MaxDuration is null)
        {
            throw new HeapwiseException("a load needs a bound: give a request count, a duration, or both.");
        }

        if (Mix.Count == 0)
        {
            throw new HeapwiseException("the request mix is empty: give at least one request, e.g. \"GET work?items=100\".");
        }
    }
}
