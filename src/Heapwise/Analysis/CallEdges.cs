using System.Runtime.InteropServices;

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
        // Each edge remembers the last sample that counted it, so a sample counts an edge once
        // without a set of its own: one dictionary lookup per call instead of two.
        var edges = new Dictionary<(int Caller, int Callee), (long Weight, bool Inline, int LastSample)>();
        int sampleNumber = 0;
        foreach (var sample in view.Samples)
        {
            long w = sample.Values[valueIndex];
            if (w == 0)
            {
                continue;
            }

            sampleNumber++;
            int parent = -1;

            // From the root to the leaf; within a location from the outermost frame inwards.
            var stack = sample.Stack;
            for (int i = stack.Length - 1; i >= 0; i--)
            {
                int single = stack.SingleFrame(i);
                if (single >= 0)
                {
                    Visit(single, inline: false);
                    continue;
                }

                int[] frames = stack[i].Frames;
                for (int f = frames.Length - 1; f >= 0; f--)
                {
                    Visit(frames[f], inline: f != frames.Length - 1);
                }
            }

            void Visit(int node, bool inline)
            {
                if (kept is not null && !kept[node])
                {
                    return;
                }

                if (parent >= 0 && node != parent && (include is null || include(parent, node)))
                {
                    ref var edge = ref CollectionsMarshal.GetValueRefOrAddDefault(edges, (parent, node), out bool exists);
                    if (!exists)
                    {
                        edge = (w, inline, sampleNumber);
                    }
                    else if (edge.LastSample != sampleNumber)
                    {
                        edge = (edge.Weight + w, edge.Inline && inline, sampleNumber);
                    }
                }

                parent = node;
            }
        }

        var result = new Dictionary<(int Caller, int Callee), (long Weight, bool Inline)>(edges.Count);
        foreach (var (key, edge) in edges)
        {
            result[key] = (edge.Weight, edge.Inline);
        }

        return result;
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
