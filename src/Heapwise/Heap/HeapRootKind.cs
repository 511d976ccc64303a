namespace Heapwise.Heap;

/// <summary>What holds a GC root: the kinds the runtime reports in its heap-dump events.</summary>
public enum HeapRootKind : byte
{
    /// <summary>A local variable or argument on a thread's stack (or a register).</summary>
    Stack = 0,

    /// <summary>A static field (reported by the runtime as a static variable root, or found through the statics storage).</summary>
    StaticVariable = 1,

    /// <summary>A strong GC handle (<c>GCHandle.Alloc</c>, runtime-internal handles).</summary>
    StrongHandle = 2,

    /// <summary>A pinning GC handle (<c>GCHandleType.Pinned</c>, the runtime's pinned statics storage).</summary>
    PinningHandle = 3,

    /// <summary>An object waiting on the finalizer queue for its finalizer to run.</summary>
    FinalizerQueue = 4,

    /// <summary>A value kept alive by its key through a dependent handle (<c>ConditionalWeakTable</c>).</summary>
    DependentHandle = 5,

    /// <summary>Any other root the runtime reports (sized-ref, overflow, ref-counted handles).</summary>
    Other = 6,
}
