using System.Collections;
using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace Heapwise.TestTarget;

/// <summary>
/// A heap with exactly known waste for the heap waste tests (mode <c>waste</c>), all held by static fields:
/// <list type="bullet">
/// <item>a <see cref="List{T}"/> of <see cref="int"/> with capacity <c>ListCapacity</c> and <c>ListCount</c> items;</item>
/// <item><c>StringCopies</c> copies of one string of <c>StringLength</c> characters, each built at run time;</item>
/// <item><c>EmptyDictionaries</c> empty <see cref="Dictionary{TKey, TValue}"/> of <see cref="int"/> to <see cref="int"/> (no buckets allocated);</item>
/// <item>a <c>byte[ZeroArrayLength]</c> left all zero, and a <c>byte[RandomArrayLength]</c> filled with random bytes (not waste);</item>
/// <item>over-sized collections of other kinds, each with <c>ListCount</c> items: a <see cref="ConcurrentDictionary{TKey, TValue}"/>
/// of <see cref="int"/> to <see cref="int"/> with one lock and <c>ConcurrentBuckets</c> buckets, a <see cref="PriorityQueue{TElement, TPriority}"/>
/// of <see cref="int"/> by <see cref="int"/>, an <see cref="ArrayList"/> and a <see cref="SortedList{TKey, TValue}"/> of <see cref="int"/> to
/// <see cref="int"/>, the last three of capacity <c>SmallCapacity</c>, and a <see cref="SparseHashtable"/> (a class derived from <see cref="Hashtable"/>) made for <c>HashtableCapacity</c> items
/// (which takes <c>ConcurrentBuckets</c> buckets: capacity / 0.72, rounded up to a prime);</item>
/// <item>empty collections: <c>EmptyConcurrent</c> <see cref="ConcurrentDictionary{TKey, TValue}"/> of <see cref="long"/> to <see cref="long"/>
/// with one lock and the smallest table, <c>EmptySortedDictionaries</c> <see cref="SortedDictionary{TKey, TValue}"/> of <see cref="int"/> to
/// <see cref="string"/>, <c>EmptySortedSets</c> <see cref="SortedSet{T}"/> of <see cref="int"/> and <c>EmptyLinkedLists</c>
/// <see cref="LinkedList{T}"/> of <see cref="int"/>; synchronized wrappers of a one-item <see cref="Hashtable"/> and
/// <see cref="ArrayList"/> (not empty: their items are in the collection they wrap); and a <see cref="SortedSet{T}"/> of
/// <see cref="long"/> holding <c>ListCount</c> items (neither empty nor over-sized);</item>
/// <item>arrays of structs: a <see cref="ZeroStruct"/>[<c>StructArrayLength</c>] left all default (its reference fields null), a
/// <see cref="KeyValuePair{TKey, TValue}"/> of <see cref="long"/> to <see cref="long"/>[<c>PairArrayLength</c>] with <c>PairsSet</c> elements
/// set to (-1, -1), and one of the same length with every element (i + 1, -1), only 37.5% zero (not waste);</item>
/// <item>garbage made after the last GC, so a dump still holds it: a <see cref="List{T}"/> of <see cref="long"/> with
/// capacity <c>ListCapacity</c> and one item, and <c>StringCopies</c> copies of <see cref="DeadStringContent"/>; none of it is live waste.</item>
/// </list>
/// It prints <c>ready</c> and waits until stdin closes.
/// </summary>
internal static class WasteWorkload
{
    public const int ListCapacity = 100_000;
    public const int ListCount = 10;
    public const int StringCopies = 1000;
    public const int StringLength = 40;
    public const int EmptyDictionaries = 50;
    public const int ZeroArrayLength = 1_000_000;
    public const int RandomArrayLength = 1_000_003;

    public const int ConcurrentBuckets = 10_103; // a prime of the runtime's table, so the dictionary takes it as it is
    public const int SmallCapacity = 10_000;
    public const int EmptyConcurrent = 20;
    public const int EmptySortedDictionaries = 30;
    public const int EmptySortedSets = 40;
    public const int EmptyLinkedLists = 15;
    public const int HashtableCapacity = 7_272;
    public const int StructArrayLength = 2_000;
    public const int PairArrayLength = 1_000;
    public const int PairsSet = 5;

    /// <summary>The duplicated string's content.</summary>
    public static string StringContent => "waste-test:".PadRight(StringLength, 'x');

    /// <summary>The content of the dead strings.</summary>
    public static string DeadStringContent => "dead-string:".PadRight(StringLength, 'y');

    private static List<int>? s_sparseList;
    private static string[]? s_copies;
    private static Dictionary<int, int>[]? s_empty;
    private static byte[]? s_zeros;
    private static byte[]? s_random;
    private static ConcurrentDictionary<int, int>? s_concurrent;
    private static PriorityQueue<int, int>? s_priorityQueue;
    private static ArrayList? s_arrayList;
    private static SortedList<int, int>? s_sortedList;
    private static ConcurrentDictionary<long, long>[]? s_emptyConcurrent;
    private static SortedDictionary<int, string>[]? s_emptySortedDictionaries;
    private static SortedSet<int>[]? s_emptySortedSets;
    private static SortedSet<long>? s_sortedSet;
    private static SparseHashtable? s_hashtable;
    private static LinkedList<int>[]? s_emptyLinkedLists;
    private static object[]? s_wrappers;
    private static ZeroStruct[]? s_zeroStructs;
    private static KeyValuePair<long, long>[]? s_sparsePairs;
    private static KeyValuePair<long, long>[]? s_densePairs;

    public static int Run()
    {
        Build();
        GC.Collect();
        MakeGarbage();
        Console.WriteLine("ready");
        Console.Out.Flush();
        while (Console.ReadLine() is not null)
        {
        }

        GC.KeepAlive(s_sparseList);
        GC.KeepAlive(s_copies);
        GC.KeepAlive(s_empty);
        GC.KeepAlive(s_zeros);
        GC.KeepAlive(s_random);
        GC.KeepAlive(s_concurrent);
        GC.KeepAlive(s_priorityQueue);
        GC.KeepAlive(s_arrayList);
        GC.KeepAlive(s_sortedList);
        GC.KeepAlive(s_emptyConcurrent);
        GC.KeepAlive(s_emptySortedDictionaries);
        GC.KeepAlive(s_emptySortedSets);
        GC.KeepAlive(s_sortedSet);
        GC.KeepAlive(s_hashtable);
        GC.KeepAlive(s_emptyLinkedLists);
        GC.KeepAlive(s_wrappers);
        GC.KeepAlive(s_zeroStructs);
        GC.KeepAlive(s_sparsePairs);
        GC.KeepAlive(s_densePairs);
        return 0;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void MakeGarbage()
    {
        var list = new List<long>(ListCapacity) { 1 };
        Sink.Keep(list);
        char[] content = DeadStringContent.ToCharArray();
        for (int i = 0; i < StringCopies; i++)
        {
            Sink.Keep(new string(content));
        }

        Sink.Keep(new object());
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Build()
    {
        s_sparseList = new List<int>(ListCapacity);
        for (int i = 0; i < ListCount; i++)
        {
            s_sparseList.Add(i);
        }

        // new string(char[]) makes a new object each time: a literal would be one interned object.
        char[] content = StringContent.ToCharArray();
        s_copies = new string[StringCopies];
        for (int i = 0; i < s_copies.Length; i++)
        {
            s_copies[i] = new string(content);
        }

        s_empty = new Dictionary<int, int>[EmptyDictionaries];
        for (int i = 0; i < s_empty.Length; i++)
        {
            s_empty[i] = new Dictionary<int, int>();
        }

        s_zeros = new byte[ZeroArrayLength];
        s_random = new byte[RandomArrayLength];
        new Random(42).NextBytes(s_random);
        BuildOtherCollections();
        BuildStructArrays();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void BuildOtherCollections()
    {
        s_concurrent = new ConcurrentDictionary<int, int>(concurrencyLevel: 1, capacity: ConcurrentBuckets);
        s_priorityQueue = new PriorityQueue<int, int>(SmallCapacity);
        s_arrayList = new ArrayList(SmallCapacity);
        s_sortedList = new SortedList<int, int>(SmallCapacity);
        s_sortedSet = [];
        s_hashtable = new SparseHashtable(HashtableCapacity);
        for (int i = 0; i < ListCount; i++)
        {
            s_concurrent[i] = i;
            s_priorityQueue.Enqueue(i, i);
            s_arrayList.Add(i);
            s_sortedList.Add(i, i);
            s_sortedSet.Add(i);
            s_hashtable.Add(i, i);
        }

        s_emptyConcurrent = new ConcurrentDictionary<long, long>[EmptyConcurrent];
        for (int i = 0; i < s_emptyConcurrent.Length; i++)
        {
            s_emptyConcurrent[i] = new ConcurrentDictionary<long, long>(concurrencyLevel: 1, capacity: 0);
        }

        s_emptySortedDictionaries = new SortedDictionary<int, string>[EmptySortedDictionaries];
        for (int i = 0; i < s_emptySortedDictionaries.Length; i++)
        {
            s_emptySortedDictionaries[i] = [];
        }

        // The runtime's synchronized wrappers derive from the collection they wrap, leaving its fields unused.
        s_wrappers = [Hashtable.Synchronized(new Hashtable { [1] = 1 }), ArrayList.Synchronized(new ArrayList(1) { 1 })];

        s_emptyLinkedLists = new LinkedList<int>[EmptyLinkedLists];
        for (int i = 0; i < s_emptyLinkedLists.Length; i++)
        {
            s_emptyLinkedLists[i] = [];
        }

        s_emptySortedSets = new SortedSet<int>[EmptySortedSets];
        for (int i = 0; i < s_emptySortedSets.Length; i++)
        {
            s_emptySortedSets[i] = [];
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void BuildStructArrays()
    {
        s_zeroStructs = new ZeroStruct[StructArrayLength];
        s_sparsePairs = new KeyValuePair<long, long>[PairArrayLength];
        for (int i = 0; i < PairsSet; i++)
        {
            s_sparsePairs[i * 100] = new KeyValuePair<long, long>(-1, -1);
        }

        s_densePairs = new KeyValuePair<long, long>[PairArrayLength];
        for (int i = 0; i < s_densePairs.Length; i++)
        {
            s_densePairs[i] = new KeyValuePair<long, long>(i + 1, -1);
        }
    }

    /// <summary>A class derived from a BCL collection, as applications write them.</summary>
    internal sealed class SparseHashtable(int capacity) : Hashtable(capacity);

    /// <summary>A struct with a reference: 24 bytes on x64, all zero when default.</summary>
    internal readonly record struct ZeroStruct(long Ticks, double Value, object? Tag);
}
