using System.Runtime.InteropServices;
using Heapwise.Profiles;
using Microsoft.Diagnostics.Tracing.Etlx;

namespace Heapwise.Collection;

/// <summary>
/// Turns aggregated allocations into a pprof profile: sample types <c>alloc_objects</c>/count and
/// <c>alloc_space</c>/bytes (default), period 102,400 bytes of space, frames leaf first with readable names,
/// file and line where a portable PDB tells them, and the module as the mapping.
/// </summary>
internal sealed class AllocationProfileBuilder : IDisposable
{
    private static readonly string[] KindNames = ["small", "large", "pinned"];

    private readonly ProfileBuilder _builder = new(("alloc_objects", "count"), ("alloc_space", "bytes"));
    private readonly StackLocations _stacks;
    private readonly Dictionary<string, string> _typeNames = new(StringComparer.Ordinal);

    public AllocationProfileBuilder(TraceLog log, CodeMap codeMap)
    {
        _stacks = new StackLocations(log, codeMap, _builder);
        _builder.Period("space", "bytes", AllocationSampleScaler.SamplingDistance).DefaultSampleType("alloc_space");
    }

    /// <summary>Builds the profile from <paramref name="totals"/>, largest allocators first.</summary>
    public Profile Build(IReadOnlyDictionary<AllocationKey, AllocationTotals> totals, IEnumerable<string> comments, DateTimeOffset start, TimeSpan duration)
    {
        foreach (string comment in comments)
        {
            _builder.Comment(comment);
        }

        _builder.Time(start, duration);
        var ordered = totals.OrderByDescending(t => t.Value.Bytes).ToList();
        _stacks.RegisterEntryModuleFirst(ordered.Select(t => t.Key.Stack));
        var stack = new List<ulong>(64);
        foreach (var (key, value) in ordered)
        {
            _stacks.Fill(key.Stack, stack);
            long objects = (long)Math.Round(value.Objects);
            long bytes = (long)Math.Round(value.Bytes);
            _builder.AddSample(CollectionsMarshal.AsSpan(stack), [objects, bytes],
            [
                _builder.Label("type", TypeName(key.TypeName)),
                _builder.Label("kind", key.Kind >= 0 && key.Kind < KindNames.Length ? KindNames[key.Kind] : "other"),
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
}
