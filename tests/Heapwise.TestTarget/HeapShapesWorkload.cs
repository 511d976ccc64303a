using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Heapwise.TestTarget;

/// <summary>
/// A heap with an exactly known live set for the heap snapshot tests (mode <c>heap</c>). Each kind of root holds
/// objects of its own type, so counts by type tell which root kept what alive:
/// <list type="bullet">
/// <item>a static field holds an array of <see cref="StaticHeld"/>[<c>StaticCount</c>];</item>
/// <item>a thread blocked in a wait holds an array of <see cref="StackHeld"/>[<c>StackCount</c>] in a local;</item>
/// <item>a strong GC handle holds an array of <see cref="HandleHeld"/>[<c>HandleCount</c>];</item>
/// <item><c>FinalizerCount</c> unreachable <see cref="FinalizerHeld"/> objects, dropped after the last GC: the snapshot's
/// own GC finds them dead and queues them for finalization, so they are held by the finalizer queue. (Blocking the
/// finalizer thread to keep them there would block the snapshot: the runtime starts the heap-dump GC on that thread.)</item>
/// <item>a static field holds a small graph of known shape for the dominator test: A→B, A→C, B→D, C→D, D→E, E→byte[1000];</item>
/// <item><see cref="Garbage"/> objects are allocated and dropped before the snapshot: none may appear.</item>
/// </list>
/// It prints <c>ready</c>, then reads commands from stdin: <c>grow</c> adds <c>LeakStep</c> <see cref="Leaked"/>
/// objects to a static list and answers <c>grown</c>. It exits when stdin closes.
/// </summary>
internal static class HeapShapesWorkload
{
    public const int StaticCount = 1000;
    public const int StackCount = 500;
    public const int HandleCount = 300;
    public const int FinalizerCount = 200;
    public const int GarbageCount = 5000;
    public const int LeakStep = 10_000;

    private static StaticHeld[]? s_staticHeld;
    private static DominatorA? s_graph;
    private static readonly List<Leaked> Leak = [];

    public static int Run()
    {
        // Filled in a method of its own: a loop here would leave its last object in a stack slot of this frame.
        s_staticHeld = Make<StaticHeld>(StaticCount);
        var handle = GCHandle.Alloc(Make<HandleHeld>(HandleCount), GCHandleType.Normal);
        s_graph = MakeGraph();
        using var stackThreadReady = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var stackThread = new Thread(() => HoldOnStack(stackThreadReady, release)) { IsBackground = true, Name = "stack holder" };
        stackThread.Start();
        stackThreadReady.Wait();

        MakeGarbage();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        MakeFinalizable();

        Console.WriteLine("ready");
        Console.Out.Flush();
        string? line;
        while ((line = Console.ReadLine()) is not null)
        {
            if (line == "grow")
            {
                for (int i = 0; i < LeakStep; i++)
                {
                    Leak.Add(new Leaked { Id = Leak.Count });
                }

                Console.WriteLine("grown " + Leak.Count.ToString(CultureInfo.InvariantCulture));
                Console.Out.Flush();
            }
        }

        release.Set();
        stackThread.Join();
        handle.Free();
        GC.KeepAlive(s_staticHeld);
        GC.KeepAlive(s_graph);
        return 0;
    }

    /// <summary>
    /// Mode <c>finalizerblocked</c>: blocks the finalizer thread, prints <c>ready</c> and waits for stdin to close. The
    /// runtime starts the heap-dump GC on the finalizer thread, so a snapshot of this process never starts: the
    /// tests kill it meanwhile to check that a process exiting mid-snapshot is reported as such.
    /// </summary>
    public static int RunWithBlockedFinalizer()
    {
        using var blocked = new ManualResetEventSlim();
        MakeBlocker(blocked);
        GC.Collect();
        blocked.Wait();
        Console.WriteLine("ready");
        Console.Out.Flush();
        while (Console.ReadLine() is not null)
        {
        }

        return 0;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void MakeBlocker(ManualResetEventSlim started) => GC.KeepAlive(new FinalizerBlocker(started));

    /// <summary>An array of <paramref name="count"/> new objects, made in a frame of its own so no local keeps the last one.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static T[] Make<T>(int count)
        where T : new()
    {
        var items = new T[count];
        for (int i = 0; i < items.Length; i++)
        {
            items[i] = new T();
        }

        return items;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void HoldOnStack(ManualResetEventSlim ready, ManualResetEventSlim release)
    {
        // Filled elsewhere: in this frame the loop's last object would stay in a slot of its own (debug code keeps locals).
        var local = Make<StackHeld>(StackCount);
        ready.Set();
        release.Wait();
        GC.KeepAlive(local);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void MakeFinalizable()
    {
        for (int i = 0; i < FinalizerCount; i++)
        {
            Sink.Keep(new FinalizerHeld());
        }

        Sink.Keep(new object());
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void MakeGarbage()
    {
        for (int i = 0; i < GarbageCount; i++)
        {
            Sink.Keep(new Garbage { Value = i });
        }

        Sink.Keep(new object());
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static DominatorA MakeGraph()
    {
        var d = new DominatorD { Next = new DominatorE { Payload = new byte[1000] } };
        return new DominatorA { Left = new DominatorB { Next = d }, Right = new DominatorC { Next = d } };
    }
}

/// <summary>Held by a static field (24 bytes: header, method table, one long).</summary>
internal sealed class StaticHeld
{
    public long Value = 1;
}

/// <summary>Held by a local variable of a blocked thread (24 bytes).</summary>
internal sealed class StackHeld
{
    public long Value = 1;
}

/// <summary>Held by a strong GC handle (24 bytes).</summary>
internal sealed class HandleHeld
{
    public long Value = 1;
}

/// <summary>Allocated and dropped before the snapshot: must not appear in it (24 bytes).</summary>
internal sealed class Garbage
{
    public long Value;
}

/// <summary>Grows by <see cref="HeapShapesWorkload.LeakStep"/> on each <c>grow</c> command (24 bytes).</summary>
internal sealed class Leaked
{
    public long Id;
}

/// <summary>Unreachable but finalizable: the snapshot's GC puts it on the finalizer queue (24 bytes).</summary>
internal sealed class FinalizerHeld
{
    public long Value;

    ~FinalizerHeld() => Value++;
}

/// <summary>Its finalizer signals, then blocks the finalizer thread for good.</summary>
internal sealed class FinalizerBlocker(ManualResetEventSlim started)
{
    ~FinalizerBlocker()
    {
        started.Set();
        Thread.Sleep(Timeout.Infinite);
    }
}

/// <summary>The dominator graph's root: references B and C.</summary>
internal sealed class DominatorA
{
    public DominatorB? Left;
    public DominatorC? Right;
}

/// <summary>References D (shared with C).</summary>
internal sealed class DominatorB
{
    public DominatorD? Next;
}

/// <summary>References D (shared with B).</summary>
internal sealed class DominatorC
{
    public DominatorD? Next;
}

/// <summary>Reached through B and through C, so only A dominates it; dominates E.</summary>
internal sealed class DominatorD
{
    public DominatorE? Next;
}

/// <summary>Holds a byte[1000] payload.</summary>
internal sealed class DominatorE
{
    public byte[]? Payload;
}
