using System.CommandLine;
using Heapwise.Analysis;

namespace Heapwise.Cli.Commands;

/// <summary>
/// <c>--granularity functions|filefunctions|files|lines</c> and its shorthands <c>--functions</c>,
/// <c>--filefunctions</c>, <c>--files</c>, <c>--lines</c> (pprof's <c>-functions</c>, ... flags).
/// </summary>
internal static class GranularityOptions
{
    private static readonly Option<string?> GranularityOption = CreateGranularity();

    private static readonly (Option<bool> Option, Granularity Value)[] Shorthands =
    [
        (new Option<bool>("--functions") { Description = "Same as --granularity functions (the default)." }, Granularity.Functions),
        (new Option<bool>("--filefunctions") { Description = "Same as --granularity filefunctions." }, Granularity.FileFunctions),
        (new Option<bool>("--files") { Description = "Same as --granularity files." }, Granularity.Files),
        (new Option<bool>("--lines") { Description = "Same as --granularity lines." }, Granularity.Lines),
    ];

    /// <summary>Adds the option and its shorthands to <paramref name="command"/>.</summary>
    public static void AddTo(Command command)
    {
        command.Options.Add(GranularityOption);
        foreach (var (option, _) in Shorthands)
        {
            command.Options.Add(option);
        }
    }

    /// <summary>The granularity given on the command line; functions when none is.</summary>
    /// <exception cref="HeapwiseException">Two different granularities were given.</exception>
    public static Granularity Read(ParseResult parseResult)
    {
        var chosen = new List<(string Name, Granularity Value)>();
        string? text = parseResult.GetValue(GranularityOption);
        if (text is not null)
        {
            chosen.Add(("--granularity " + text, Parse(text)));
        }

        foreach (var (option, value) in Shorthands)
        {
            if (parseResult.GetValue(option))
            {
                chosen.Add((option.Name, value));
            }
        }

        if (chosen.Select(c => c.Value).Distinct().Count() > 1)
        {
            throw new HeapwiseException(
                $"{string.Join(" and ", chosen.Select(c => c.Name))} ask for different granularities; give one.");
        }

        return chosen.Count == 0 ? Granularity.Functions : chosen[0].Value;
    }

    private static Granularity Parse(string text) => text switch
    {
        "functions" => Granularity.Functions,
        "filefunctions" => Granularity.FileFunctions,
        "files" => Granularity.Files,
        "lines" => Granularity.Lines,
        _ => throw new HeapwiseException($"unknown granularity '{text}': use functions, filefunctions, files or lines."),
    };

    private static Option<string?> CreateGranularity()
    {
        var option = new Option<string?>("--granularity")
        {
            Description = "What a row stands for: functions (default), filefunctions (function and file), files, or lines (function and file:line), as pprof's -functions, -filefunctions, -files, -lines.",
            HelpName = "functions|filefunctions|files|lines",
        };
        option.AcceptOnlyFromAmong("functions", "filefunctions", "files", "lines");
        return option;
    }
}
