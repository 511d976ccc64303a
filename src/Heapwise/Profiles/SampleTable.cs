using System.Numerics;
using System.Runtime.InteropServices;

namespace Heapwise.Profiles;

/// <summary>
/// A profile's samples merged and stored in a few flat arrays instead of one <see cref="Sample"/>
/// message each: samples with the same location ids and the same labels (in the same order) become one,
/// their values added, and samples whose values are all zero are left out, as pprof's merge does.
/// A 1,000,000-sample profile held as messages costs about 800 MB; here it costs what its distinct
/// stacks cost, about 4 bytes a frame.
/// </summary>
internal sealed class SampleTable
{
    // Location ids are stored as ints: ids up to int.MaxValue as themselves (every writer we know
    // numbers locations 1..n), larger ones as the bitwise complement of their index in _largeIds.
    // Frames live in chunks, each stack inside one chunk: growing never copies, and never holds an
    // old and a new array of hundreds of megabytes at once. A stack starts at chunk * ChunkSize + offset.
    private const int ChunkBits = 20;
    private const int ChunkSize = 1 << ChunkBits;
    private readonly List<int[]> _chunks = [];
    private int[] _chunk = [];
    private int _chunkUsed;
    private long[] _start = new long[1 << 10];
    private int[] _length = new int[1 << 10];
    private int[] _labelSet = new int[1 << 10];
    private int[] _hash = new int[1 << 10];
    private long[] _values;
    private int[] _buckets = new int[1 << 11];
    private readonly List<ulong> _largeIds = [];
    private int _maxSmallId;
    private readonly Dictionary<ulong, int> _largeIdIndex = [];

    // Label sets as flat (key, str, num, num_unit) quadruples of string indices and numbers; id 0 is "no labels".
    private readonly List<long[]> _labelSets = [[]];
    private readonly Dictionary<long[], int> _labelSetIds = new(LabelContentComparer.Instance);
    private readonly Dictionary<long[], int>.AlternateLookup<ReadOnlySpan<long>> _labelSetLookup;

    /// <summary>An empty table for samples of <paramref name="valueCount"/> values each.</summary>
    public SampleTable(int valueCount)
    {
        ValueCount = valueCount;
        _values = new long[Math.Max(1, valueCount) << 10];
        _labelSetLookup = _labelSetIds.GetAlternateLookup<ReadOnlySpan<long>>();
    }

    /// <summary>Values per sample.</summary>
    public int ValueCount { get; }

    /// <summary>Distinct samples stored.</summary>
    public int Count { get; private set; }

    /// <summary>Samples added, before merging and counting the all-zero ones.</summary>
    public long AddedCount { get; private set; }

    /// <summary>Distinct label sets; ids run from 1 to this, 0 meaning "no labels".</summary>
    public int LabelSetCount => _labelSets.Count - 1;

    /// <summary>
    /// Adds a sample: <paramref name="labels"/> holds its labels as (key, str, num, num_unit) quadruples.
    /// </summary>
    public void Add(ReadOnlySpan<ulong> locationIds, ReadOnlySpan<long> values, ReadOnlySpan<long> labels)
    {
        AddedCount++;
        if (!values.ContainsAnyExcept(0L))
        {
            return;
        }

        int labelSet = InternLabels(labels);
        EnsureRoom(locationIds.Length);
        long start = ((long)(_chunks.Count - 1) << ChunkBits) + _chunkUsed;
        var stack = _chunk.AsSpan(_chunkUsed, locationIds.Length);
        for (int i = 0; i < stack.Length; i++)
        {
            stack[i] = StoredId(locationIds[i]);
        }

        int hashCode = Hash(stack, labelSet);

        int mask = _buckets.Length - 1;
        int bucket = hashCode & mask;
        while (_buckets[bucket] != 0)
        {
            int other = _buckets[bucket] - 1;
            if (_hash[other] == hashCode && _labelSet[other] == labelSet && Stack(other).SequenceEqual(stack))
            {
                var sums = _values.AsSpan(other * ValueCount, ValueCount);
                for (int v = 0; v < sums.Length; v++)
                {
                    sums[v] += values[v];
                }

                return; // the frames just written are overwritten by the next sample
            }

            bucket = (bucket + 1) & mask;
        }

        int index = Count;
        EnsureSamples(index + 1);
        _start[index] = start;
        _length[index] = locationIds.Length;
        _labelSet[index] = labelSet;
        _hash[index] = hashCode;
        values.CopyTo(_values.AsSpan(index * ValueCount, ValueCount));
        _chunkUsed += locationIds.Length;
        _buckets[bucket] = index + 1;
        Count = index + 1;
        if (Count * 2 > _buckets.Length)
        {
            Rehash();
        }
    }

    /// <summary>The stored location ids of sample <paramref name="sample"/>, leaf first; see <see cref="LocationId"/>.</summary>
    public ReadOnlySpan<int> Stack(int sample) =>
        _chunks[(int)(_start[sample] >> ChunkBits)].AsSpan((int)(_start[sample] & (ChunkSize - 1)), _length[sample]);

    /// <summary>Where <see cref="Stack"/> of <paramref name="sample"/> lies: an array the table owns, an offset and a length.</summary>
    public (int[] Frames, int Offset, int Length) StackSegment(int sample) =>
        (_chunks[(int)(_start[sample] >> ChunkBits)], (int)(_start[sample] & (ChunkSize - 1)), _length[sample]);

    /// <summary>Whether every stored location id is the id itself (no id above <see cref="int.MaxValue"/>).</summary>
    public bool StoresIdsAsThemselves => _largeIds.Count == 0;

    /// <summary>The largest location id up to <see cref="int.MaxValue"/> the samples use.</summary>
    public int MaxSmallId => _maxSmallId;

    /// <summary>The location id a value of <see cref="Stack"/> stands for.</summary>
    public ulong LocationId(int stored) => stored >= 0 ? (ulong)stored : _largeIds[~stored];

    /// <summary>The summed values of sample <paramref name="sample"/>.</summary>
    public ReadOnlySpan<long> Values(int sample) => _values.AsSpan(sample * ValueCount, ValueCount);

    /// <summary>
    /// Where the values of <paramref name="sample"/> are kept: the table's own array, shared rather than copied
    /// (valid until more samples are added).
    /// </summary>
    public (long[] Array, int Offset) ValueSegment(int sample) => (_values, sample * ValueCount);

    /// <summary>The label set id of sample <paramref name="sample"/> (0: no labels).</summary>
    public int LabelSet(int sample) => _labelSet[sample];

    /// <summary>The labels of set <paramref name="id"/> as (key, str, num, num_unit) quadruples.</summary>
    public ReadOnlySpan<long> Labels(int id) => _labelSets[id];

    /// <summary>The labels of set <paramref name="id"/> as new <see cref="Label"/> messages, in the sample's order.</summary>
    public Label[] LabelMessages(int id)
    {
        var flat = Labels(id);
        var labels = new Label[flat.Length / 4];
        for (int i = 0; i < labels.Length; i++)
        {
            labels[i] = new Label { Key = flat[i * 4], Str = flat[i * 4 + 1], Num = flat[i * 4 + 2], NumUnit = flat[i * 4 + 3] };
        }

        return labels;
    }

    /// <summary>Every distinct location id the samples use, each once.</summary>
    public IEnumerable<ulong> DistinctLocationIds()
    {
        // A flag per id when ids are dense, as writers number them; a set when a file numbers them sparsely.
        bool dense = _maxSmallId <= 1 << 26;
        var flags = dense ? new bool[_maxSmallId + 1] : [];
        var set = dense ? null : new HashSet<int>();
        for (int i = 0; i < Count; i++)
        {
            foreach (int stored in Stack(i))
            {
                if (stored < 0)
                {
                    continue;
                }

                if (dense)
                {
                    flags[stored] = true;
                }
                else
                {
                    set!.Add(stored);
                }
            }
        }

        for (int id = 0; id < flags.Length; id++)
        {
            if (flags[id])
            {
                yield return (ulong)id;
            }
        }

        foreach (int id in set ?? [])
        {
            yield return (ulong)id;
        }

        foreach (ulong id in _largeIds)
        {
            yield return id;
        }
    }

    // A multiplicative hash over the ids: this runs once per frame of every sample read, where
    // HashCode.AddBytes cost a tenth of reading a large profile. Collisions only cost a comparison.
    private static int Hash(ReadOnlySpan<int> stack, int labelSet)
    {
        uint hash = (uint)labelSet * 0x9E3779B1u;
        foreach (int id in stack)
        {
            hash = BitOperations.RotateLeft(hash ^ (uint)id, 5) * 0x9E3779B1u;
        }

        return (int)(hash ^ (hash >> 15));
    }

    private int StoredId(ulong id)
    {
        if (id <= int.MaxValue)
        {
            _maxSmallId = Math.Max(_maxSmallId, (int)id);
            return (int)id;
        }

        if (!_largeIdIndex.TryGetValue(id, out int index))
        {
            index = _largeIds.Count;
            _largeIds.Add(id);
            _largeIdIndex[id] = index;
        }

        return ~index;
    }

    private int InternLabels(ReadOnlySpan<long> labels)
    {
        if (labels.IsEmpty)
        {
            return 0;
        }

        if (!_labelSetLookup.TryGetValue(labels, out int id))
        {
            long[] content = labels.ToArray();
            id = _labelSets.Count;
            _labelSets.Add(content);
            _labelSetIds[content] = id;
        }

        return id;
    }

    private void EnsureRoom(int frames)
    {
        if (_chunks.Count == 0 || _chunkUsed + frames > _chunk.Length)
        {
            // A stack deeper than a chunk gets a chunk of its own size.
            _chunk = new int[Math.Max(frames, _chunks.Count == 0 ? 1 << 12 : ChunkSize)];
            _chunks.Add(_chunk);
            _chunkUsed = 0;
        }
    }

    private void EnsureSamples(int count)
    {
        if (count <= _start.Length)
        {
            return;
        }

        int size = _start.Length * 2;
        Array.Resize(ref _start, size);
        Array.Resize(ref _length, size);
        Array.Resize(ref _labelSet, size);
        Array.Resize(ref _hash, size);
        Array.Resize(ref _values, size * Math.Max(1, ValueCount));
    }

    private void Rehash()
    {
        _buckets = new int[_buckets.Length * 2];
        int mask = _buckets.Length - 1;
        for (int i = 0; i < Count; i++)
        {
            int bucket = _hash[i] & mask;
            while (_buckets[bucket] != 0)
            {
                bucket = (bucket + 1) & mask;
            }

            _buckets[bucket] = i + 1;
        }
    }

    /// <summary>Compares label sets by content, and looks them up by a span without allocating.</summary>
    private sealed class LabelContentComparer : IEqualityComparer<long[]>, IAlternateEqualityComparer<ReadOnlySpan<long>, long[]>
    {
        public static readonly LabelContentComparer Instance = new();

        public bool Equals(long[]? x, long[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(long[] obj) => GetHashCode((ReadOnlySpan<long>)obj);

        public bool Equals(ReadOnlySpan<long> alternate, long[] other) => alternate.SequenceEqual(other);

        public int GetHashCode(ReadOnlySpan<long> alternate)
        {
            var hash = new HashCode();
            hash.AddBytes(MemoryMarshal.AsBytes(alternate));
            return hash.ToHashCode();
        }

        public long[] Create(ReadOnlySpan<long> alternate) => alternate.ToArray();
    }
}
