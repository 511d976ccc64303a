using System.Net;
using Heapwise.Heap;
using Heapwise.Profiles;
using Heapwise.Runtime;
using Heapwise.Tests.Collection;
using Heapwise.Tests.Infrastructure;

namespace Heapwise.Tests.Service;

/// <summary>A rule that starts firing in a real service captures an allocation profile, a heap profile and the snapshot file, listed and served at /debug/pprof/captures.</summary>
[Collection(EventPipeTests.Name)] // it profiles this process: not beside other in-process sessions
public sealed class RuleCaptureTests : IDisposable
{
    private readonly TemporaryDirectory _folder = new();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task A_firing_rule_captures_evidence_that_is_listed_and_downloadable()
    {
        await using var host = await ServiceHost.StartAsync(options: o =>
        {
            // Only the heap-size rule: the others read this whole test process, where other tests force collections.
            o.Rules = new MemoryRuleOptions { MaxHeapBytes = 1024, MaxGcPauseShare = null, LeakWindow = TimeSpan.Zero };
            o.RuleInterval = TimeSpan.FromMilliseconds(200);
            o.CaptureSeconds = TimeSpan.FromSeconds(1);
            o.CaptureDirectory = _folder.Path;
        });

        string[] names = [];
        string[] files = [];
        for (int attempt = 0; attempt < 120 && files.Length < 3; attempt++)
        {
            await Task.Delay(500, Cancel);
            string listing = await host.Client.GetStringAsync(host.Pprof("captures"), Cancel);
            files = [.. listing.Split('\n').Skip(1).Where(l => l.Contains("-heap-size.", StringComparison.Ordinal)).Select(l => l.Split('\t')[0])];
            names = [.. files.Where(n => n.EndsWith(".pb.gz", StringComparison.Ordinal))];
        }

        Assert.Contains(names, n => n.EndsWith("-heap-size.allocs.pb.gz", StringComparison.Ordinal));
        Assert.Contains(names, n => n.EndsWith("-heap-size.heap.pb.gz", StringComparison.Ordinal));

        // The snapshot file too, for `heapwise heap report/path/diff`: it reads back with the objects of this process.
        string snapshotName = Assert.Single(files, n => n.EndsWith("-heap-size" + HeapSnapshotFile.Extension, StringComparison.Ordinal));
        byte[] snapshotBytes = await host.Client.GetByteArrayAsync(host.Pprof("captures/" + snapshotName), Cancel);
        var snapshot = HeapSnapshotFile.Read(new MemoryStream(snapshotBytes), snapshotName);
        Assert.True(snapshot.ObjectCount > 1000, $"{snapshot.ObjectCount} objects");

        foreach (string name in names)
        {
            byte[] body = await host.Client.GetByteArrayAsync(host.Pprof("captures/" + name), Cancel);
            Assert.NotEmpty(PprofReader.Parse(body).SampleType);
        }

        using var traversal = await host.Client.GetAsync(host.Pprof("captures/..%2F..%2Fetc%2Fpasswd"), Cancel);
        Assert.Equal(HttpStatusCode.NotFound, traversal.StatusCode);
    }
}
