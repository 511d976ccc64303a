using System.Diagnostics;
using System.Globalization;

namespace Heapwise.Tests.Waste;

/// <summary>
/// The test target started by a parent that never waits for it (sh starts it in the background, then becomes
/// <c>sleep</c>): when the target dies it stays a zombie until this parent is disposed.
/// </summary>
internal sealed class NeglectfulParent : IDisposable
{
    private readonly Process _parent;

    private NeglectfulParent(Process parent, int targetId)
    {
        _parent = parent;
        TargetId = targetId;
    }

    /// <summary>The target's process id.</summary>
    public int TargetId { get; }

    /// <summary>Starts the target in <paramref name="mode"/> (one that prints <c>ready</c>) and waits until it is ready.</summary>
    public static NeglectfulParent Start(params string[] mode)
    {
        var start = new ProcessStartInfo("sh") { UseShellExecute = false, RedirectStandardInput = true, RedirectStandardOutput = true };

        // The target keeps the shell's stdin (a background job would get /dev/null and end at once) and prints ready.
        foreach (string argument in (string[])["-c", "exec 3<&0; \"$0\" \"$@\" <&3 & echo $!; exec sleep 600", TestTarget.DotnetHost, TestTarget.AssemblyPath, .. mode])
        {
            start.ArgumentList.Add(argument);
        }

        var parent = Process.Start(start) ?? throw new InvalidOperationException("could not start sh");
        var lines = Task.Run(() => (parent.StandardOutput.ReadLine(), parent.StandardOutput.ReadLine()));
        if (!lines.Wait(TimeSpan.FromSeconds(60)) || lines.Result.Item2 != "ready")
        {
            parent.Kill(entireProcessTree: true);
            Assert.Fail("the test target under a neglectful parent did not get ready");
        }

        return new NeglectfulParent(parent, int.Parse(lines.Result.Item1!, CultureInfo.InvariantCulture));
    }

    /// <summary>Ends the target (when still alive) and the parent, whose end lets init reap the target.</summary>
    public void Dispose()
    {
        try
        {
            using var target = Process.GetProcessById(TargetId);
            target.Kill();
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // Already gone.
        }

        _parent.Kill(entireProcessTree: true);
        _parent.Dispose();
    }
}
