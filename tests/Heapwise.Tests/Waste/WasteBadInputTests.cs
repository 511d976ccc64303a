using System.Globalization;
using Heapwise.Tests.Cli;
using Heapwise.Tests.Collection;
using Heapwise.Tests.Infrastructure;

namespace Heapwise.Tests.Waste;

/// <summary>
/// <c>heapwise heap --pid N --waste</c> when the target dies during the dump, or the disk is really full where the dump or
/// the output goes (a tmpfs in a user namespace, see <see cref="SmallDisk"/>).
/// </summary>
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

        // 300 MB of live objects, so createdump is caught while it runs, under a parent that never reaps it (as a
        // supervisor or a container's init may): once killed it stays a zombie, which must count as exited.
        using var parent = NeglectfulParent.Start("heapscale", "3000000");
        int targetId = parent.TargetId;
        string pid = targetId.ToString(CultureInfo.InvariantCulture);
        // The CLI runs as a process of its own, as it does for users: the target is not its child, so it learns of the
        // target's death only through the broken connection and /proc, not from waiting on a child.
        string cli = Path.Combine(AppContext.BaseDirectory, "Heapwise.Cli.dll");
        var run = Task.Run(() => ExternalTool.Run(TestTarget.DotnetHost,
            [cli, "heap", "--pid", pid, "--waste", "--dump-folder", folder.Path, "-o", Path.Combine(output.Path, "w.pb.gz")], timeout: TimeSpan.FromMinutes(2)), cancellationToken);

        // Stop createdump mid-way so the target surely dies before its dump is complete, then let createdump go on. The
        // target is createdump's tracee: it stays a zombie until createdump runs again, so its exit is awaited after.
        int writer = DumpWriter.WaitFor(folder.Path, cancellationToken);
        DumpWriter.Signal(writer, "STOP");
        try
        {
            DumpWriter.Signal(targetId, "KILL");
            DumpWriter.WaitUntilDead(targetId, cancellationToken);
        }
        finally
        {
            DumpWriter.Signal(writer, "CONT");
        }

        var result = await run;
        Assert.NotEqual(0, result.ExitCode);
        var lines = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal($"heapwise: Process {pid} exited during the heap dump: analyze a process that keeps running.", lines[^1]);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(folder.Path));
        Assert.Empty(Directory.GetFileSystemEntries(output.Path));
    }

    [Fact]
    public async Task A_dump_folder_with_no_room_for_a_file_is_createdumps_ENOSPC_said_in_one_line()
    {
        SmallDisk.RequireUserNamespaces();
        using var folder = new TemporaryDirectory();
        using var output = new TemporaryDirectory();

        // Plenty of bytes (the room check passes) but one inode, the root's: createdump's open() gets ENOSPC.
        using var target = SmallDisk.StartTarget(folder.Path, "size=4g,nr_inodes=1", "waste");
        string pid = target.Id.ToString(CultureInfo.InvariantCulture);
        var result = await CliRun.InvokeAsync("heap", "--pid", pid, "--waste", "--dump-folder", folder.Path, "-o", Path.Combine(output.Path, "w.pb.gz"));

        Assert.NotEqual(0, result.ExitCode);
        Assert.Equal(
            $"heapwise: Process {pid} could not write a heap dump to {folder.Path}: the disk is full (No space left on device); free some space or choose another dump folder.",
            result.StderrLines[^1]);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(TargetView(target, folder.Path)));
        Assert.Empty(Directory.GetFileSystemEntries(output.Path));
    }

    [Fact]
    public async Task A_dump_folder_too_small_for_the_dump_is_refused_before_the_target_is_paused()
    {
        SmallDisk.RequireUserNamespaces();
        using var folder = new TemporaryDirectory();
        using var target = SmallDisk.StartTarget(folder.Path, "size=1m", "waste");
        string pid = target.Id.ToString(CultureInfo.InvariantCulture);

        // The target's own view of the folder (through /proc/PID/root) is the 1 MB tmpfs; Heapwise measures it there.
        string small = TargetView(target, folder.Path);
        var result = await CliRun.InvokeAsync("heap", "--pid", pid, "--waste", "--dump-folder", small, "-o", Path.Combine(folder.Path, "w.pb.gz"));

        Assert.NotEqual(0, result.ExitCode);
        string line = Assert.Single(result.StderrLines);
        Assert.StartsWith($"heapwise: not enough room in {small} for a heap dump of process {pid} (about ", line, StringComparison.Ordinal);
        Assert.EndsWith(" MB needed, 1 MB free): free some space or choose another dump folder.", line, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(small));
    }

    [Fact]
    public async Task A_full_output_disk_is_one_line_and_leaves_no_partial_file()
    {
        SmallDisk.RequireUserNamespaces();
        using var folder = new TemporaryDirectory();
        using var target = TestTarget.Start("waste");
        string pid = target.Id.ToString(CultureInfo.InvariantCulture);
        string cli = Path.Combine(AppContext.BaseDirectory, "Heapwise.Cli.dll");

        // The CLI runs inside the namespace, writing to a 16 KB tmpfs; the script then lists what is left there.
        var start = SmallDisk.Start(folder.Path, "size=16k",
            "\"$2\" \"$3\" heap --pid \"$4\" --waste -o \"$1/w.pb.gz\"; code=$?; echo \"left:[$(ls -A \"$1\")]\" >&2; exit $code",
            TestTarget.DotnetHost, cli, pid);
        var result = ExternalTool.Run(start.FileName, start.ArgumentList, timeout: TimeSpan.FromMinutes(2));

        Assert.NotEqual(0, result.ExitCode);
        var lines = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal("left:[]", lines[^1]);
        Assert.StartsWith($"heapwise: cannot write '{folder.Path}/w.", lines[^2], StringComparison.Ordinal);
        Assert.Contains("No space left on device", lines[^2], StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
    }

    /// <summary><paramref name="folder"/> as the target sees it, in its own mount namespace.</summary>
    private static string TargetView(RunningTarget target, string folder) =>
        string.Create(CultureInfo.InvariantCulture, $"/proc/{target.Id}/root{folder}");
}
