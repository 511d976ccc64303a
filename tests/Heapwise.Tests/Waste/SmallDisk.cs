using System.Diagnostics;
using Heapwise.Tests.Infrastructure;

namespace Heapwise.Tests.Waste;

/// <summary>
/// A real full disk without root: a tmpfs mounted in a user and mount namespace of its own (<c>unshare -r -m</c>), seen
/// only by the process started inside it. Tests skip, saying why, where the kernel refuses unprivileged user namespaces.
/// </summary>
internal static class SmallDisk
{
    /// <summary>Skips the test unless <c>unshare -r -m</c> can mount a tmpfs here.</summary>
    public static void RequireUserNamespaces()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "a tmpfs in a user namespace needs Linux");
        if (ExternalTool.FindOnPath("unshare") is null)
        {
            Assert.Skip("'unshare' (util-linux) is not on PATH");
        }

        using var probe = new TemporaryDirectory();
        var result = ExternalTool.Run("unshare", ["-r", "-m", "mount", "-t", "tmpfs", "-o", "size=64k", "none", probe.Path]);
        Assert.SkipUnless(result.ExitCode == 0,
            $"unprivileged user namespaces are not available here (unshare -r -m: {result.Stderr.Trim()}): a full disk cannot be made without root");
    }

    /// <summary>
    /// Arguments for <c>unshare</c> that mount a tmpfs with <paramref name="options"/> (e.g. <c>size=16k</c>) on
    /// <paramref name="folder"/>, then run <paramref name="script"/> with sh, the folder as <c>$1</c> and
    /// <paramref name="arguments"/> after it.
    /// </summary>
    public static ProcessStartInfo Start(string folder, string options, string script, params string[] arguments)
    {
        var start = new ProcessStartInfo("unshare") { UseShellExecute = false };
        foreach (string argument in (string[])["-r", "-m", "sh", "-c", $"mount -t tmpfs -o {options} none \"$1\" && {script}", "sh", folder, .. arguments])
        {
            start.ArgumentList.Add(argument);
        }

        return start;
    }

    /// <summary>
    /// Starts the test target in <paramref name="mode"/> inside a namespace where <paramref name="folder"/> is a tmpfs
    /// with <paramref name="options"/>; <c>unshare</c> and sh exec into it, so its id is the target's.
    /// </summary>
    public static RunningTarget StartTarget(string folder, string options, string mode)
    {
        var start = Start(folder, options, "exec \"$2\" \"$3\" \"$4\"", TestTarget.DotnetHost, TestTarget.AssemblyPath, mode);
        start.RedirectStandardInput = true;
        start.RedirectStandardOutput = true;
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start unshare");
        var ready = process.StandardOutput.ReadLineAsync();
        if (!ready.Wait(TimeSpan.FromSeconds(30)) || ready.Result != "ready")
        {
            process.Kill();
            Assert.Fail("the test target in its own mount namespace did not get ready");
        }

        return new RunningTarget(process);
    }
}
