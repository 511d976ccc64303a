using System.CommandLine;
using Heapwise.Analysis;
using Heapwise.Profiles;

namespace Heapwise.Cli.Commands;

/// <summary>The arguments and options the list reports (traces, tags, peek) share with <c>top</c>.</summary>
internal static class ReportCommandOptions
{
    /// <summary>The profile files.</summary>
    public static Argument<string[]> Files { get; } = new("FILE")
    {
        Description = "Profiles to report (pprof format, gzip-compressed or not), as files or http(s) URLs such as http://127.0.0.1:6060/debug/pprof/allocs?seconds=10. Several are added together.",
        Arity = ArgumentArity.OneOrMore,
    };

    /// <summary>Which value to report.</summary>
    public static Option<string?> SampleIndex { get; } = new("--sample-index", "--sample_index", "-si")
    {
        Description = "Which value to report: a sample type name (alloc_space, alloc_objects, ...) or its zero-based number. " +
            "Default: the profile's default sample type, else its last.",
        HelpName = "NAME",
    };

    /// <summary>The unit values print in, as pprof's <c>-unit</c>.</summary>
    public static Option<string> Unit { get; } = new("--unit")
    {
        Description = "Unit to print values in, as pprof's -unit: minimum (one unit for the report), auto (per value), " +
            "or a unit such as kb, MB, ms, s.",
        HelpName = "UNIT",
        DefaultValueFactory = _ => "minimum",
    };

    /// <summary>The <see cref="Unit"/> given, <c>minimum</c> when none or an empty one.</summary>
    public static string ReadUnit(ParseResult parseResult) =>
        parseResult.GetValue(Unit) is { Length: > 0 } unit ? unit : "minimum";

    /// <summary>Text as pprof prints it, or JSON for scripts.</summary>
    public static Option<string> Format { get; } = CreateFormat("Output format: text (the layout of go tool pprof) or json (schema in docs/cli-reports.md).");

    /// <summary>Whether <c>--format json</c> was given.</summary>
    public static bool IsJson(ParseResult parseResult) => parseResult.GetValue(Format) == "json";

    /// <summary>Adds the files, the sample index, the filters and the format to <paramref name="command"/>.</summary>
    public static void AddTo(Command command)
    {
        command.Arguments.Add(Files);
        command.Options.Add(SampleIndex);
        FilterOptions.AddTo(command);
        DiffOptions.AddTo(command);
        command.Options.Add(Format);
    }

    /// <summary>A <c>--format text|json</c> option, text by default, described by <paramref name="description"/>.</summary>
    public static Option<string> CreateFormat(string description)
    {
        var option = new Option<string>("--format")
        {
            Description = description,
            HelpName = "text|json",
            DefaultValueFactory = _ => "text",
        };
        option.AcceptOnlyFromAmong("text", "json");
        return option;
    }

    /// <summary>The report options given on the command line, checked before any profile is read.</summary>
    /// <exception cref="HeapwiseException">A filter expression is invalid.</exception>
    public static ReportOptions Read(ParseResult parseResult) => new()
    {
        SampleIndex = parseResult.GetValue(SampleIndex),
        Filter = FilterOptions.Read(parseResult),
    };

    /// <summary>Reads the profile files, minus the base profiles given with <c>--base</c>/<c>--diff-base</c>.</summary>
    /// <exception cref="HeapwiseException">A file is missing or not a valid profile.</exception>
    public static List<Profile> ReadProfiles(ParseResult parseResult) => ReadProfiles(parseResult, Files);

    /// <summary>The same, for a command with its own files argument.</summary>
    /// <exception cref="HeapwiseException">A file is missing or not a valid profile.</exception>
    public static List<Profile> ReadProfiles(ParseResult parseResult, Argument<string[]> filesArgument)
    {
        DiffOptions.Check(parseResult); // a bad command line fails before any file is read
        string[] files = parseResult.GetRequiredValue(filesArgument);
        return [.. DiffOptions.Apply(parseResult, files, [.. ProfileFiles.ReadAll(files)])];
    }
}
