using Heapwise.Testing;

namespace Heapwise.Samples.Tests;

/// <summary>The page cache: the global cache leaks every page it renders; the request-owned cache lets them go.</summary>
public sealed class PageCacheLeakTests
{
    [Fact]
    public void Pages_cached_per_request_are_collectable_after_the_request()
    {
        LeakAssert.Collectable(tracker =>
        {
            var cache = new RequestPageCache();
            for (int i = 0; i < 20; i++)
            {
                tracker.Track(PageCacheWorkload.RenderWithRequestCache(cache, $"/products?page={i}"), $"page {i}");
            }
        });
    }

    [Fact]
    public void Pages_in_the_global_cache_are_never_collectable()
    {
        try
        {
            var failure = Assert.Throws<LeakAssertionException>(() => LeakAssert.Collectable(
                tracker =>
                {
                    for (int i = 0; i < 20; i++)
                    {
                        tracker.Track(PageCacheWorkload.RenderWithGlobalCache($"/products?page={i}"), $"page {i}");
                    }
                },
                new LeakAssertOptions { MaxWait = TimeSpan.FromSeconds(1) }));
            TestContext.Current.TestOutputHelper?.WriteLine(failure.Message);

            var survivors = Assert.Single(failure.Survivors);
            Assert.Equal("Heapwise.Samples.RenderedPage", survivors.Type);
            Assert.Equal(20, survivors.Count);
            Assert.Contains("20 of 20 Heapwise.Samples.RenderedPage (\"page 0\", \"page 1\"", failure.Message, StringComparison.Ordinal);
        }
        finally
        {
            PageCacheWorkload.ClearGlobalCache();
        }
    }
}
