using System.Globalization;
using Heapwise.Tests.Cli;
using Heapwise.Tests.Collection;
using Heapwise.Tests.Infrastructure;

namespace Heapwise.Tests.Waste;

/// <summary><c>heapwise heap --pid N --waste</c> when the target dies during the dump, or the disk is full.</summary>
[Collection(EventPipeTests.Name)]
public sealed class WasteBadInputTests
{
    [Fact]
    public async Task A_target_that_exits_while_its_dump_is_written_is_one_line_and_leaves_no_dump()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "createdump is found through /proc and stopped with kill(1): Linux only");
        var cancellationToken = TestContext.Current.CancellationToken;
        using var folder = new TemporaryDirectory();
        using var output = new TemporaryDirectory();

        // 300 MB of live objects: createdump takes long enough to be caught while it runs.
        using var target = TestTarget.Start("heapscale", "3000000");
        string pid = target.Id.ToString(CultureInfo.InvariantCulture);
        var run = Task.Run(() => CliRun.InvokeAsync("heap", "--pid", pid, "--waste", "--dump-folder", folder.Path, "-o", Path.Combine(output.Path, "w.pb.gz")), cancellationToken);

        // Stop createdump mid-way so the target surely dies before its dump is complete, then let createdump go on. The
        // target is createdump's tracee: it stays a zombie until createdump runs again, so its exit is awaited after.
        int writer = DumpWriter.WaitFor(folder.Path, cancellationToken);
        DumpWriter.Signal(writer, "STOP");
        try
        {
            target.Process.Kill();
            DumpWriter.WaitUntilDead(target.Id, cancellationToken);
        }
        finally
        {
            DumpWriter.Signal(writer, "CONT");
        }

        await target.Process.WaitForExitAsync(cancellationToken);
        var result = await run;
        Assert.NotEqual(0, result.ExitCode);
        Assert.Equal($"heapwise: Process {pid} exited during the heap dump: analyze a process that keeps running.", result.StderrLines[^1]);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(folder.Path));
        Assert.Empty(Directory.GetFileSystemEntries(output.Path));
    }
}
