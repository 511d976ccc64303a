using System.Globalization;
using System.Net;
using System.Text;
using Heapwise.Profiles;
using Heapwise.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Heapwise.AspNetCore;

/// <summary>
/// The <c>/debug/pprof</c> endpoints, like Go's <c>net/http/pprof</c>: an index, <c>allocs</c>, <c>profile</c> (CPU),
/// <c>threads</c>, <c>memstats</c>, and <c>heap</c> (a heap snapshot of this process). One instance per application, shared by
/// the management server and <see cref="HeapwiseEndpointRouteBuilderExtensions.MapHeapwise"/>, so one capture runs at a time across both.
/// </summary>
internal sealed class PprofHandlers(CaptureGate gate, ProfileCaptures captures, MemStatsReader memStats, RuleCaptures ruleCaptures, LiveHeapRecorder liveHeap)
{
    /// <summary>Capture length when <c>seconds</c> is not given, as Go's <c>/debug/pprof/profile</c>.</summary>
    public const int DefaultSeconds = 30;

    /// <summary>The longest capture allowed.</summary>
    public const int MaxSeconds = 300;

    private static readonly (string Name, string Description)[] Index =
    [
        ("allocs", $"Allocations sampled over ?seconds=N (1-{MaxSeconds}, default {DefaultSeconds}): where the program allocates, as estimated bytes and objects."),
        ("profile", $"CPU profile over ?seconds=N (1-{MaxSeconds}, default {DefaultSeconds}): CPU time by call stack, Go's sample types samples and cpu."),
        ("threads", "The stack of every managed thread, the goroutine dump counterpart; ?debug=1 gives plain text."),
        ("captures", "Evidence captured when a memory rule started firing (an allocation profile and a heap profile each), newest first."),
        ("memstats", "Heap by generation, committed and fragmented bytes, allocation rate, GC counts and pauses, GC mode and limits, as JSON."),
        ("heap", "Live heap: a heap snapshot (one blocking full collection) as inuse_objects and inuse_space by type reference path from GC roots."),
        ("inuse", "Live heap by allocation site since startup, Go's heap profile (inuse and alloc, space and objects); ?gc=1 collects first. Needs HeapwiseOptions.TrackLiveHeap."),
    ];

    private const string MetricsDescription =
        "Metrics in Prometheus text format (OpenTelemetry): the Heapwise meter (allocated bytes, GC pause histogram, heap by generation, rule states) and System.Runtime.";

    /// <summary>Maps the endpoints under <paramref name="routes"/> (already at the prefix, e.g. <c>/debug/pprof</c>).</summary>
    /// <param name="routes">The group at the prefix.</param>
    /// <param name="metricsPath">Where <c>/metrics</c> is served, to list it on the index page; null when it is not.</param>
    public void Map(IEndpointRouteBuilder routes, string? metricsPath)
    {
        routes.MapGet("/", context => IndexPage(context, metricsPath));
        routes.MapGet("/allocs", context => CaptureAsync(context, "allocs", captures.Allocations));
        routes.MapGet("/profile", context => CaptureAsync(context, "profile", captures.Cpu));
        routes.MapGet("/threads", ThreadsAsync);
        routes.MapGet("/memstats", MemStatsAsync);
        routes.MapGet("/heap", HeapAsync);
        routes.MapGet("/inuse", InUseAsync);
        routes.MapGet("/captures", CapturesAsync);
        routes.MapGet("/captures/{name}", CaptureFileAsync);
    }

    private static Task IndexPage(HttpContext context, string? metricsPath)
    {
        var html = new StringBuilder();
        string basePath = context.Request.PathBase + context.Request.Path.Value?.TrimEnd('/');
        html.Append("<!DOCTYPE html><html><head><title>").Append(WebUtility.HtmlEncode(basePath)).Append("/</title></head><body>\n");
        html.Append("<h1>").Append(WebUtility.HtmlEncode(basePath)).Append("/</h1>\n<p>Profiles available (Heapwise):</p>\n<table>\n");
        foreach (var (name, description) in Index)
        {
            string href = WebUtility.HtmlEncode($"{basePath}/{name}");
            html.Append("<tr><td><a href=\"").Append(href).Append("\">").Append(name).Append("</a></td><td>")
                .Append(WebUtility.HtmlEncode(description)).Append("</td></tr>\n");
        }

        if (metricsPath is not null)
        {
            html.Append("<tr><td><a href=\"").Append(WebUtility.HtmlEncode(context.Request.PathBase + metricsPath)).Append("\">metrics</a></td><td>")
                .Append(WebUtility.HtmlEncode(MetricsDescription)).Append("</td></tr>\n");
        }

        html.Append("</table>\n<p>Read them with <code>go tool pprof URL</code> or <code>heapwise top URL</code>.</p>\n</body></html>\n");
        context.Response.ContentType = "text/html; charset=utf-8";
        return context.Response.WriteAsync(html.ToString(), context.RequestAborted);
    }

    private async Task CaptureAsync(HttpContext context, string name, Func<TimeSpan, CancellationToken, Task<Profile>> capture)
    {
        if (!TryReadSeconds(context.Request.Query["seconds"], out int seconds, out string? problem))
        {
            await TextAsync(context, StatusCodes.Status400BadRequest, problem).ConfigureAwait(false);
            return;
        }

        await RunExclusiveAsync(context, name, TimeSpan.FromSeconds(seconds), async aborted =>
        {
            // The capture runs on the thread pool; the request only awaits it.
            var profile = await Task.Run(() => capture(TimeSpan.FromSeconds(seconds), aborted), aborted).ConfigureAwait(false);
            await WriteProfileAsync(context, name, profile).ConfigureAwait(false);
        }).ConfigureAwait(false);
    }

    private Task ThreadsAsync(HttpContext context)
    {
        bool text = context.Request.Query["debug"] == "1";
        return RunExclusiveAsync(context, "threads", TimeSpan.FromSeconds(1), async aborted =>
        {
            var dump = await Task.Run(() => captures.Threads(aborted), aborted).ConfigureAwait(false);
            if (!text)
            {
                await WriteProfileAsync(context, "threads", dump.Profile).ConfigureAwait(false);
                return;
            }

            var writer = new StringWriter(CultureInfo.InvariantCulture);
            dump.WriteText(writer);
            await TextAsync(context, StatusCodes.Status200OK, writer.ToString()).ConfigureAwait(false);
        });
    }

    private Task HeapAsync(HttpContext context) =>
        RunExclusiveAsync(context, "heap", TimeSpan.FromSeconds(5), async aborted =>
        {
            var profile = await Task.Run(() => captures.Heap(aborted), aborted).ConfigureAwait(false);
            await WriteProfileAsync(context, "heap", profile).ConfigureAwait(false);
        });

    private Task InUseAsync(HttpContext context)
    {
        if (!liveHeap.IsRecording)
        {
            return TextAsync(context, StatusCodes.Status404NotFound,
                "Live heap tracking is off: set HeapwiseOptions.TrackLiveHeap = true (it records allocations from startup). GET heap gives a heap snapshot by type instead.");
        }

        bool collectFirst = context.Request.Query["gc"] == "1";
        return RunExclusiveAsync(context, "inuse", TimeSpan.FromSeconds(1), async aborted =>
        {
            var profile = await Task.Run(() => liveHeap.CaptureAsync(collectFirst, aborted), aborted).ConfigureAwait(false);
            await WriteProfileAsync(context, "inuse", profile).ConfigureAwait(false);
        });
    }

    private Task CapturesAsync(HttpContext context)
    {
        if (ruleCaptures.Directory is not { } directory)
        {
            return TextAsync(context, StatusCodes.Status404NotFound, "Captures are off (HeapwiseOptions.CaptureDirectory is null).");
        }

        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Captures in {directory.Path}, newest first (GET captures/NAME downloads one):\n");
        foreach (var file in directory.Files())
        {
            text.Append(CultureInfo.InvariantCulture, $"{file.Name}\t{file.Length}\t{file.LastWriteTimeUtc:yyyy-MM-ddTHH:mm:ssZ}\n");
        }

        if (ruleCaptures.LastFailure is { } failure)
        {
            text.Append(CultureInfo.InvariantCulture, $"last failure: {failure}\n");
        }

        return TextAsync(context, StatusCodes.Status200OK, text.ToString());
    }

    private async Task CaptureFileAsync(HttpContext context)
    {
        string name = context.Request.RouteValues["name"] as string ?? string.Empty;

        // Only a file the folder lists, by its exact name: no path of the client's making is ever opened.
        var file = ruleCaptures.Directory?.Files().FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.Ordinal));
        if (file is null)
        {
            await TextAsync(context, StatusCodes.Status404NotFound, $"No capture named '{name}': GET captures lists them.").ConfigureAwait(false);
            return;
        }

        context.Response.ContentType = "application/octet-stream";
        context.Response.Headers.ContentDisposition = $"attachment; filename=\"{file.Name}\"";
        await context.Response.SendFileAsync(file.FullName, context.RequestAborted).ConfigureAwait(false);
    }

    private Task MemStatsAsync(HttpContext context)
    {
        byte[] json = MemStatsJson.ToUtf8(memStats.Read());
        context.Response.ContentType = "application/json; charset=utf-8";
        return context.Response.Body.WriteAsync(json, context.RequestAborted).AsTask();
    }

    /// <summary>Runs <paramref name="work"/> if no other capture runs (else 429 with Retry-After); a failure becomes a 500 with its message.</summary>
    private async Task RunExclusiveAsync(HttpContext context, string name, TimeSpan expected, Func<CancellationToken, Task> work)
    {
        using var lease = gate.TryEnter(expected, out int retryAfter);
        if (lease is null)
        {
            context.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
            await TextAsync(context, StatusCodes.Status429TooManyRequests,
                $"Another profile capture is running; one runs at a time. Retry in {retryAfter} s.").ConfigureAwait(false);
            return;
        }

        try
        {
            await work(context.RequestAborted).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; nobody to answer.
        }
#pragma warning disable CA1031 // Any capture failure must become a 500 and leave the service running.
        catch (Exception e) when (!context.Response.HasStarted)
#pragma warning restore CA1031
        {
            await TextAsync(context, StatusCodes.Status500InternalServerError,
                $"The {name} capture failed: {e.Message} The service is unaffected; retry, and report it if it keeps failing.").ConfigureAwait(false);
        }
    }

    private static async Task WriteProfileAsync(HttpContext context, string name, Profile profile)
    {
        using var buffer = new MemoryStream();
        PprofWriter.Write(profile, buffer);
        context.Response.ContentType = "application/octet-stream";
        context.Response.Headers.ContentDisposition = $"attachment; filename=\"{name}\"";
        context.Response.ContentLength = buffer.Length;
        await context.Response.Body.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), context.RequestAborted).ConfigureAwait(false);
    }

    private static Task TextAsync(HttpContext context, int status, string text)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(text.EndsWith('\n') ? text : text + "\n", context.RequestAborted);
    }

    /// <summary>Reads <c>seconds</c>: absent means <see cref="DefaultSeconds"/>; otherwise a whole number from 1 to <see cref="MaxSeconds"/>.</summary>
    internal static bool TryReadSeconds(string? value, out int seconds, out string problem)
    {
        problem = string.Empty;
        if (string.IsNullOrEmpty(value))
        {
            seconds = DefaultSeconds;
            return true;
        }

        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out seconds) && seconds is >= 1 and <= MaxSeconds)
        {
            return true;
        }

        problem = $"seconds must be a whole number from 1 to {MaxSeconds}, got '{value}': ask for e.g. ?seconds=30.";
        return false;
    }
}
