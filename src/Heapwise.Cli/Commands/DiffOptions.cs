using System.CommandLine;
using Heapwise.Analysis;
using Heapwise.Profiles;

namespace Heapwise.Cli.Commands;

/// <summary>
/// pprof's profile differences as options shared by the report commands: <c>--base</c>,
/// <c>--diff-base</c> and <c>--normalize</c> (see <see cref="ProfileDiff"/>).
/// </summary>
internal static class DiffOptions
{
    private static readonly Option<string[]> Base = new("--base")
    {
        Description = "Subtract this profile's values (pprof's -base): the report shows the difference, percentages of its absolute total. Repeatable.",
        HelpName = "FILE",
        Arity = ArgumentArity.OneOrMore,
        AllowMultipleArgumentsPerToken = false,
    };

    private static readonly Option<string[]> DiffBase = new("--diff-base", "--diff_base")
    {
        Description = "Compare with this profile (pprof's -diff_base): values are the difference, percentages of the base's total. Repeatable.",
        HelpName = "FILE",
        Arity = ArgumentArity.OneOrMore,
        AllowMultipleArgumentsPerToken = false,
    };

    private static readonly Option<bool> Normalize = new("--normalize")
    {
        Description = "With --base or --diff-base: scale the profile so its total equals the base's before subtracting (pprof's -normalize).",
    };

    /// <summary>Adds the difference options to <paramref name="command"/>.</summary>
    public static void AddTo(Command command)
    {
        command.Options.Add(Base);
        command.Options.Add(DiffBase);
        command.Options.Add(Normalize);
    }

    /// <summary>
    /// The profiles to report: <paramref name="sources"/> read from <paramref name="files"/>, minus the
    /// base profiles given on the command line, if any.
    /// </summary>
    /// <exception cref="HeapwiseException">Both kinds of base given, a base file missing or invalid, or not comparable.</exception>
    public static IReadOnlyList<Profile> Apply(ParseResult parseResult, IReadOnlyList<string> files, IReadOnlyList<Profile> sources)
    {
        Check(parseResult);
        string[] bases = parseResult.GetValue(Base) ?? [];
        string[] diffBases = parseResult.GetValue(DiffBase) ?? [];

        bool diff = diffBases.Length > 0;
        string[] names = diff ? diffBases : bases;
        var baseProfiles = names.Select(f => Parsing.ProfileInput.Read(f)).ToList();
        return ProfileDiff.Combine(sources, baseProfiles, diff, parseResult.GetValue(Normalize), files, names);
    }

    /// <summary>Adds <c>--diff-base</c> and <c>--normalize</c> only (the flame graph draws differences, not subtractions).</summary>
    public static void AddDiffBaseTo(Command command)
    {
        command.Options.Add(DiffBase);
        command.Options.Add(Normalize);
    }

    /// <summary>The <c>--diff-base</c> files given, checked with <c>--normalize</c>; empty when none.</summary>
    /// <exception cref="HeapwiseException">--normalize without a base.</exception>
    public static string[] DiffBaseFiles(ParseResult parseResult)
    {
        string[] files = parseResult.GetValue(DiffBase) ?? [];
        if (files.Length == 0 && parseResult.GetValue(Normalize))
        {
            throw new HeapwiseException("--normalize needs a base profile: give --diff-base FILE.");
        }

        return files;
    }

    /// <summary>Whether <c>--normalize</c> was given.</summary>
    public static bool IsNormalized(ParseResult parseResult) => parseResult.GetValue(Normalize);

    /// <summary>Checks the options that need no file (so a bad command line fails before profiles are read).</summary>
    /// <exception cref="HeapwiseException">--normalize without a base, or both kinds of base.</exception>
    public static void Check(ParseResult parseResult)
    {
        bool hasBase = (parseResult.GetValue(Base) ?? []).Length > 0;
        bool hasDiffBase = (parseResult.GetValue(DiffBase) ?? []).Length > 0;
        if (hasBase && hasDiffBase)
        {
            throw new HeapwiseException("--base and --diff-base cannot both be given; use one of them.");
        }

        if (parseResult.GetValue(Normalize) && !hasBase && !hasDiffBase)
        {
            throw new HeapwiseException("--normalize needs a base profile: give --base FILE or --diff-base FILE.");
        }
    }
}
