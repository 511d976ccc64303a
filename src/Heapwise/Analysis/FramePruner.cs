using System.Text.RegularExpressions;

namespace Heapwise.Analysis;

/// <summary>
/// Applies a profile's <c>drop_frames</c> and <c>keep_frames</c> regular expressions the way pprof
/// does when it loads a profile: frames matching <c>drop_frames</c> (and not <c>keep_frames</c>), and
/// everything they call, are cut from stacks, but never the frames above the first frame that
/// does not match (so a stack is never emptied by its root).
/// </summary>
internal sealed class FramePruner
{
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(1);
    private static readonly string[] ReservedNames = ["(anonymous namespace)", "operator()"];

    private readonly Regex _drop;
    private readonly Regex? _keep;

    private FramePruner(Regex drop, Regex? keep)
    {
        _drop = drop;
        _keep = keep;
    }

    /// <summary>
    /// A pruner for the given expressions, or <see langword="null"/> when there is nothing to drop
    /// or an expression does not compile (pprof ignores invalid expressions the same way).
    /// </summary>
    public static FramePruner? Create(string dropFrames, string keepFrames)
    {
        if (dropFrames.Length == 0)
        {
            return null;
        }

        var drop = Compile(dropFrames);
        if (drop is null)
        {
            return null;
        }

        Regex? keep = null;
        if (keepFrames.Length != 0)
        {
            keep = Compile(keepFrames);
            if (keep is null)
            {
                return null;
            }
        }

        return new FramePruner(drop, keep);
    }

    /// <summary>Cuts the first matching frame (from the outermost) and the frames inlined into it.</summary>
    public ViewLocation PruneLocation(ViewLocation location)
    {
        int i;
        for (i = location.Frames.Length - 1; i >= 0; i--)
        {
            string name = location.FunctionNames[i];
            if (name.Length == 0)
            {
                continue;
            }

            string simplified = SimplifyName(name);
            if (_drop.IsMatch(simplified) && (_keep is null || !_keep.IsMatch(simplified)))
            {
                break;
            }
        }

        if (i < 0)
        {
            return location;
        }

        if (i == location.Frames.Length - 1)
        {
            return location with { Pruned = true, PrunedBeneath = true };
        }

        return location with
        {
            Frames = location.Frames[(i + 1)..],
            FunctionNames = location.FunctionNames[(i + 1)..],
            FileNames = location.FileNames[(i + 1)..],
            PrunedBeneath = true,
        };
    }

    /// <summary>Cuts a stack (leaf first) beneath the first pruned location found after a kept one, scanning from the root.</summary>
    public static ViewLocation[] PruneStack(ViewLocation[] stack)
    {
        bool foundUserFrame = false;
        for (int i = stack.Length - 1; i >= 0; i--)
        {
            var location = stack[i];
            if (!location.Pruned && !location.PrunedBeneath)
            {
                foundUserFrame = true;
                continue;
            }

            if (!foundUserFrame)
            {
                continue;
            }

            return location.Pruned ? stack[(i + 1)..] : stack[i..];
        }

        return stack;
    }

    /// <summary>Drops a leading '.' and an argument list, keeping names that contain reserved parentheses.</summary>
    private static string SimplifyName(string name)
    {
        string result = name.StartsWith('.') ? name[1..] : name;
        int from = 0;
        while (true)
        {
            int paren = result.IndexOf('(', from);
            if (paren < 0)
            {
                return result;
            }

            if (!ReservedNames.Any(r => IsInside(result, paren, r)))
            {
                return result[..paren];
            }

            from = paren + 1;
        }
    }

    // Whether the '(' at paren is part of the reserved name (whose own '(' may not be its first character).
    private static bool IsInside(string text, int paren, string reserved)
    {
        int offset = reserved.IndexOf('(', StringComparison.Ordinal);
        int start = paren - offset;
        return start >= 0 && string.CompareOrdinal(text, start, reserved, 0, reserved.Length) == 0;
    }

    private static Regex? Compile(string expression)
    {
        try
        {
            return new Regex("^(" + expression + ")$", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking, MatchTimeout);
        }
        catch (ArgumentException)
        {
            try
            {
                return new Regex("^(" + expression + ")$", RegexOptions.CultureInvariant, MatchTimeout);
            }
            catch (ArgumentException)
            {
                return null;
            }
        }
    }
}
