namespace Heapwise.Collection;

/// <summary>The result of <see cref="AllocationRecorder.RunAsync"/>: the recording and how the program ended.</summary>
/// <param name="Recording">What the program allocated while recorded.</param>
/// <param name="ExitCode">
/// The program's exit code; when the duration elapsed or the recording was cancelled first, the program was
/// ended and this is the code it ended with (on Linux 137 after a kill).
/// </param>
public sealed record LaunchedRecording(AllocationRecording Recording, int ExitCode);
