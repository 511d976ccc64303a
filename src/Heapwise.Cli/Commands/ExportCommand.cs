using System.CommandLine;
using System.Globalization;
using System.Text;
using Heapwise.Analysis;
using Heapwise.Export;
using Heapwise.Profiles;

namespace Heapwise.Cli.Commands;

/// <summary><c>heapwise export FILE... --format folded|speedscope|pprof</c>: profiles in the formats other tools read.</summary>
internal static class ExportCommand
{
    private static readonly string[] Formats = ["folded", "speedscope", "pprof"];

    private static readonly Argument<string[]> Files = ExportCommandParts.CreateFilesArgument();

    private static readonly Option<string?> SampleIndexOption = ExportCommandParts.CreateSampleIndexOption();

    private static readonly Option<string> FormatOption = new("--format", "-f")
    {
        Description = "folded: 'a;b;c 123' lines for flamegraph.pl and inferno; speedscope: JSON for speedscope.app; " +
            "pprof: the profiles merged into one pprof file (all sample types kept), after the filters if any, as 'go tool pprof -proto' writes it.",
        HelpName = "FORMAT",
        Required = true,
        CustomParser = result =>
        {
            string text = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
            if (!Formats.Contains(text, StringComparer.Ordinal))
            {
                result.AddError($"unknown format '{text}'; --format must be one of: {string.Join(", ", Formats)}.");
            }

            return text;
        },
    };

    private static readonly Option<string?> OutputOption = new("--output", "-o")
    {
        Description = "The file to write, or - for standard output (folded and speedscope). " +
            "Default: the first profile's name with .folded, .speedscope.json or .merged.pb.gz, in the current folder.",
        HelpName = "FILE",
    };

    /// <summary>Usage examples, shown at the end of <c>--help</c>.</summary>
    public static IReadOnlyList<string> Examples { get; } =
    [
        "heapwise export --format folded -o - allocs.pb.gz | flamegraph.pl > allocs.svg",
        "heapwise export --format speedscope allocs.pb.gz           writes allocs.speedscope.json for speedscope.app",
        "heapwise export --format pprof -o both.pb.gz a.pb.gz b.pb.gz",
        "heapwise export --format pprof --focus Parse -o parse.pb.gz allocs.pb.gz   (only the samples through Parse)",
        "heapwise export --format folded --focus Parse -o - allocs.pb.gz   only the stacks through Parse",
    ];

    /// <summary>The command, built once.</summary>
    public static Command Command { get; } = Create();

    private static Command Create()
    {
        var command = new Command("export",
            "Write profiles as folded stacks, speedscope JSON, or one merged pprof file, for other tools.")
        {
            Files, FormatOption, SampleIndexOption, OutputOption,
        };
        FilterOptions.AddTo(command);
        command.SetAction(Run);
        return command;
    }

    private static int Run(ParseResult parseResult)
    {
        var console = CliInvocation.ConsoleOf(parseResult);
        string[] files = parseResult.GetRequiredValue(Files);
        string format = parseResult.GetRequiredValue(FormatOption);
        string? sampleIndex = parseResult.GetValue(SampleIndexOption);
        var filter = FilterOptions.Read(parseResult);
        string output = parseResult.GetValue(OutputOption) ?? ExportCommandParts.DefaultOutput(files[0], format switch
        {
            "folded" => ".folded",
            "speedscope" => ".speedscope.json",
            _ => ".merged.pb.gz",
        });
        bool toStdout = output == ExportCommandParts.StandardOutput;
        if (toStdout && format == "pprof")
        {
            throw new HeapwiseException("pprof is a binary format and is not written to standard output; give a file name with -o, e.g. -o merged.pb.gz.");
        }

        if (!toStdout)
        {
            ExportCommandParts.EnsureWritable(output);
        }

        var profiles = ProfileFiles.ReadAll(files);
        string name = string.Join(" + ", files.Select(Path.GetFileName));
        switch (format)
        {
            case "pprof":
                var merged = ProfileMerger.Merge(profiles);
                if (filter.IsActive)
                {
                    var (filtered, warnings) = ProfileFilter.Apply(merged, filter);
                    FilterOptions.WriteWarnings(console, warnings);
                    merged = filtered;
                }

                if (sampleIndex is not null)
                {
                    // Checked for the error message only: a pprof file keeps every sample type.
                    Heapwise.Analysis.SampleIndex.Resolve(merged, sampleIndex);
                }

                PprofWriter.WriteFile(merged, output);
                Wrote(console, output, string.Create(CultureInfo.InvariantCulture, $"{merged.Sample.Count:N0} samples from {files.Length} profile(s)"));
                break;
            case "folded":
                var tree = ExportCommandParts.BuildTree(console, profiles, sampleIndex, filter);
                if (toStdout)
                {
                    FoldedStacksWriter.Write(tree, console.Out);
                }
                else
                {
                    FoldedStacksWriter.WriteFile(tree, output);
                    Wrote(console, output, tree.SampleType);
                }

                break;
            default:
                var speedscopeTree = ExportCommandParts.BuildTree(console, profiles, sampleIndex, filter);
                if (toStdout)
                {
                    using var buffer = new MemoryStream();
                    SpeedscopeWriter.Write(speedscopeTree, buffer, name);
                    console.Out.WriteLine(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
                }
                else
                {
                    SpeedscopeWriter.WriteFile(speedscopeTree, output, name);
                    Wrote(console, output, speedscopeTree.SampleType + "; open it at https://www.speedscope.app");
                }

                break;
        }

        return (int)ExitCode.Success;
    }

    private static void Wrote(CliConsole console, string output, string what) =>
        console.Error.WriteLine($"heapwise: wrote {output} ({what}).");
}
