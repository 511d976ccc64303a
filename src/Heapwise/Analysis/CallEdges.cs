namespace Heapwise.Analysis;

/// <summary>
/// The calls between functions in a <see cref="FunctionView"/>, as pprof's graph counts them: each
/// (caller, callee) pair once per sample with the sample's value, and "inline" only when every call
/// on that edge was an inlined frame within one location. Reports differ only in which frames they
/// keep (hidden ones are stepped over, so edges bridge them) and which edges they want.
/// </summary>
internal static class CallEdges
{
    /// <summary>Collects the edges for value <paramref name="valueIndex"/>.</summary>
    /// <param name="view">The merged samples.</param>
    /// <param name="valueIndex">Which sample value weighs the edges.</param>
    /// <param name="kept">Frames kept (indexed by frame id), or <see langword="null"/> for all.</param>
    /// <param name="include">Which (caller, callee) pairs to count, or <see langword="null"/> for all.</param>
    public static Dictionary<(int Caller, int Callee), (long Weight, bool Inline)> Collect(
        FunctionView view, int valueIndex, bool[]? kept, Func<int, int, bool>? include)
    {
        var edges = new Dictionary<(int Caller, int Callee), (long Weight, bool Inline)>();
        var seen = new HashSet<(int, int)>();
        foreach (var sample in view.Samples)
        {
            long w = sample.Values[valueIndex];
            if (w == 0)
            {
                continue;
            }

            seen.Clear();
            int parent = -1;

            // From the root to the leaf; within a location from the outermost frame inwards.
            for (int i = sample.Stack.Length - 1; i >= 0; i--)
            {
                int[] frames = sample.Stack[i].Frames;
                for (int f = frames.Length - 1; f >= 0; f--)
                {
                    int node = frames[f];
                    if (kept is not null && !kept[node])
                    {
                        continue;
                    }

                    if (parent >= 0 && node != parent && (include is null || include(parent, node)) && seen.Add((parent, node)))
                    {
                        bool inline = f != frames.Length - 1;
                        edges[(parent, node)] = edges.TryGetValue((parent, node), out var e)
                            ? (e.Weight + w, e.Inline && inline)
                            : (w, inline);
                    }

                    parent = node;
                }
            }
        }

        return edges;
    }

    /// <summary>A frame-id-indexed flag array with the given frames set.</summary>
    public static bool[] Flags(FunctionView view, IEnumerable<int> frames)
    {
        var flags = new bool[view.Frames.Count];
        foreach (int n in frames)
        {
            flags[n] = true;
        }

        return flags;
    }
}
