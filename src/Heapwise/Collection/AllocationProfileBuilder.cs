using System.Runtime.InteropServices;
using Heapwise.Profiles;
using Microsoft.Diagnostics.Tracing.Etlx;

namespace Heapwise.Collection;

/// <summary>
/// Turns aggregated allocations into a pprof profile: sample types <c>alloc_objects</c>/count and
/// <c>alloc_space</c>/bytes (default), period 102,400 bytes of space, frames leaf first with readable names,
/// file and line where a portable PDB tells them, and the module as the mapping. With live totals, the profile is a
/// heap profile in Go's layout: <c>alloc_objects</c>, <c>alloc_space</c>, <c>inuse_objects</c>, <c>inuse_space</c>
/// (default), so <c>-sample_index</c> switches between what was allocated and what is still alive.
/// </summary>
internal sealed class AllocationProfileBuilder : IDisposable
{
    private static readonly string[] KindNames = ["small", "large", "pinned"];

    private readonly ProfileBuilder _builder;
    private readonly StackLocations _stacks;
    private readonly Dictionary<string, string> _typeNames = new(StringComparer.Ordinal);

    public AllocationProfileBuilder(TraceLog log, CodeMap codeMap)
        : this(log, codeMap, ProfileShape(live: false))
    {
    }

    private AllocationProfileBuilder(TraceLog? log, CodeMap codeMap, ProfileBuilder builder)
    {
        _builder = builder;
        _stacks = new StackLocations(log, codeMap, _builder);
    }

    /// <summary>An empty profile of the right shape, for recordings that could not be read.</summary>
    public static ProfileBuilder ProfileShape(bool live)
    {
        var builder = live
            ? new ProfileBuilder(("alloc_objects", "count"), ("alloc_space", "bytes"), ("inuse_objects", "count"), ("inuse_space", "bytes"))
            : new ProfileBuilder(("alloc_objects", "count"), ("alloc_space", "bytes"));
        return builder.Period("space", "bytes", AllocationSampleScaler.SamplingDistance).DefaultSampleType(live ? "inuse_space" : "alloc_space");
    }

    /// <summary>A builder of heap profiles (allocated and in use) whose frames <paramref name="codeMap"/> names, see <see cref="BuildHeap"/>.</summary>
    public static AllocationProfileBuilder ForHeap(CodeMap codeMap) => new(log: null, codeMap, ProfileShape(live: true));

    /// <summary>Builds the profile from <paramref name="totals"/>, largest allocators first.</summary>
    public Profile Build(IReadOnlyDictionary<AllocationKey, AllocationTotals> totals, IEnumerable<string> comments, DateTimeOffset start, TimeSpan duration)
    {
        var ordered = totals.OrderByDescending(t => t.Value.Bytes).ToList();
        _stacks.RegisterEntryModuleFirst(ordered.Select(t => t.Key.Stack));
        var rows = ordered.Select(t => new Row(locations => _stacks.Fill(t.Key.Stack, locations), t.Key.TypeName, t.Key.Kind, t.Value, InUse: null));
        return Build(rows, comments, start, duration);
    }

    /// <summary>
    /// Builds a heap profile (from a builder made by <see cref="ForHeap"/>): every allocation site of
    /// <paramref name="live"/> with what it allocated and what of it is still alive, largest in use first.
    /// </summary>
    public Profile BuildHeap(LiveHeapSnapshot live, IEnumerable<string> comments, DateTimeOffset start, TimeSpan duration)
    {
        var ordered = live.Sites.OrderByDescending(s => s.InUse.Bytes).ThenByDescending(s => s.Allocated.Bytes).ToList();
        _stacks.RegisterEntryModuleFirst(ordered.Select(s => s.Stack.Select(f => f.Address)));
        var rows = ordered.Select(s => new Row(locations => _stacks.Fill(s.Stack, locations), s.TypeName, s.Kind, s.Allocated, s.InUse));
        return Build(rows, comments, start, duration);
    }

    private Profile Build(IEnumerable<Row> rows, IEnumerable<string> comments, DateTimeOffset start, TimeSpan duration)
    {
        foreach (string comment in comments)
        {
            _builder.Comment(comment);
        }

        _builder.Time(start, duration);
        var stack = new List<ulong>(64);
        Span<long> values = stackalloc long[4];
        foreach (var row in rows)
        {
            row.FillStack(stack);
            var value = row.Allocated;
            values[0] = (long)Math.Round(value.Objects);
            values[1] = (long)Math.Round(value.Bytes);
            if (row.InUse is { } live)
            {
                values[2] = (long)Math.Round(live.Objects);
                values[3] = (long)Math.Round(live.Bytes);
            }

            _builder.AddSample(CollectionsMarshal.AsSpan(stack), values[..(row.InUse is null ? 2 : 4)],
            [
                _builder.Label("type", TypeName(row.TypeName)),
                _builder.Label("kind", row.Kind >= 0 && row.Kind < KindNames.Length ? KindNames[row.Kind] : "other"),
                _builder.NumericLabel("bytes", (long)Math.Round(value.Bytes / value.Objects), "bytes"),
                _builder.NumericLabel("samples", value.Events, "count"),
            ]);
        }

        return _builder.Build();
    }

    /// <inheritdoc/>
    public void Dispose() => _stacks.Dispose();

    private string TypeName(string runtimeName)
    {
        if (!_typeNames.TryGetValue(runtimeName, out string? readable))
        {
            readable = runtimeName.Length == 0 ? "[unknown type]" : TypeNameFormatter.Format(runtimeName);
            _typeNames[runtimeName] = readable;
        }

        return readable;
    }

    // One sample to add: how to fill its stack's location ids, what it allocated and, for heap profiles, what is in use.
    private sealed record Row(Action<List<ulong>> FillStack, string TypeName, int Kind, AllocationTotals Allocated, AllocationTotals? InUse);
}
