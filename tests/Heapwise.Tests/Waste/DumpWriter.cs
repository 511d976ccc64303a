using System.Globalization;
using Heapwise.Tests.Infrastructure;

namespace Heapwise.Tests.Waste;

/// <summary>The <c>createdump</c> process a target's runtime starts to write a dump into a given folder (Linux).</summary>
internal static class DumpWriter
{
    /// <summary>Waits until a process writes a dump into <paramref name="folder"/> and returns its id; fails after a minute.</summary>
    public static int WaitFor(string folder, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(1));
        string argument = "\0" + folder + "/heapwise-";
        while (!timeout.IsCancellationRequested)
        {
            foreach (string process in Directory.GetDirectories("/proc"))
            {
                if (!int.TryParse(Path.GetFileName(process), NumberStyles.None, CultureInfo.InvariantCulture, out int id))
                {
                    continue;
                }

                try
                {
                    if (File.ReadAllText(Path.Combine(process, "cmdline")).Contains(argument, StringComparison.Ordinal))
                    {
                        return id;
                    }
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // Ended meanwhile.
                }
            }

            Thread.Sleep(2);
        }

        Assert.Fail($"no process started writing a dump into {folder}");
        return 0;
    }

    /// <summary>Waits until process <paramref name="processId"/> is a zombie or gone; fails after a minute.</summary>
    public static void WaitUntilDead(int processId, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(1));
        while (!timeout.IsCancellationRequested)
        {
            string stat;
            try
            {
                stat = File.ReadAllText($"/proc/{processId}/stat");
            }
            catch (IOException)
            {
                return;
            }

            if (stat[stat.LastIndexOf(')') + 2] is 'Z' or 'X')
            {
                return;
            }

            Thread.Sleep(2);
        }

        Assert.Fail($"process {processId} did not die");
    }

    /// <summary>Sends <paramref name="signal"/> (e.g. <c>STOP</c>, <c>CONT</c>) to process <paramref name="processId"/> with kill(1).</summary>
    public static void Signal(int processId, string signal)
    {
        var result = ExternalTool.Run("kill", ["-" + signal, processId.ToString(CultureInfo.InvariantCulture)]);
        Assert.True(result.ExitCode == 0, $"kill -{signal} {processId}: {result.Stderr}");
    }
}
