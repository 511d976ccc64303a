using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using Heapwise.Heap;
using Heapwise.Profiles;
using Heapwise.Tests.Cli;
using Heapwise.Tests.Collection;
using Heapwise.Tests.Infrastructure;

namespace Heapwise.Tests.Heap;

/// <summary>Bad input to the heap commands: one clear line, a non-zero exit code, no stack trace.</summary>
[Collection(EventPipeTests.Name)]
public sealed class HeapBadInputTests
{
    private static void AssertOneLineFailure(CliResult result, string expected)
    {
        Assert.NotEqual(0, result.ExitCode);
        string line = Assert.Single(result.StderrLines, l => !l.StartsWith("heapwise: taking a heap snapshot", StringComparison.Ordinal));
        Assert.StartsWith("heapwise: ", line, StringComparison.Ordinal);
        Assert.Contains(expected, line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_pid_and_no_subcommand()
    {
        AssertOneLineFailure(await CliRun.InvokeAsync("heap"), "--pid");
    }

    [Fact]
    public async Task A_process_that_does_not_exist()
    {
        var result = await CliRun.InvokeAsync("heap", "--pid", "999999999", "-o", Path.Combine(Path.GetTempPath(), "never.pb.gz"));
        Assert.Contains(result.StderrLines, l => l.Contains("was not found", StringComparison.Ordinal));
        Assert.Equal(3, result.ExitCode);
    }

    [Fact]
    public async Task A_process_that_is_not_dotnet()
    {
        using var folder = new TemporaryDirectory();
        using var sleep = Process.Start(new ProcessStartInfo("sleep", "60") { UseShellExecute = false })!;
        try
        {
            var result = await CliRun.InvokeAsync("heap", "--pid", sleep.Id.ToString(CultureInfo.InvariantCulture), "-o", Path.Combine(folder.Path, "h.pb.gz"));
            AssertOneLineFailure(result, "is not a .NET process");
            Assert.Equal(3, result.ExitCode);
            Assert.Empty(Directory.GetFiles(folder.Path));
        }
        finally
        {
            sleep.Kill();
        }
    }

    [Fact]
    public async Task A_process_that_exits_during_the_snapshot()
    {
        // Its finalizer thread is blocked, so the runtime never starts the snapshot's GC; it is killed meanwhile.
        using var folder = new TemporaryDirectory();
        using var blocked = TestTarget.Start("finalizerblocked");
        var snapshot = CliRun.InvokeAsync("heap", "--pid", blocked.Id.ToString(CultureInfo.InvariantCulture), "-o", Path.Combine(folder.Path, "h.pb.gz"));
        await Task.Delay(TimeSpan.FromSeconds(2), TestContext.Current.CancellationToken);
        blocked.Process.Kill();

        var result = await snapshot.WaitAsync(TimeSpan.FromSeconds(90), TestContext.Current.CancellationToken);
        AssertOneLineFailure(result, "exited during the heap snapshot");
        Assert.Empty(Directory.GetFiles(folder.Path));
    }

    [Fact]
    public async Task A_type_that_is_not_in_the_snapshot()
    {
        using var folder = new TemporaryDirectory();
        string file = WriteSmallSnapshot(folder.Path);
        AssertOneLineFailure(await CliRun.InvokeAsync("heap", "path", file, "--type", "NoSuchType"), "type 'NoSuchType' is not in the snapshot");
        AssertOneLineFailure(await CliRun.InvokeAsync("heap", "path", file, "--type", "node"), "did you mean 'App.Node'?");
    }

    [Theory]
    [InlineData("missing")]
    [InlineData("empty")]
    [InlineData("text")]
    [InlineData("pprof")]
    [InlineData("truncated")]
    public async Task Files_that_are_not_snapshots(string kind)
    {
        using var folder = new TemporaryDirectory();
        string good = WriteSmallSnapshot(folder.Path);
        string file = Path.Combine(folder.Path, kind + ".hwheap");
        switch (kind)
        {
            case "empty":
                await File.WriteAllBytesAsync(file, [], TestContext.Current.CancellationToken);
                break;
            case "text":
                await File.WriteAllTextAsync(file, "hello", TestContext.Current.CancellationToken);
                break;
            case "pprof":
                PprofWriter.WriteFile(new ProfileBuilder(("inuse_space", "bytes")).Build(), file);
                break;
            case "truncated":
                byte[] bytes = await File.ReadAllBytesAsync(good, TestContext.Current.CancellationToken);
                await File.WriteAllBytesAsync(file, bytes[..(bytes.Length / 2)], TestContext.Current.CancellationToken);
                break;
        }

        foreach (var args in new[] { new[] { "heap", "report", file }, ["heap", "path", file, "--type", "X"], ["heap", "diff", good, file] })
        {
            var result = await CliRun.InvokeAsync(args);
            AssertOneLineFailure(result, kind == "missing" ? "no such file" : "is not a valid Heapwise heap snapshot");
        }
    }

    [Fact]
    public void Thousands_of_mutated_files_only_ever_raise_the_format_exception()
    {
        var snapshot = SmallSnapshot();
        using var compressed = new MemoryStream();
        HeapSnapshotFile.Write(snapshot, compressed);
        byte[] file = compressed.ToArray();
        byte[] body = Decompress(file);
        var random = new Random(12345);
        for (int i = 0; i < 3000; i++)
        {
            // Half the mutations hit the gzip stream, half the body (recompressed, so gzip's checksum passes and
            // the snapshot's own validation has to catch them).
            bool inBody = i % 2 == 0;
            byte[] mutated = (byte[])(inBody ? body : file).Clone();
            int changes = random.Next(1, 4);
            for (int c = 0; c < changes; c++)
            {
                mutated[random.Next(mutated.Length)] = (byte)random.Next(256);
            }

            if (random.Next(10) == 0)
            {
                mutated = mutated[..random.Next(mutated.Length)];
            }

            byte[] input = inBody ? Compress(mutated) : mutated;
            try
            {
                var read = HeapSnapshotFile.Read(new MemoryStream(input), "mutated");
                // A mutation the format cannot notice (a changed address or name) still yields a consistent graph.
                _ = DominatorTree.Compute(read);
                _ = RootPaths.Compute(read);
            }
            catch (HeapSnapshotFormatException)
            {
            }
        }
    }

    internal static HeapSnapshot SmallSnapshot() => SyntheticHeap.Create(
        [24, 32, 48, 1024],
        ["App.Node", "App.Node", "App.Cache", "System.Byte[]"],
        [(2, 0), (0, 1), (1, 3)],
        [(2, HeapRootKind.StaticVariable, "s_cache"), (1, HeapRootKind.Stack, string.Empty)]);

    private static string WriteSmallSnapshot(string folder)
    {
        string file = Path.Combine(folder, "small.hwheap");
        HeapSnapshotFile.Write(SmallSnapshot(), file);
        return file;
    }

    internal static byte[] Decompress(byte[] data)
    {
        using var gzip = new GZipStream(new MemoryStream(data), CompressionMode.Decompress);
        using var output = new MemoryStream();
        gzip.CopyTo(output);
        return output.ToArray();
    }

    internal static byte[] Compress(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(data);
        }

        return output.ToArray();
    }
}
