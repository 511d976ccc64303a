using System.Text;
using Heapwise.Profiles;

namespace Heapwise.Analysis;

/// <summary>
/// The source of the functions whose name matches an expression, each line with the flat and
/// cumulative value of the samples at it, as <c>go tool pprof -list</c> prints it: one routine per
/// function and source file, functions by name, five lines of context around the lines with samples.
/// Source files are read from the paths in the profile, searched as pprof searches them
/// (<see cref="SourceSearch"/>).
/// </summary>
/// <example>
/// <code>
/// var list = ListReport.Compute([PprofReader.ReadFile("allocs.pb.gz")], "Parse", sourcePath: "/src/app");
/// foreach (var r in list.Routines) Console.WriteLine($"{r.Name} in {r.File}: {r.Lines.Count} lines");
/// </code>
/// </example>
public sealed class ListReport
{
    private const int Margin = 5;

    private ListReport(string sampleType, string sampleUnit, long total)
    {
        SampleType = sampleType;
        SampleUnit = sampleUnit;
        Total = total;
    }

    /// <summary>Name of the value reported, e.g. <c>alloc_space</c>.</summary>
    public string SampleType { get; }

    /// <summary>Unit of the values, e.g. <c>bytes</c>.</summary>
    public string SampleUnit { get; }

    /// <summary>Sum of the absolute values of all samples, before filtering.</summary>
    public long Total { get; }

    /// <summary>Matching functions and files, in pprof's order (function name, then file).</summary>
    public IReadOnlyList<ListRoutine> Routines { get; private set; } = [];

    /// <summary>Notes for stderr: filters that matched nothing.</summary>
    public IReadOnlyList<string> Warnings { get; private set; } = [];

    /// <summary>Formats a value as pprof's list does: in the smallest fitting unit.</summary>
    public string FormatValue(long value) => MeasurementFormat.ScaledLabel(value, SampleUnit, "minimum");

    /// <summary>Checks the expression, so a bad one fails before any profile is read.</summary>
    /// <exception cref="HeapwiseException">The expression does not compile.</exception>
    public static void Validate(string expression) => SampleFilter.Compile("list", expression);

    /// <summary>Computes the listing.</summary>
    /// <param name="profiles">Profiles, added together.</param>
    /// <param name="expression">Regular expression matched against function names (unanchored).</param>
    /// <param name="options">Sample index and filters; the granularity is always lines.</param>
    /// <param name="sourcePath">Directories to search, separated by <c>:</c> (pprof's <c>-source_path</c>); null for the current directory.</param>
    /// <param name="trimPath">Path prefixes to remove, separated by <c>:</c> (pprof's <c>-trim_path</c>); null for none.</param>
    /// <exception cref="HeapwiseException">The expression does not compile or matches no function, or the options are invalid.</exception>
    public static ListReport Compute(IReadOnlyList<Profile> profiles, string expression, ReportOptions? options = null,
        string? sourcePath = null, string? trimPath = null)
    {
        ArgumentNullException.ThrowIfNull(expression);
        options ??= ReportOptions.Default;
        var regex = SampleFilter.Compile("list", expression);
        var input = ReportInput.Create(profiles, options.SampleIndex, options.Filter, Granularity.Lines);
        var view = input.View;
        var (flat, cum) = FunctionGraph.ComputeValues(view, input.Index);

        // Nodes of matching functions, grouped by name and then by (trimmed) file, as pprof's printSource.
        var byName = new Dictionary<string, Dictionary<string, List<int>>>(StringComparer.Ordinal);
        var cleanedFiles = new Dictionary<int, string>();
        for (int n = 0; n < view.Frames.Count; n++)
        {
            if ((flat[n] == 0 && cum[n] == 0) || !regex.IsMatch(view.Frames[n].Name))
            {
                continue;
            }

            var frame = view.Frames[n];
            string file = frame.File.Length == 0 ? string.Empty
                : FrameKey.CleanPath(SourceSearch.TrimPath(frame.File, trimPath ?? string.Empty, sourcePath ?? string.Empty));
            cleanedFiles[n] = file;
            if (!byName.TryGetValue(frame.Name, out var files))
            {
                files = new Dictionary<string, List<int>>(StringComparer.Ordinal);
                byName[frame.Name] = files;
            }

            if (!files.TryGetValue(file, out var nodes))
            {
                nodes = [];
                files[file] = nodes;
            }

            nodes.Add(n);
        }

        if (byName.Count == 0)
        {
            throw new HeapwiseException($"no function matches '{expression}'; 'heapwise top' lists the function names.");
        }

        var search = new SourceSearch(sourcePath ?? Directory.GetCurrentDirectory(), trimPath ?? string.Empty);
        var routines = new List<ListRoutine>();
        foreach (string name in byName.Keys.Order(Comparer<string>.Create(NodeOrder.CompareByCodePoint)))
        {
            var files = byName[name];
            var withSource = files.Keys.Where(f => f.Length != 0).Order(Comparer<string>.Create(NodeOrder.CompareByCodePoint)).ToList();
            if (withSource.Count == 0)
            {
                routines.Add(new ListRoutine(name, null, 0, 0, [], null));
                continue;
            }

            foreach (string file in withSource)
            {
                var nodes = files[file];
                long flatSum = 0, cumSum = 0;
                var byLine = new Dictionary<long, (long Flat, long Cum)>();
                long start = long.MaxValue, end = long.MinValue;
                foreach (int n in nodes)
                {
                    flatSum += flat[n];
                    cumSum += cum[n];
                    var frame = view.Frames[n];
                    byLine[frame.Line] = byLine.TryGetValue(frame.Line, out var v) ? (v.Flat + flat[n], v.Cum + cum[n]) : (flat[n], cum[n]);
                    start = Math.Min(start, frame.StartLine != 0 ? frame.StartLine : frame.Line - Margin);
                    end = Math.Max(end, frame.Line + Margin);
                }

                start = Math.Max(start, 1);
                var (lines, error) = search.Lines(file);
                var shown = new List<ListLine>();
                if (error is null)
                {
                    for (long lineNo = start; lineNo <= end && lineNo < lines.Count; lineNo++)
                    {
                        var (f, c) = byLine.GetValueOrDefault(lineNo);
                        shown.Add(new ListLine(lineNo, f, c, lines[(int)lineNo]));
                    }
                }

                routines.Add(new ListRoutine(name, file, flatSum, cumSum, shown, error) { Tried = search.Tried.GetValueOrDefault(file) ?? [] });
            }
        }

        return new ListReport(input.SampleType, input.SampleUnit, input.Total) { Routines = routines, Warnings = input.Warnings };
    }
}

/// <summary>One function in one source file.</summary>
/// <param name="Name">The function name.</param>
/// <param name="File">The source file as the profile names it (after trimming); null when no node has one.</param>
/// <param name="Flat">Sum of the flat values of the function's lines in the file.</param>
/// <param name="Cum">Sum of their cumulative values.</param>
/// <param name="Lines">The source lines shown; empty when the file was not found.</param>
/// <param name="Error">Why the file could not be read (pprof's wording), or null.</param>
public sealed record ListRoutine(string Name, string? File, long Flat, long Cum, IReadOnlyList<ListLine> Lines, string? Error)
{
    /// <summary>Every path that was tried when the file was not found.</summary>
    public IReadOnlyList<string> Tried { get; init; } = [];
}

/// <summary>A source line with the values of the samples at it.</summary>
public sealed record ListLine(long Number, long Flat, long Cum, string Text);

/// <summary>
/// Finds source files as pprof does: trim the path (<c>-trim_path</c> prefixes, or else the part up to
/// the name of a search directory, and <c>/proc/self/cwd/</c>); an absolute path must exist as it is;
/// a relative one is looked for in each search directory and each of its parents.
/// </summary>
internal sealed class SourceSearch(string searchPath, string trimPath)
{
    private readonly Dictionary<string, (List<string> Lines, string? Error)> _files = new(StringComparer.Ordinal);

    /// <summary>The places looked at for the last file not found.</summary>
    public Dictionary<string, List<string>> Tried { get; } = new(StringComparer.Ordinal);

    /// <summary>The file's lines (index 0 unused) or pprof's error text when it cannot be found.</summary>
    public (List<string> Lines, string? Error) Lines(string path)
    {
        if (!_files.TryGetValue(path, out var result))
        {
            var tried = new List<string>();
            string? found = Find(path, tried);
            result = found is null
                ? ([string.Empty], Path.IsPathRooted(TrimPath(path, trimPath, searchPath))
                    ? $"open {TrimPath(path, trimPath, searchPath)}: no such file or directory"
                    : $"could not find file {TrimPath(path, trimPath, searchPath)} on path {searchPath}")
                : (ReadLines(found), null);
            if (found is null)
            {
                Tried[path] = tried;
            }

            _files[path] = result;
        }

        return result;
    }

    private string? Find(string path, List<string> tried)
    {
        path = TrimPath(path, trimPath, searchPath);
        if (Path.IsPathRooted(path))
        {
            tried.Add(path);
            return File.Exists(path) ? path : null;
        }

        foreach (string first in SplitList(searchPath))
        {
            string dir = first;
            while (true)
            {
                string candidate = dir.Length == 0 ? FrameKey.CleanPath(path) : FrameKey.CleanPath(dir + "/" + path);
                tried.Add(candidate);
                if (File.Exists(candidate))
                {
                    return candidate;
                }

                string parent = DirName(dir);
                if (parent == dir)
                {
                    break;
                }

                dir = parent;
            }
        }

        return null;
    }

    // Lines as Go's bufio.Scanner splits them: at '\n', a '\r' before it dropped, no empty last line.
    private static List<string> ReadLines(string path)
    {
        string text = File.ReadAllText(path, new UTF8Encoding(false));
        var lines = new List<string> { string.Empty };
        int at = 0;
        while (at < text.Length)
        {
            int newline = text.IndexOf('\n', at);
            int stop = newline < 0 ? text.Length : newline;
            string line = text[at..stop];
            lines.Add(newline >= 0 && line.EndsWith('\r') ? line[..^1] : line);
            at = stop + 1;
        }

        return lines;
    }

    /// <summary>Go's <c>filepath.SplitList</c>: empty for an empty string.</summary>
    internal static string[] SplitList(string list) => list.Length == 0 ? [] : list.Split(':');

    /// <summary>Go's <c>filepath.Dir</c>.</summary>
    internal static string DirName(string path)
    {
        int slash = path.LastIndexOf('/');
        return FrameKey.CleanPath(slash < 0 ? string.Empty : path[..(slash + 1)]);
    }

    /// <summary>pprof's <c>trimPath</c>: configured prefixes, else a search directory's name, then <c>/proc/self/cwd/</c>.</summary>
    internal static string TrimPath(string path, string trimPath, string searchPath)
    {
        if (trimPath.Length == 0)
        {
            foreach (string dir in SplitList(searchPath))
            {
                string want = "/" + FrameKey.BaseName(dir) + "/";
                int found = path.IndexOf(want, StringComparison.Ordinal);
                if (found != -1)
                {
                    return path[(found + want.Length)..];
                }
            }
        }

        foreach (string prefix in SplitList(trimPath).Append("/proc/self/cwd/./").Append("/proc/self/cwd/"))
        {
            string p = prefix.EndsWith('/') ? prefix : prefix + "/";
            if (path.StartsWith(p, StringComparison.Ordinal))
            {
                return path[p.Length..];
            }
        }

        return path;
    }
}
