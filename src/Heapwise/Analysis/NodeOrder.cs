namespace Heapwise.Analysis;

/// <summary>
/// pprof's report order: by |flat| descending, then name, then |cum| descending; with <c>-cum</c>,
/// by |cum| descending, then name, then |flat| descending. Names compare by Unicode code point
/// (Go compares UTF-8 bytes, which orders the same), not by UTF-16 unit or culture.
/// </summary>
internal sealed class NodeOrder(IReadOnlyList<FrameKey> frames, long[] flat, long[] cum, bool cumulative) : IComparer<int>
{
    public int Compare(int x, int y)
    {
        long[] first = cumulative ? cum : flat;
        long[] third = cumulative ? flat : cum;
        int c = GoMath.Abs(first[y]).CompareTo(GoMath.Abs(first[x]));
        if (c != 0)
        {
            return c;
        }

        c = CompareByCodePoint(frames[x].PrintableName, frames[y].PrintableName);
        if (c != 0)
        {
            return c;
        }

        c = GoMath.Abs(third[y]).CompareTo(GoMath.Abs(third[x]));
        if (c != 0)
        {
            return c;
        }

        // Same printed name, different identity (a function named like a module): any stable order.
        c = string.CompareOrdinal(frames[x].ObjectFile, frames[y].ObjectFile);
        c = c != 0 ? c : frames[x].StartLine.CompareTo(frames[y].StartLine);
        c = c != 0 ? c : string.CompareOrdinal(frames[x].File, frames[y].File);
        return c != 0 ? c : frames[x].Line.CompareTo(frames[y].Line);
    }

    /// <summary>Compares strings by code point, the order of their UTF-8 bytes.</summary>
    internal static int CompareByCodePoint(string a, string b)
    {
        var ea = a.EnumerateRunes();
        var eb = b.EnumerateRunes();
        while (true)
        {
            bool hasA = ea.MoveNext();
            bool hasB = eb.MoveNext();
            if (!hasA || !hasB)
            {
                return hasA.CompareTo(hasB);
            }

            int c = ea.Current.Value.CompareTo(eb.Current.Value);
            if (c != 0)
            {
                return c;
            }
        }
    }
}
