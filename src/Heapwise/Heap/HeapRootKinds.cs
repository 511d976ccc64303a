namespace Heapwise.Heap;

/// <summary>Display names of <see cref="HeapRootKind"/>, as frames of reference paths and in reports.</summary>
public static class HeapRootKinds
{
    /// <summary>The bracketed name shown at the bottom of reference paths, e.g. <c>[static]</c>.</summary>
    public static string DisplayName(HeapRootKind kind) => kind switch
    {
        HeapRootKind.Stack => "[stack]",
        HeapRootKind.StaticVariable => "[static]",
        HeapRootKind.StrongHandle => "[strong handle]",
        HeapRootKind.PinningHandle => "[pinning handle]",
        HeapRootKind.FinalizerQueue => "[finalizer queue]",
        HeapRootKind.DependentHandle => "[dependent handle]",
        _ => "[other root]",
    };
}
