using System.CommandLine;
using Heapwise.Analysis;

namespace Heapwise.Cli.Commands;

/// <summary>
/// pprof's sample filters as options shared by the report commands: <c>--focus</c>, <c>--ignore</c>,
/// <c>--hide</c>, <c>--show</c>, <c>--tagfocus</c>, <c>--tagignore</c>, bound to a <see cref="SampleFilterOptions"/>.
/// </summary>
internal static class FilterOptions
{
    private static readonly Option<string?> Focus = new("--focus")
    {
        Description = "Keep only samples with a frame whose function, source file or module matches REGEX.",
        HelpName = "REGEX",
    };

    private static readonly Option<string?> Ignore = new("--ignore")
    {
        Description = "Drop samples with a frame whose function, source file or module matches REGEX.",
        HelpName = "REGEX",
    };

    private static readonly Option<string?> Hide = new("--hide")
    {
        Description = "Remove frames matching REGEX from stacks (their callers and callees stay).",
        HelpName = "REGEX",
    };

    private static readonly Option<string?> Show = new("--show")
    {
        Description = "Keep only frames matching REGEX in stacks.",
        HelpName = "REGEX",
    };

    private static readonly Option<string?> TagFocus = new("--tagfocus")
    {
        Description = "Keep only samples whose labels match: key=REGEX for string labels (e.g. type=String), " +
            "or a value or range with units for numeric labels (e.g. bytes=1kb:64kb, bytes=:512b, bytes=4mb:).",
        HelpName = "FILTER",
    };

    private static readonly Option<string?> TagIgnore = new("--tagignore")
    {
        Description = "Drop samples whose labels match, written as for --tagfocus.",
        HelpName = "FILTER",
    };

    /// <summary>Adds the filter options to <paramref name="command"/>.</summary>
    public static void AddTo(Command command)
    {
        command.Options.Add(Focus);
        command.Options.Add(Ignore);
        command.Options.Add(Hide);
        command.Options.Add(Show);
        command.Options.Add(TagFocus);
        command.Options.Add(TagIgnore);
    }

    /// <summary>The filters given on the command line, checked (so a bad expression fails before profiles are read).</summary>
    /// <exception cref="HeapwiseException">An expression does not compile or a range is malformed.</exception>
    public static SampleFilterOptions Read(ParseResult parseResult)
    {
        var filter = new SampleFilterOptions
        {
            Focus = parseResult.GetValue(Focus),
            Ignore = parseResult.GetValue(Ignore),
            Hide = parseResult.GetValue(Hide),
            Show = parseResult.GetValue(Show),
            TagFocus = parseResult.GetValue(TagFocus),
            TagIgnore = parseResult.GetValue(TagIgnore),
        };
        SampleFilterOptions.Validate(filter);
        return filter;
    }

    /// <summary>Writes report warnings (filters that matched nothing) to stderr, as pprof does.</summary>
    public static void WriteWarnings(CliConsole console, IEnumerable<string> warnings)
    {
        foreach (string warning in warnings)
        {
            console.Error.WriteLine(warning);
        }
    }
}
