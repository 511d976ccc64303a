namespace Heapwise.Samples;

/// <summary>
/// The fix for <see cref="PageCacheWorkload"/>'s leak: a cache owned by one request (or one unit of work), so what it
/// holds goes when the request does, however many different addresses the request touched.
/// </summary>
public sealed class RequestPageCache
{
    private readonly Dictionary<string, RenderedPage> _pages = new(StringComparer.Ordinal);

    /// <summary>How many pages the cache holds.</summary>
    public int Count => _pages.Count;

    internal RenderedPage GetOrRender(string address)
    {
        if (!_pages.TryGetValue(address, out var page))
        {
            page = PageCacheWorkload.Render(address);
            _pages.Add(address, page);
        }

        return page;
    }
}
