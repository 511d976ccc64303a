using System.Globalization;

namespace Heapwise.Samples.Service;

/// <summary>The service's own endpoints: the payload cache, its trim, and a plain unit of work.</summary>
internal static class ServiceEndpoints
{
    private const int MaxPayloadKilobytes = 64 * 1024;
    private const int MaxItems = 10_000;
    private static int _orders;

    /// <summary>Maps <c>POST /cache</c>, <c>GET /cache</c>, <c>POST /cache/trim</c> and <c>GET /work</c>.</summary>
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/cache", (PayloadCache cache, string? kb) =>
            TryRead(kb, "kb", 64, 1, MaxPayloadKilobytes, out int kilobytes, out var problem)
                ? Results.Ok(cache.Add(kilobytes << 10))
                : problem);
        app.MapGet("/cache", (PayloadCache cache) => Results.Ok(cache.Read()));
        app.MapPost("/cache/trim", (PayloadCache cache, string? toMegabytes, bool? collect) =>
        {
            if (!TryRead(toMegabytes, "toMegabytes", 0, 0, int.MaxValue, out int megabytes, out var problem))
            {
                return problem;
            }

            var stats = cache.TrimTo((long)megabytes << 20);
            if (collect == true)
            {
                // Give the memory back now rather than at the next collection, as Go's debug.FreeOSMemory does.
                GC.Collect();
            }

            return Results.Ok(stats);
        });
        app.MapGet("/work", (string? items) =>
            TryRead(items, "items", 100, 1, MaxItems, out int count, out var problem)
                ? Results.Ok(OrderReport.Build(count, Interlocked.Increment(ref _orders)))
                : problem);
    }

    // Query values are read by hand so that a wrong one gets a sentence saying what to send, not a bare 400.
    private static bool TryRead(string? text, string name, int fallback, int min, int max, out int value, out IResult problem)
    {
        problem = Results.Empty;
        if (string.IsNullOrEmpty(text))
        {
            value = fallback;
            return true;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= min && value <= max)
        {
            return true;
        }

        problem = Results.Text($"{name} must be a whole number from {min} to {max}, got '{text}': e.g. ?{name}={fallback}.\n", statusCode: StatusCodes.Status400BadRequest);
        return false;
    }
}
