using Microsoft.Diagnostics.NETCore.Client;

namespace Heapwise.Collection;

/// <summary>The user-facing messages for failures to reach a process, one sentence each: what is wrong and what to do.</summary>
internal static class SessionErrors
{
    /// <summary>Process <paramref name="processId"/> does not exist.</summary>
    public static HeapwiseException NotFound(int processId) =>
        new($"Process {processId} was not found: check the process id (for example with 'ps' or 'dotnet-counters ps').");

    /// <summary>Why a session could not start on process <paramref name="processId"/>.</summary>
    public static HeapwiseException CannotStart(int processId, Exception cause)
    {
        if (!TargetProcess.IsRunning(processId))
        {
            return new HeapwiseException($"Process {processId} exited before the recording could start: record a process that keeps running, or start it with 'heapwise run'.", cause);
        }

        string name = TargetProcess.IdAndName(processId);
        return cause switch
        {
            ServerNotAvailableException => new HeapwiseException(
                $"Process {name} is not a .NET process or its diagnostics are disabled (DOTNET_EnableDiagnostics=0): record a .NET process started with diagnostics enabled, or start it with 'heapwise run'.", cause),
            UnsupportedCommandException or UnsupportedProtocolException => new HeapwiseException(
                $"Process {name} runs a .NET runtime without EventPipe allocation events: record a .NET 8 or later process.", cause),
            UnauthorizedAccessException => new HeapwiseException(
                $"Heapwise may not connect to process {name}: run Heapwise as the user that owns the process.", cause),
            _ => new HeapwiseException(
                $"Process {name} refused the allocation recording ({cause.Message.TrimEnd('.')}): check that it is a running .NET process and try again.", cause),
        };
    }
}
