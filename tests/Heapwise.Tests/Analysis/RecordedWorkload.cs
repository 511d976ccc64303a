using System.Runtime.CompilerServices;
using System.Text;

namespace Heapwise.Tests.Analysis;

/// <summary>A small allocation workload with distinct, non-inlined sites, for profiles recorded in tests.</summary>
internal static class RecordedWorkload
{
    public static long Run()
    {
        long total = 0;
        for (int i = 0; i < 200; i++)
        {
            total += Buffers(i).Length;
            total += Text(i).Length;
            total += Lists(i).Count;
        }

        return total;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static byte[] Buffers(int i) => new byte[100_000 + i];

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static string Text(int i)
    {
        var sb = new StringBuilder();
        for (int j = 0; j < 2_000; j++)
        {
            sb.Append(j).Append(',').Append(i);
        }

        return sb.ToString();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static List<int> Lists(int i)
    {
        var list = new List<int>();
        for (int j = 0; j < 10_000 + i; j++)
        {
            list.Add(j);
        }

        return list;
    }
}
