namespace Heapwise.Collection;

/// <summary>One frame of a stack captured while recording: its return (or leaf) address, and the native module TraceLog placed it in, if any.</summary>
internal readonly record struct CapturedFrame(ulong Address, string? NativeModulePath);
