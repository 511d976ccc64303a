using System.Diagnostics;

// In Heapwise.Tests rather than Heapwise.Tests.Collection: from any Heapwise.Tests.* namespace the name TestTarget then
// finds this class before the namespace Heapwise.TestTarget of the referenced program.
namespace Heapwise.Tests;

/// <summary>
/// Heapwise.TestTarget, the real program the collection tests record. The test project references it, so its
/// build output (dll, pdb, runtimeconfig.json) is copied beside the tests.
/// </summary>
internal static class TestTarget
{
    public static string AssemblyPath { get; } = Path.Combine(AppContext.BaseDirectory, "Heapwise.TestTarget.dll");

    /// <summary>The dotnet host running these tests, to run the target with the same runtime.</summary>
    public static string DotnetHost { get; } =
        Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";

    /// <summary>Arguments that run the target in <paramref name="mode"/>.</summary>
    public static string[] Arguments(params string[] mode) => [AssemblyPath, .. mode];

    /// <summary>Starts the target in loop mode and waits for it to say it is ready; dispose to end it.</summary>
    public static RunningTarget StartLoop() => Start("loop");

    /// <summary>Starts the target in <paramref name="mode"/> (one that prints <c>ready</c>) and waits for it; dispose to end it.</summary>
    public static RunningTarget Start(params string[] mode)
    {
        var startInfo = new ProcessStartInfo(DotnetHost)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add(AssemblyPath);
        foreach (string argument in mode)
        {
            startInfo.ArgumentList.Add(argument);
        }

        var process = Process.Start(startInfo) ?? throw new InvalidOperationException("could not start the test target");
        var ready = process.StandardOutput.ReadLineAsync();
        if (!ready.Wait(TimeSpan.FromSeconds(30)) || ready.Result != "ready")
        {
            process.Kill();
            throw new InvalidOperationException("the test target did not get ready");
        }

        return new RunningTarget(process);
    }
}

/// <summary>A running loop-mode target: <see cref="StopAsync"/> ends it the polite way (closing stdin) and returns its exit code.</summary>
internal sealed class RunningTarget(Process process) : IDisposable
{
    public Process Process { get; } = process;

    public int Id => Process.Id;

    public async Task<int> StopAsync()
    {
        Process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await Process.WaitForExitAsync(timeout.Token);
        return Process.ExitCode;
    }

    public void Dispose()
    {
        if (!Process.HasExited)
        {
            Process.Kill(entireProcessTree: true);
        }

        Process.Dispose();
    }
}
