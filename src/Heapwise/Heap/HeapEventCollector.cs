using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;

namespace Heapwise.Heap;

/// <summary>
/// Collects the runtime's heap-dump events of one induced gen-2 GC (GCBulkNode, GCBulkEdge, root and type events)
/// into flat arrays, and checks them for gaps: bulk events carry a running index, so a lost one shows as a jump.
/// </summary>
/// <remarks>
/// Objects arrive in GCBulkNode events with their reference count; their references follow, in the same order, in
/// GCBulkEdge events. Only events between the dump's GCStart and GCStop are kept (dotnet-gcdump and PerfView read
/// them the same way). Type names (BulkType) may arrive before or after the objects that use them.
/// </remarks>
internal sealed class HeapEventCollector
{
    private readonly Dictionary<ulong, int> _typeIndex = [];
    private int _gcNumber = -1;
    private int _nextNodeEventIndex;
    private int _nextEdgeEventIndex;
    private double _lastSuspendStartMs = double.NaN;
    private int _objectCount;
    private long _lastEvent = Environment.TickCount64;

    /// <summary>Object addresses, in the order the runtime walked them.</summary>
    public List<ulong> Addresses { get; } = [];

    /// <summary>Object sizes, parallel to <see cref="Addresses"/>.</summary>
    public List<long> Sizes { get; } = [];

    /// <summary>Object type numbers, parallel to <see cref="Addresses"/>.</summary>
    public List<int> Types { get; } = [];

    /// <summary>How many references each object has, parallel to <see cref="Addresses"/>.</summary>
    public List<int> ReferenceCounts { get; } = [];

    /// <summary>Referenced addresses, in object order.</summary>
    public List<ulong> ReferenceTargets { get; } = [];

    /// <summary>Type names by type number; null until the type's BulkType event arrives.</summary>
    public List<string?> TypeNames { get; } = [];

    /// <summary>Rooted addresses.</summary>
    public List<ulong> RootAddresses { get; } = [];

    /// <summary>Root kinds, parallel to <see cref="RootAddresses"/>.</summary>
    public List<HeapRootKind> RootKinds { get; } = [];

    /// <summary>Static field names (type id, field) of static roots, parallel to <see cref="RootAddresses"/>; default otherwise.</summary>
    public List<(ulong TypeId, string? Field)> RootFields { get; } = [];

    /// <summary>Generation ranges reported after the walk: (start, end exclusive, generation).</summary>
    public List<(ulong Start, ulong End, int Generation)> GenerationRanges { get; } = [];

    /// <summary>Problems found while reading (gaps in bulk event indexes), one sentence each.</summary>
    public List<string> Problems { get; } = [];

    /// <summary>Whether the dump's GC started.</summary>
    public bool Started => _gcNumber >= 0;

    /// <summary>Whether the dump's GC ended: every heap-dump event has been sent.</summary>
    public bool Completed { get; private set; }

    /// <summary>Set when the dump completes (raised on the reader thread).</summary>
    public ManualResetEventSlim CompletedSignal { get; } = new();

    /// <summary>The GC's start time.</summary>
    public DateTime StartTime { get; private set; }

    /// <summary>Execution-engine suspension to restart around the dump's GC, when both events were seen.</summary>
    public TimeSpan? Pause { get; private set; }

    /// <summary>Objects received so far (read from the waiting thread).</summary>
    public int ObjectCount => Volatile.Read(ref _objectCount);

    /// <summary>How long since the last event arrived (or since the collector was made, before any).</summary>
    public TimeSpan QuietFor => TimeSpan.FromMilliseconds(Environment.TickCount64 - Volatile.Read(ref _lastEvent));

    private bool InDump => Started && !Completed;

    /// <summary>Subscribes to the events of <paramref name="source"/>.</summary>
    public void Attach(TraceEventDispatcher source)
    {
        source.AllEvents += _ => Volatile.Write(ref _lastEvent, Environment.TickCount64);
        var clr = source.Clr;
        clr.GCSuspendEEStart += data =>
        {
            if (!Started)
            {
                _lastSuspendStartMs = data.TimeStampRelativeMSec;
            }
        };
        clr.GCStart += data =>
        {
            // The dump's GC is an induced, blocking gen-2 GC; a natural gen-2 GC that happens first walks nothing.
            if (!Started && data.Depth == 2 && data.Type != GCType.BackgroundGC && data.Reason == GCReason.Induced)
            {
                _gcNumber = data.Count;
                StartTime = data.TimeStamp;
            }
        };
        clr.GCStop += data =>
        {
            if (InDump && data.Count == _gcNumber)
            {
                if (Addresses.Count == 0)
                {
                    _gcNumber = -1; // An induced GC without a walk (GC.Collect in the target): wait for the dump's.
                    return;
                }

                Completed = true;
                CompletedSignal.Set();
            }
        };
        clr.GCRestartEEStop += data =>
        {
            if (Completed && Pause is null && !double.IsNaN(_lastSuspendStartMs))
            {
                Pause = TimeSpan.FromMilliseconds(data.TimeStampRelativeMSec - _lastSuspendStartMs);
            }
        };
        clr.TypeBulkType += OnBulkType;
        clr.GCBulkNode += OnBulkNode;
        clr.GCBulkEdge += OnBulkEdge;
        clr.GCBulkRootEdge += OnBulkRootEdge;
        clr.GCBulkRootStaticVar += OnBulkRootStaticVar;
        clr.GCBulkRootConditionalWeakTableElementEdge += OnDependentHandles;
        clr.GCGenerationRange += data =>
        {
            // The ranges sent after the walk started describe the heap as walked.
            if (InDump && Addresses.Count > 0)
            {
                GenerationRanges.Add((data.RangeStart, data.RangeStart + data.RangeUsedLength, data.Generation));
            }
        };
    }

    /// <summary>The type number for runtime type id <paramref name="typeId"/>, allocated on first sight.</summary>
    public int TypeNumber(ulong typeId)
    {
        if (!_typeIndex.TryGetValue(typeId, out int index))
        {
            index = TypeNames.Count;
            _typeIndex.Add(typeId, index);
            TypeNames.Add(null);
        }

        return index;
    }

    private void OnBulkType(GCBulkTypeTraceData data)
    {
        for (int i = 0; i < data.Count; i++)
        {
            var value = data.Values(i);
            int index = TypeNumber(value.TypeID);
            TypeNames[index] ??= value.TypeName;
        }
    }

    private void OnBulkNode(GCBulkNodeTraceData data)
    {
        if (!InDump)
        {
            return;
        }

        CheckSequence(data.Index, ref _nextNodeEventIndex, "object");
        for (int i = 0; i < data.Count; i++)
        {
            var node = data.Values(i);
            Addresses.Add(node.Address);
            Sizes.Add((long)node.Size);
            Types.Add(TypeNumber(node.TypeID));
            ReferenceCounts.Add(checked((int)node.EdgeCount));
        }

        Volatile.Write(ref _objectCount, Addresses.Count);
    }

    private void OnBulkEdge(GCBulkEdgeTraceData data)
    {
        if (!InDump)
        {
            return;
        }

        CheckSequence(data.Index, ref _nextEdgeEventIndex, "reference");
        for (int i = 0; i < data.Count; i++)
        {
            ReferenceTargets.Add(data.Values(i).Target);
        }

    }

    private void OnBulkRootEdge(GCBulkRootEdgeTraceData data)
    {
        if (!InDump)
        {
            return;
        }

        for (int i = 0; i < data.Count; i++)
        {
            var root = data.Values(i);
            var flags = root.GCRootFlag;
            if ((flags & GCRootFlags.WeakRef) != 0 || root.RootedNodeAddress == 0)
            {
                continue; // Weak references do not keep anything alive.
            }

            var kind = root.GCRootKind switch
            {
                GCRootKind.Stack => HeapRootKind.Stack,
                GCRootKind.Finalizer => HeapRootKind.FinalizerQueue,
                GCRootKind.Handle when (flags & GCRootFlags.RefCounted) != 0 => HeapRootKind.Other,
                GCRootKind.Handle when (flags & GCRootFlags.Pinning) != 0 => HeapRootKind.PinningHandle,
                GCRootKind.Handle => HeapRootKind.StrongHandle,
                _ => HeapRootKind.Other,
            };
            AddRoot(root.RootedNodeAddress, kind, default);
        }
    }

    private void OnBulkRootStaticVar(GCBulkRootStaticVarTraceData data)
    {
        if (!InDump)
        {
            return;
        }

        for (int i = 0; i < data.Count; i++)
        {
            var value = data.Values(i);
            if (value.ObjectID != 0)
            {
                AddRoot(value.ObjectID, HeapRootKind.StaticVariable, (value.TypeID, value.FieldName));
            }
        }
    }

    private void OnDependentHandles(GCBulkRootConditionalWeakTableElementEdgeTraceData data)
    {
        if (!InDump)
        {
            return;
        }

        for (int i = 0; i < data.Count; i++)
        {
            var value = data.Values(i);
            // The value lives only while its key does; a key of 0 is a dead entry.
            if (value.GCKeyNodeID != 0 && value.GCValueNodeID != 0)
            {
                AddRoot(value.GCValueNodeID, HeapRootKind.DependentHandle, default);
            }
        }
    }

    private void AddRoot(ulong address, HeapRootKind kind, (ulong, string?) field)
    {
        RootAddresses.Add(address);
        RootKinds.Add(kind);
        RootFields.Add(field);
    }

    private void CheckSequence(int index, ref int next, string what)
    {
        if (index != next)
        {
            Problems.Add($"{Math.Abs(index - next)} {what} event(s) of the heap walk were lost (runtime buffer full)");
        }

        next = index + 1;
    }
}
