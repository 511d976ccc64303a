namespace Heapwise.Samples;

/// <summary>A page rendered by <see cref="PageCacheWorkload"/>: its address and its HTML bytes.</summary>
/// <param name="Address">Path and query, e.g. <c>/products?page=3</c>.</param>
/// <param name="Body">The UTF-8 HTML.</param>
public sealed record RenderedPage(string Address, byte[] Body);
