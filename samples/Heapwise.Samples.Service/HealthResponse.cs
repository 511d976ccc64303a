using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Heapwise.Samples.Service;

/// <summary>
/// <c>/health</c> as JSON with each check's verdict and the memory rules' messages, so a person reading it sees
/// why the service is unhealthy (the default answer is one word).
/// </summary>
internal static class HealthResponse
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Writes <paramref name="report"/>.</summary>
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new
            {
                status = e.Value.Status.ToString(),
                description = e.Value.Description,
                rules = e.Value.Data,
            }),
        };
        context.Response.ContentType = "application/json; charset=utf-8";
        return context.Response.WriteAsync(JsonSerializer.Serialize(body, Indented) + "\n", context.RequestAborted);
    }
}
