namespace Heapwise.Analysis;

/// <summary>
/// What identifies a function in a function-granularity report, as in pprof: its name, or for
/// frames without a name the module they ran in. Functions with the same name in different files
/// are one entry, as <c>go tool pprof -top</c> shows them.
/// </summary>
/// <param name="Name">The function's display name, or empty when unknown.</param>
/// <param name="ObjectFile">The module (mapping file) for nameless frames, else empty.</param>
/// <param name="StartLine">The function's start line for nameless frames, else 0.</param>
/// <param name="File">The source file (cleaned as Go's <c>filepath.Clean</c>) at granularities that keep it, else empty.</param>
/// <param name="Line">The source line at <see cref="Granularity.Lines"/>, else 0.</param>
internal readonly record struct FrameKey(string Name, string ObjectFile, long StartLine, string File = "", long Line = 0)
{
    /// <summary>
    /// The name a report prints, as pprof's <c>NodeInfo.PrintableName</c>: the function name, then
    /// <c>file:line</c> or the file when kept; <c>[module]</c> or <c>&lt;unknown&gt;</c> when there is nothing else.
    /// </summary>
    public string PrintableName =>
        File.Length == 0 && Line == 0
            ? (Name.Length != 0 ? Name
                : ObjectFile.Length != 0 ? "[" + BaseName(ObjectFile) + "]"
                : "<unknown>")
            : (Name.Length != 0 ? Name + " " : string.Empty) + (Line != 0 ? File + ":" + Line.ToString(System.Globalization.CultureInfo.InvariantCulture) : File);

    /// <summary>Go's <c>filepath.Clean</c> for slash-separated paths: no repeated slashes, no <c>.</c>, <c>..</c> resolved lexically.</summary>
    internal static string CleanPath(string path)
    {
        if (path.Length == 0)
        {
            return ".";
        }

        bool rooted = path[0] == '/';
        var parts = new List<string>();
        foreach (string part in path.Split('/'))
        {
            if (part.Length == 0 || part == ".")
            {
                continue;
            }

            if (part == "..")
            {
                if (parts.Count > 0 && parts[^1] != "..")
                {
                    parts.RemoveAt(parts.Count - 1);
                }
                else if (!rooted)
                {
                    parts.Add(part);
                }

                continue;
            }

            parts.Add(part);
        }

        string joined = string.Join('/', parts);
        return rooted ? "/" + joined : joined.Length == 0 ? "." : joined;
    }

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
