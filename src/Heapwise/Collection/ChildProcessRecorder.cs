using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Diagnostics.NETCore.Client;

namespace Heapwise.Collection;

/// <summary>
/// Runs a program under the recorder from its first instruction, for <see cref="AllocationRecorder.RunAsync"/>.
/// </summary>
/// <remarks>
/// The child gets <c>DOTNET_DiagnosticPorts=&lt;our socket&gt;,connect,suspend</c>: its runtime connects to a socket
/// we listen on and waits there until resumed, so the session is in place before any managed code runs. This
/// reverse connection was chosen over <c>DOTNET_DefaultDiagnosticPortSuspend=1</c> plus polling for the child's own
/// socket because nothing races (the runtime comes to us), it also works when the command is a launcher script
/// whose .NET grandchild has another pid, and the wait ends the moment the child exits. The runtime is resumed on
/// every path, and its environment variable is cleared in the child before that, so programs it starts are not
/// suspended waiting for us.
/// </remarks>
internal static class ChildProcessRecorder
{
    private const string DiagnosticPortsVariable = "DOTNET_DiagnosticPorts";
    private static readonly TimeSpan CancelGrace = TimeSpan.FromSeconds(5);

    public static async Task<LaunchedRecording> RunAsync(string command, IReadOnlyList<string> arguments, RecordingOptions options, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var startInfo = CreateStartInfo(command, arguments, out string port);
        using var connectCancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (options.Duration is { } duration)
        {
            connectCancel.CancelAfter(duration);
        }

        // The listener starts before this call returns, so the child cannot connect too early.
        var connecting = DiagnosticsClientConnector.FromDiagnosticPort(port, connectCancel.Token);
        Process process;
        try
        {
            process = Process.Start(startInfo) ?? throw new Win32Exception("the process did not start");
        }
        catch (Win32Exception e)
        {
            await connectCancel.CancelAsync().ConfigureAwait(false);
            await DisposeQuietlyAsync(connecting).ConfigureAwait(false);
            throw new HeapwiseException($"Command '{command}' could not be started ({e.Message}): check its name and PATH, or give its full path.", e);
        }

        using (process)
        {
            DiagnosticsClientConnector? connector;
            try
            {
                connector = await ConnectAsync(connecting, process, connectCancel).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The listener failed (socket path taken, permissions): the child would wait for it forever.
                Terminate(process);
                throw new HeapwiseException($"Heapwise could not listen for '{command}' to connect ({e.Message}): check that the temporary folder is writable.", e);
            }

            if (connector is null)
            {
                return await NotConnected(command, process, cancellationToken).ConfigureAwait(false);
            }

            await using (connector.ConfigureAwait(false))
            {
                var recording = await RecordConnectedAsync(connector.Instance, process, startInfo, options, cancellationToken).ConfigureAwait(false);
                var remaining = options.Duration is { } d ? d - clock.Elapsed : (TimeSpan?)null;
                int exitCode = await WaitForExitOrEndAsync(process, remaining, cancellationToken).ConfigureAwait(false);
                return new LaunchedRecording(recording, exitCode);
            }
        }
    }

    private static async Task<AllocationRecording> RecordConnectedAsync(DiagnosticsClient client, Process process, ProcessStartInfo startInfo,
        RecordingOptions options, CancellationToken cancellationToken)
    {
        TraceSession<AllocationRecording>? session = null;
        AllocationTraceContent? content = null;
        SessionSettings? settings = null;
        try
        {
            var version = RuntimeVersionProbe.Probe(process.Id);
            string commandLine = string.Join(' ', startInfo.ArgumentList.Prepend(startInfo.FileName));
            string target = string.Create(CultureInfo.InvariantCulture, $"process {process.Id} ({commandLine})");
            settings = new SessionSettings(process.Id, target, AllocationEventSelector.Choose(version), version,
                ExcludeReaderThread: false, options.Progress) { TrackLiveHeap = options.TrackLiveHeap };
            content = new AllocationTraceContent(settings);
            session = TraceSession<AllocationRecording>.Start(client, settings, content);
        }
        catch
        {
            // No recording: do not leave the program suspended, nor running on unrecorded after we report failure.
            Resume(client);
            Terminate(process);
            throw;
        }

        // Never leave the program suspended: resume right after the session is in place (events are buffered).
        Resume(client);
        using (session)
        {
            return await AllocationRecorder.ReadAsync(session, content, settings, options, cancellationToken).ConfigureAwait(false);
        }
    }

    private static ProcessStartInfo CreateStartInfo(string command, IReadOnlyList<string> arguments, out string port)
    {
        // A .dll is run by the dotnet host, as 'dotnet app.dll' would.
        bool isAssembly = command.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) && File.Exists(command);
        var startInfo = new ProcessStartInfo(isAssembly ? DotnetHost() : command) { UseShellExecute = false };
        if (isAssembly)
        {
            startInfo.ArgumentList.Add(Path.GetFullPath(command));
        }

        foreach (string argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        port = NewPortAddress();
        startInfo.Environment[DiagnosticPortsVariable] = port + ",connect,suspend";
        return startInfo;
    }

    private static async Task<DiagnosticsClientConnector?> ConnectAsync(Task<DiagnosticsClientConnector> connecting, Process process, CancellationTokenSource connectCancel)
    {
        // Stop waiting when the program exits without connecting: it is not a .NET program (or not one we launched).
        var exited = process.WaitForExitAsync(connectCancel.Token);
        if (await Task.WhenAny(connecting, exited).ConfigureAwait(false) != connecting)
        {
            await connectCancel.CancelAsync().ConfigureAwait(false);
        }

        try
        {
            return await connecting.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    private static async Task<LaunchedRecording> NotConnected(string command, Process process, CancellationToken cancellationToken)
    {
        if (!process.HasExited)
        {
            // Cancelled or out of time before the runtime connected: a suspended runtime must not stay behind.
            Terminate(process);
            cancellationToken.ThrowIfCancellationRequested();
            throw new HeapwiseException($"'{command}' did not connect to Heapwise before the recording duration ended: check that it is a .NET program.");
        }

        await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        throw new HeapwiseException(string.Create(CultureInfo.InvariantCulture,
            $"'{command}' exited with code {process.ExitCode} before a .NET runtime connected: Heapwise records .NET programs (run an assembly as 'dotnet app.dll' or give the .dll)."));
    }

    private static async Task<int> WaitForExitOrEndAsync(Process process, TimeSpan? remaining, CancellationToken cancellationToken)
    {
        // Recording may end before the program (the runtime closed the stream); the program still runs until it
        // exits, the duration is over, or cancellation.
        using var until = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (remaining is { } r)
        {
            until.CancelAfter(r > TimeSpan.Zero ? r : TimeSpan.Zero);
        }

        await process.WaitForExitAsync(until.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (!process.HasExited && cancellationToken.IsCancellationRequested)
        {
            // A Ctrl+C in a terminal reaches the program too: give it a moment to exit by itself.
            using var grace = new CancellationTokenSource(CancelGrace);
            await process.WaitForExitAsync(grace.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        Terminate(process);
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(bound.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        return process.HasExited ? process.ExitCode : -1;
    }

    private static void Resume(DiagnosticsClient client)
    {
        try
        {
            // Programs the child starts inherit its environment: without this they would wait for us forever.
            client.SetEnvironmentVariable(DiagnosticPortsVariable, string.Empty);
        }
        catch (Exception e) when (e is ServerErrorException or ServerNotAvailableException or IOException or UnsupportedCommandException or TimeoutException)
        {
            // Older runtimes lack the command; resuming matters more.
        }

        try
        {
            client.ResumeRuntime();
        }
        catch (Exception e) when (e is ServerErrorException or ServerNotAvailableException or IOException or UnsupportedCommandException or TimeoutException)
        {
            // The process is gone; nothing is left suspended.
        }
    }

    private static void Terminate(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (Exception e) when (e is InvalidOperationException or Win32Exception or NotSupportedException)
        {
            // Already gone.
        }
    }

    private static async Task DisposeQuietlyAsync(Task<DiagnosticsClientConnector> connecting)
    {
        try
        {
            var connector = await connecting.ConfigureAwait(false);
            if (connector is not null)
            {
                await connector.DisposeAsync().ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // The listener was cancelled, as asked.
        }
    }

    private static string NewPortAddress()
    {
        string name = $"heapwise-{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}-{Guid.NewGuid():N}"[..32];
        if (OperatingSystem.IsWindows())
        {
            return name; // a named pipe
        }

        // Unix socket paths are limited to about 100 bytes: fall back to /tmp when TMPDIR is deep.
        string path = Path.Combine(Path.GetTempPath(), name + ".sock");
        return path.Length < 100 ? path : Path.Combine("/tmp", name + ".sock");
    }

    private static string DotnetHost()
    {
        string? current = Environment.ProcessPath;
        if (current is not null && Path.GetFileNameWithoutExtension(current).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            return current;
        }

        return Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
    }
}
