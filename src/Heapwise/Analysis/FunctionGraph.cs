namespace Heapwise.Analysis;

/// <summary>
/// Flat and cumulative values per function, and the call edges between shown functions, computed
/// from a <see cref="FunctionView"/> with pprof's rules:
/// <list type="bullet">
/// <item>flat goes to the innermost frame of the leaf location (an inlined callee, if any);</item>
/// <item>cum counts a sample once per function, however often recursion repeats it in the stack;</item>
/// <item>an edge is "inline" when the callee was inlined into the caller in the same location.</item>
/// </list>
/// </summary>
internal static class FunctionGraph
{
    /// <summary>Flat and cumulative value of every frame id of <paramref name="view"/> for value <paramref name="valueIndex"/>.</summary>
    public static (long[] Flat, long[] Cum) ComputeValues(FunctionView view, int valueIndex)
    {
        var flat = new long[view.Frames.Count];
        var cum = new long[view.Frames.Count];

        // lastSample[frame] == the current sample's number when the frame was already counted in
        // it: an array lookup instead of a set per sample, which matters on millions of samples.
        var lastSample = new int[view.Frames.Count];
        int sampleNumber = 0;
        foreach (var sample in view.Samples)
        {
            long w = sample.Values[valueIndex];
            if (w == 0 || sample.Stack.Length == 0)
            {
                continue;
            }

            sampleNumber++;
            var stack = sample.Stack;
            for (int i = 0; i < stack.Length; i++)
            {
                int single = stack.SingleFrame(i);
                if (single >= 0)
                {
                    Count(single);
                    continue;
                }

                foreach (int frame in stack[i].Frames)
                {
                    Count(frame);
                }
            }

            int leaf = stack.SingleFrame(0);
            flat[leaf >= 0 ? leaf : stack[0].Frames[0]] += w;

            void Count(int frame)
            {
                if (lastSample[frame] != sampleNumber)
                {
                    lastSample[frame] = sampleNumber;
                    cum[frame] += w;
                }
            }
        }

        return (flat, cum);
    }

    /// <summary>
    /// For each frame id in <paramref name="shown"/>, whether all, some or none of its callers
    /// reach it through inlining, counting only edges of at least <paramref name="edgeCutoff"/>.
    /// Frames not in <paramref name="kept"/> are skipped over, so edges bridge hidden functions
    /// the way pprof's trimmed graphs do. <paramref name="kept"/> null means all frames are kept.
    /// </summary>
    public static Dictionary<int, InlineStatus> ComputeInlineStatus(FunctionView view, int valueIndex,
        HashSet<int>? kept, IEnumerable<int> shown, long edgeCutoff)
    {
        // Only edges into shown frames decide anything, so only those are looked up and stored;
        // the walk still visits every kept frame to know each one's caller.
        var isShown = CallEdges.Flags(view, shown);
        var edges = CallEdges.Collect(view, valueIndex, kept is null ? null : CallEdges.Flags(view, kept), (_, callee) => isShown[callee]);

        var callers = new Dictionary<int, (bool Inline, bool NotInline)>();
        foreach (int node in shown)
        {
            callers[node] = (false, false);
        }

        foreach (var ((_, callee), edge) in edges)
        {
            if (GoMath.Abs(edge.Weight) >= edgeCutoff && callers.TryGetValue(callee, out var seen))
            {
                callers[callee] = edge.Inline ? (true, seen.NotInline) : (seen.Inline, true);
            }
        }

        return callers.ToDictionary(
            c => c.Key,
            c => c.Value switch
            {
                (true, true) => InlineStatus.PartialInline,
                (true, false) => InlineStatus.Inline,
                _ => InlineStatus.None,
            });
    }
}
