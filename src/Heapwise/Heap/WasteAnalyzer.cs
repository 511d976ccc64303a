using System.Buffers;
using System.Globalization;
using System.Text;
using Microsoft.Diagnostics.Runtime;

namespace Heapwise.Heap;

/// <summary>
/// Finds waste in a .NET heap read from a dump with ClrMD: the live objects are marked from the roots
/// (<see cref="LiveObjectSet"/>), then one walk over them finds over-sized and empty
/// collections (fields read through <see cref="CollectionLayout"/>), duplicate strings (<see cref="DuplicateStringCounter"/>)
/// and mostly-zero arrays of primitives and structs. A type whose fields are not the expected ones is skipped and named in a note.
/// </summary>
public static class WasteAnalyzer
{
    private const int ProgressEvery = 1_000_000;

    /// <summary>Analyzes the heap of <paramref name="runtime"/>.</summary>
    /// <param name="runtime">The runtime of an opened dump.</param>
    /// <param name="options">Thresholds; <see cref="WasteOptions.Default"/> when <see langword="null"/>.</param>
    /// <param name="progress">Told every million objects how many were walked.</param>
    /// <param name="cancellationToken">Stops the walk.</param>
    /// <exception cref="HeapwiseException">The dump's heap cannot be walked (it was written without the heap).</exception>
    public static HeapWaste Analyze(ClrRuntime runtime, WasteOptions? options = null, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        options ??= WasteOptions.Default;
        var heap = runtime.Heap;
        if (!heap.CanWalkHeap)
        {
            throw new HeapwiseException("the dump's heap cannot be walked (was it written without the heap, or during a garbage collection?): write it again with the heap (DumpType.WithHeap or Full).");
        }

        var live = LiveObjectSet.Mark(heap, cancellationToken);
        var walk = new Walk(runtime, options);
        long seen = 0;
        try
        {
            foreach (var obj in heap.EnumerateObjects())
            {
                if (++seen % ProgressEvery == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    progress?.Report(seen);
                }

                if (live.Contains(obj.Address))
                {
                    try
                    {
                        walk.Add(obj);
                    }
                    catch (Exception e) when (e is InvalidOperationException or IOException or ArgumentException or OverflowException or IndexOutOfRangeException)
                    {
                        // A damaged object (or a field ClrMD cannot read) costs this object, not the analysis.
                        walk.UnreadableObjects++;
                    }
                }
                else if (obj.Type is { IsFree: false })
                {
                    walk.DeadObjects++;
                }
            }

            return walk.Finish(heap);
        }
        finally
        {
            walk.Release();
        }
    }

    /// <summary>
    /// The heap space <paramref name="obj"/> takes: its size rounded up to 8 bytes, as the GC places objects (ClrMD
    /// reports a string of 40 characters as 102 bytes; it occupies 104).
    /// </summary>
    internal static long HeapSize(ClrObject obj) => ((long)obj.Size + 7) & ~7L;

    /// <summary>
    /// The content of a string for display: control characters, quotes and backslashes escaped as C# would, cut at
    /// <paramref name="maxLength"/> characters of content with an ellipsis.
    /// </summary>
    public static string Preview(string content, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(content);
        var text = new StringBuilder("\"");
        foreach (char c in content.AsSpan(0, Math.Min(content.Length, maxLength)))
        {
            text.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when char.IsControl(c) || char.IsSurrogate(c) || c is '\u2028' or '\u2029' => string.Create(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}"),
                _ => c.ToString(),
            });
        }

        return text.Append(content.Length > maxLength ? "\"…" : "\"").ToString();
    }

    /// <summary>The state of one walk: accumulators per kind of waste.</summary>
    private sealed class Walk(ClrRuntime runtime, WasteOptions options)
    {
        private const int ZeroSliceBytes = 1 << 16;

        private readonly Dictionary<ulong, (CollectionLayout? Layout, string? Missing)> _layouts = [];
        private readonly Dictionary<string, (long Objects, long Count, long Capacity, long Wasted)> _oversized = new(StringComparer.Ordinal);
        private readonly Dictionary<string, (long Objects, long Bytes)> _empty = new(StringComparer.Ordinal);
        private readonly Dictionary<string, (string Field, long Objects)> _unknownLayouts = new(StringComparer.Ordinal);
        private readonly DuplicateStringCounter? _strings = DuplicateStringCounter.Create(runtime, options.MaxDistinctStrings);
        private readonly List<(ulong Address, WasteArrayRow Row)> _zeroArrays = [];

        // The slot arrays of collections counted as over-sized or empty: their unused slots are zero too, and are
        // not counted a second time as mostly-zero arrays.
        private readonly HashSet<ulong> _countedStorage = [];
        private readonly byte[] _slice = ArrayPool<byte>.Shared.Rent(ZeroSliceBytes);
        private long _unreadableArrays;
        private long _heapBytes;

        public long Objects { get; private set; }

        public long DeadObjects { get; set; }

        public long UnreadableObjects { get; set; }

        public void Add(ClrObject obj)
        {
            if (obj.Type is not { } type || type.IsFree)
            {
                return;
            }

            Objects++;
            _heapBytes += HeapSize(obj);
            if (type.IsString)
            {
                _strings?.Add(obj);
            }
            else if (type.IsArray)
            {
                AddArray(obj, type);
            }
            else if (LayoutOf(type) is (var layout, var missing))
            {
                if (layout?.Measure(obj, out missing) is { } measure)
                {
                    AddCollection(type, measure);
                }
                else if (missing is not null)
                {
                    var (_, skipped) = _unknownLayouts.GetValueOrDefault(type.Name!);
                    _unknownLayouts[type.Name!] = (missing, skipped + 1);
                }
            }
        }

        public HeapWaste Finish(ClrHeap heap)
        {
            var notes = new List<string>();
            if (DeadObjects > 0)
            {
                notes.Add(string.Create(CultureInfo.InvariantCulture, $"{DeadObjects:N0} objects in the dump are reached from no root (dead since the last GC) and were left out"));
            }

            foreach (var (type, (field, objects)) in _unknownLayouts.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                notes.Add(string.Create(CultureInfo.InvariantCulture, $"{objects:N0} objects of {type} were skipped: the type has no field {field} (a runtime version Heapwise does not know)"));
            }

            var strings = new List<WasteStringRow>();
            long stringBytes = 0;
            if (_strings is null)
            {
                notes.Add("duplicate strings were not counted: System.String has no fields _stringLength and _firstChar in this runtime");
            }
            else
            {
                var (top, wasted) = _strings.Duplicates(options.RowCount);
                stringBytes = wasted;
                foreach (var (address, length, copies, size) in top)
                {
                    string content = heap.GetObject(address).AsString(options.PreviewLength + 1) ?? string.Empty;
                    strings.Add(new WasteStringRow(Preview(content, options.PreviewLength), length, copies, size, (copies - 1) * size));
                }

                if (_strings.Unexamined > 0)
                {
                    notes.Add(string.Create(CultureInfo.InvariantCulture,
                        $"{_strings.Unexamined:N0} strings were not checked for duplicates: the heap has more than {options.MaxDistinctStrings:N0} distinct strings (the memory cap)"));
                }

                if (_strings.Unreadable > 0)
                {
                    notes.Add(string.Create(CultureInfo.InvariantCulture, $"{_strings.Unreadable:N0} strings could not be read from the dump"));
                }
            }

            if (UnreadableObjects > 0)
            {
                notes.Add(string.Create(CultureInfo.InvariantCulture, $"{UnreadableObjects:N0} objects could not be read from the dump and were skipped"));
            }

            if (_unreadableArrays > 0)
            {
                notes.Add(string.Create(CultureInfo.InvariantCulture, $"{_unreadableArrays:N0} arrays could not be read from the dump"));
            }

            var arrays = _zeroArrays.Where(a => !_countedStorage.Contains(a.Address)).Select(a => a.Row).ToList();
            return new HeapWaste
            {
                Options = options,
                ObjectCount = Objects,
                HeapBytes = _heapBytes,
                Collections = [.. _oversized.Select(p => new WasteCollectionRow(p.Key, p.Value.Objects, p.Value.Count, p.Value.Capacity, p.Value.Wasted))
                    .OrderByDescending(r => r.WastedBytes).ThenBy(r => r.Type, StringComparer.Ordinal).Take(options.RowCount)],
                CollectionBytes = _oversized.Values.Sum(v => v.Wasted),
                EmptyCollections = [.. _empty.Select(p => new WasteEmptyRow(p.Key, p.Value.Objects, p.Value.Bytes))
                    .OrderByDescending(r => r.Bytes).ThenBy(r => r.Type, StringComparer.Ordinal).Take(options.RowCount)],
                EmptyCollectionBytes = _empty.Values.Sum(v => v.Bytes),
                DuplicateStrings = strings,
                DuplicateStringBytes = stringBytes,
                ZeroArrays = [.. arrays.OrderByDescending(r => r.ZeroBytes).ThenBy(r => r.Type, StringComparer.Ordinal).Take(options.RowCount)],
                ZeroArrayBytes = arrays.Sum(r => r.ZeroBytes),
                Notes = notes,
            };
        }

        public void Release()
        {
            _strings?.Release();
            ArrayPool<byte>.Shared.Return(_slice);
        }

        private (CollectionLayout? Layout, string? Missing) LayoutOf(ClrType type)
        {
            if (!_layouts.TryGetValue(type.MethodTable, out var known))
            {
                var layout = CollectionLayout.For(type, out string? missing);
                known = (layout, missing);
                _layouts[type.MethodTable] = known;
            }

            return known;
        }

        private void AddCollection(ClrType type, CollectionMeasure measure)
        {
            string name = type.Name!;
            if (measure.Count == 0)
            {
                if (!measure.HasPreviousChunk)
                {
                    var (objects, bytes) = _empty.GetValueOrDefault(name);
                    _empty[name] = (objects + 1, bytes + measure.Bytes);
                    _countedStorage.Add(measure.Storage);
                    _countedStorage.Add(measure.Companion);
                }

                return;
            }

            if (measure.Capacity > measure.Count && measure.Capacity >= options.CapacityRatio * measure.Count)
            {
                _countedStorage.Add(measure.Storage);
                _countedStorage.Add(measure.Companion);
                var (objects, count, capacity, wasted) = _oversized.GetValueOrDefault(name);
                long unused = Math.Max(0, measure.Capacity - measure.Count);
                _oversized[name] = (objects + 1, count + measure.Count, capacity + measure.Capacity, wasted + (unused * measure.SlotBytes));
            }
        }

        private void AddArray(ClrObject obj, ClrType type)
        {
            // Arrays of primitives and of structs are examined; arrays of references (a null is no waste of its own) and
            // multi-dimensional arrays are not. A struct's reference fields are counted like its other bytes: a slot
            // whose references are all null and whose numbers are all zero holds nothing.
            if (type.ComponentType is not { IsValueType: true } || type.ComponentSize <= 0 || type.Name?.EndsWith("[]", StringComparison.Ordinal) != true)
            {
                return;
            }

            long length = obj.AsArray().Length;
            long dataBytes = length * type.ComponentSize;
            if (dataBytes < options.MinArrayBytes)
            {
                return;
            }

            // A one-dimensional array's elements follow its method table pointer and length (padded to a pointer).
            ulong address = obj.Address + (2UL * (ulong)runtime.DataTarget.DataReader.PointerSize);
            long zeros = 0;
            for (long done = 0; done < dataBytes;)
            {
                int slice = (int)Math.Min(dataBytes - done, ZeroSliceBytes);
                var span = _slice.AsSpan(0, slice);
                if (runtime.DataTarget.DataReader.Read(address + (ulong)done, span) != slice)
                {
                    _unreadableArrays++;
                    return;
                }

                zeros += span.Count((byte)0);
                done += slice;

                // Stop early once the array cannot reach the threshold any more.
                if (done - zeros > (1 - options.ZeroFraction) * dataBytes)
                {
                    return;
                }
            }

            if (zeros < options.ZeroFraction * dataBytes)
            {
                return;
            }

            _zeroArrays.Add((obj.Address, new WasteArrayRow(type.Name!, length, HeapSize(obj), zeros)));
        }
    }
}
