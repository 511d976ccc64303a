namespace Heapwise.Analysis;

/// <summary>
/// What identifies a function in a function-granularity report, as in pprof: its name, or for
/// frames without a name the module they ran in. Functions with the same name in different files
/// are one entry, as <c>go tool pprof -top</c> shows them.
/// </summary>
/// <param name="Name">The function's display name, or empty when unknown.</param>
/// <param name="ObjectFile">The module (mapping file) for nameless frames, else empty.</param>
/// <param name="StartLine">The function's start line for nameless frames, else 0.</param>
internal readonly record struct FrameKey(string Name, string ObjectFile, long StartLine)
{
    /// <summary>The name a report prints: the function name, <c>[module]</c>, or <c>&lt;unknown&gt;</c>.</summary>
    public string PrintableName =>
        Name.Length != 0 ? Name
        : ObjectFile.Length != 0 ? "[" + BaseName(ObjectFile) + "]"
        : "<unknown>";

    private static readonly char[] Separators = [Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar];

    /// <summary>The last element of a path, like Go's <c>filepath.Base</c> on this system (so names match pprof's here).</summary>
    internal static string BaseName(string path)
    {
        string trimmed = path.TrimEnd(Separators);
        if (trimmed.Length == 0)
        {
            return path.Length == 0 ? "." : "/";
        }

        int slash = trimmed.LastIndexOfAny(Separators);
        return slash < 0 ? trimmed : trimmed[(slash + 1)..];
    }
}
