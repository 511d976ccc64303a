using System.CommandLine;
using Heapwise.Analysis;
using Heapwise.Export;
using Heapwise.Profiles;

namespace Heapwise.Cli.Commands;

/// <summary>The arguments, options and file naming shared by the commands that export profiles (<c>flamegraph</c>, <c>export</c>).</summary>
internal static class ExportCommandParts
{
    /// <summary>The <c>-o</c> value that means standard output.</summary>
    public const string StandardOutput = "-";

    private static readonly string[] ProfileExtensions = [".pb", ".pprof", ".prof", ".proto", ".profile"];

    /// <summary>The profile files to read, one or more.</summary>
    public static Argument<string[]> CreateFilesArgument() => new("FILE")
    {
        Description = "Profiles to export (pprof format, gzip-compressed or not), as files or http(s) URLs such as http://127.0.0.1:6060/debug/pprof/allocs?seconds=10. Several are added together.",
        Arity = ArgumentArity.OneOrMore,
    };

    /// <summary>A <c>--sample-index</c> option, as <c>heapwise top</c> has.</summary>
    public static Option<string?> CreateSampleIndexOption() => new("--sample-index", "--sample_index", "-si")
    {
        Description = "Which value to show: a sample type name (alloc_space, alloc_objects, ...) or its zero-based number. " +
            "Default: the profile's default sample type, else its last.",
        HelpName = "NAME",
    };

    /// <summary>
    /// Builds the call tree of <paramref name="profiles"/> for the chosen sample index from the samples
    /// <paramref name="filter"/> keeps (as <c>top</c> filters them), and writes the filters' warnings to stderr.
    /// </summary>
    public static CallTree BuildTree(CliConsole console, IReadOnlyList<Profile> profiles, string? sampleIndex, SampleFilterOptions filter, double pruneBelowFraction = 0)
    {
        var tree = CallTree.Build(profiles, new CallTreeOptions { SampleIndex = sampleIndex, Filter = filter, PruneBelowFraction = pruneBelowFraction });
        FilterOptions.WriteWarnings(console, tree.Warnings);
        return tree;
    }

    /// <summary>
    /// The file written when <c>-o</c> is not given: the first input's name without its folder and
    /// profile extensions, plus <paramref name="extension"/>, in the current folder
    /// (<c>data/allocs.pb.gz</c> gives <c>allocs.html</c>); for a URL, the last segment of its path
    /// (<c>http://host:6060/debug/pprof/allocs?seconds=5</c> gives <c>allocs.html</c>).
    /// </summary>
    public static string DefaultOutput(string input, string extension)
    {
        string name = Parsing.ProfileInput.IsUrl(input, out var url) ? Path.GetFileName(url.AbsolutePath.TrimEnd('/')) : Path.GetFileName(input);
        if (name.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
        {
            name = name[..^3];
        }

        foreach (string known in ProfileExtensions)
        {
            if (name.EndsWith(known, StringComparison.OrdinalIgnoreCase))
            {
                name = name[..^known.Length];
                break;
            }
        }

        return (name.Length == 0 ? "profile" : name) + extension;
    }

    /// <summary>Fails before the work, not after, when <paramref name="path"/> cannot be written.</summary>
    /// <exception cref="HeapwiseException">The folder does not exist, or the path is a folder.</exception>
    public static void EnsureWritable(string path)
    {
        string full = Path.GetFullPath(path);
        string? folder = Path.GetDirectoryName(full);
        if (folder is not null && !Directory.Exists(folder))
        {
            throw new HeapwiseException($"cannot write '{path}': the folder '{folder}' does not exist; create it or choose another -o.");
        }

        if (Directory.Exists(full))
        {
            throw new HeapwiseException($"cannot write '{path}': it is a folder; give a file name after -o.");
        }
    }

    /// <summary>A size in bytes for people: <c>812 B</c>, <c>1.4 MB</c>.</summary>
    public static string FormatSize(long bytes) =>
        bytes >= 1 << 20 ? FormattableString.Invariant($"{bytes / (double)(1 << 20):0.0} MB")
        : bytes >= 1 << 10 ? FormattableString.Invariant($"{bytes / (double)(1 << 10):0.0} kB")
        : FormattableString.Invariant($"{bytes} B");
}
