using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text;

namespace Heapwise.Samples;

/// <summary>
/// A page renderer with a cache, the classic .NET leak: <see cref="RenderWithGlobalCache"/> keeps every page it ever
/// rendered in a static dictionary keyed by path and query, and since every query string is a new key, memory grows
/// with traffic and nothing is ever collectable. <see cref="RenderWithRequestCache"/> is the fix: the cache belongs to
/// the request (<see cref="RequestPageCache"/>) and goes with it.
/// </summary>
public static class PageCacheWorkload
{
    private const int BodyBytes = 4_096;

    // The leak: static, unbounded, keyed by user input.
    private static readonly ConcurrentDictionary<string, RenderedPage> GlobalCache = new(StringComparer.Ordinal);

    /// <summary>How many pages the global cache holds: it only grows.</summary>
    public static int GlobalCacheCount => GlobalCache.Count;

    /// <summary>Renders <paramref name="address"/>, or returns the page rendered for it before; keeps it forever.</summary>
    public static RenderedPage RenderWithGlobalCache(string address) => GlobalCache.GetOrAdd(address, Render);

    /// <summary>Renders <paramref name="address"/>, or returns the page this request rendered for it before.</summary>
    public static RenderedPage RenderWithRequestCache(RequestPageCache cache, string address)
    {
        ArgumentNullException.ThrowIfNull(cache);
        return cache.GetOrRender(address);
    }

    /// <summary>Empties the global cache (what a restart does for the leaking version).</summary>
    public static void ClearGlobalCache() => GlobalCache.Clear();

    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static RenderedPage Render(string address)
    {
        var body = new byte[BodyBytes];
        int written = Encoding.UTF8.GetBytes($"<html><body><h1>{address}</h1></body></html>", body);
        body.AsSpan(written).Fill((byte)' ');
        return new RenderedPage(address, body);
    }
}
