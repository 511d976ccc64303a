using System.Runtime.CompilerServices;

namespace Heapwise.TestTarget;

/// <summary>
/// A heap with exactly known waste for the heap waste tests (mode <c>waste</c>), all held by static fields:
/// <list type="bullet">
/// <item>a <see cref="List{T}"/> of <see cref="int"/> with capacity <c>ListCapacity</c> and <c>ListCount</c> items;</item>
/// <item><c>StringCopies</c> copies of one string of <c>StringLength</c> characters, each built at run time;</item>
/// <item><c>EmptyDictionaries</c> empty <see cref="Dictionary{TKey, TValue}"/> of <see cref="int"/> to <see cref="int"/> (no buckets allocated);</item>
/// <item>a <c>byte[ZeroArrayLength]</c> left all zero, and a <c>byte[RandomArrayLength]</c> filled with random bytes (not waste);</item>
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

    /// <summary>The duplicated string's content.</summary>
    public static string StringContent => "waste-test:".PadRight(StringLength, 'x');

    /// <summary>The content of the dead strings.</summary>
    public static string DeadStringContent => "dead-string:".PadRight(StringLength, 'y');

    private static List<int>? s_sparseList;
    private static string[]? s_copies;
    private static Dictionary<int, int>[]? s_empty;
    private static byte[]? s_zeros;
    private static byte[]? s_random;

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
    }
}
