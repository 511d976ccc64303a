using System.Runtime.CompilerServices;

namespace Heapwise.TestTarget;

/// <summary>
/// A large live heap for the snapshot benchmark and the lost-event test (mode <c>heapscale &lt;objects&gt;</c>):
/// half the objects are <see cref="ScaleNode"/> (40 bytes) in chains of 50 hanging from a static array, the other
/// half their <c>byte[136]</c> payloads (160 bytes), so ten million objects are about a gigabyte. Prints
/// <c>ready</c> and waits until stdin closes.
/// </summary>
internal static class HeapScaleWorkload
{
    private const int ChainLength = 50;

    private static ScaleNode?[]? s_chains;

    public static int Run(long objects)
    {
        long nodes = objects / 2;
        int chains = (int)Math.Max(1, nodes / ChainLength);
        s_chains = new ScaleNode?[chains];
        for (int c = 0; c < chains; c++)
        {
            s_chains[c] = MakeChain(ChainLength);
        }

        GC.Collect();
        Console.WriteLine("ready");
        Console.Out.Flush();
        while (Console.ReadLine() is not null)
        {
        }

        GC.KeepAlive(s_chains);
        return 0;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ScaleNode MakeChain(int length)
    {
        ScaleNode? head = null;
        for (int i = 0; i < length; i++)
        {
            head = new ScaleNode { Next = head, Payload = new byte[136], Value = i };
        }

        return head!;
    }
}

/// <summary>One link of a chain: header, method table, two references and a long (40 bytes).</summary>
internal sealed class ScaleNode
{
    public ScaleNode? Next;
    public byte[]? Payload;
    public long Value;
}
