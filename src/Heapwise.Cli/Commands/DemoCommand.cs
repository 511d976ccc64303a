using System.CommandLine;
using Heapwise.Cli.Parsing;
using Heapwise.Samples;

namespace Heapwise.Cli.Commands;

/// <summary>
/// <c>heapwise demo</c>: profiles the built-in workloads in this process, shows where each allocates
/// and, for workloads with an optimized version, how much the optimization saves.
/// </summary>
internal static class DemoCommand
{
    private static readonly Option<string> OutputDirOption = new("--output-dir", "-o")
    {
        Description = "Folder for the demo-<name>.pb.gz profiles (created if missing).",
        HelpName = "DIR",
        DefaultValueFactory = _ => ".",
    };

    private static readonly Option<int> TopOption = new("--top")
    {
        Description = "Allocation sites to show per workload.",
        HelpName = "N",
        DefaultValueFactory = _ => 8,
        CustomParser = OptionParsers.Int("--top", 1, "a number of rows, 1 or more"),
    };

    private static readonly Argument<string[]> NamesArgument = new("WORKLOAD")
    {
        Description = "Workloads to run (default: all): " + string.Join(", ", DemoWorkloads.All.Select(w => w.Name)) + ".",
        Arity = ArgumentArity.ZeroOrMore,
    };

    /// <summary>Usage examples, shown at the end of <c>--help</c>.</summary>
    public static IReadOnlyList<string> Examples { get; } =
    [
        "heapwise demo",
        "heapwise demo transform --output-dir /tmp/profiles",
        "go tool pprof -top /tmp/profiles/demo-transform.pb.gz",
    ];

    /// <summary>The command, built once.</summary>
    public static Command Command { get; } = Create();

    private static Command Create()
    {
        var command = new Command("demo",
            "Profile the built-in demo workloads: where each allocates, and what its optimized version saves. " +
            "Writes demo-<name>.pb.gz (and demo-<name>-optimized.pb.gz) for 'heapwise top' or 'go tool pprof'.")
        {
            NamesArgument, OutputDirOption, TopOption,
        };
        command.SetAction(Run);
        return command;
    }

    private static int Run(ParseResult parseResult)
    {
        var console = CliInvocation.ConsoleOf(parseResult);
        var workloads = Select(parseResult.GetValue(NamesArgument) ?? []);
        string folder = Path.GetFullPath(parseResult.GetRequiredValue(OutputDirOption));
        try
        {
            Directory.CreateDirectory(folder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new HeapwiseException($"cannot create the output folder '{folder}': {e.Message}", e);
        }

        var runner = new DemoRunner(console, folder, parseResult.GetValue(TopOption));
        runner.RunAll(workloads);
        return (int)ExitCode.Success;
    }

    private static List<DemoWorkload> Select(string[] names)
    {
        if (names.Length == 0)
        {
            return [.. DemoWorkloads.All];
        }

        var selected = new List<DemoWorkload>();
        foreach (string name in names)
        {
            var workload = DemoWorkloads.All.FirstOrDefault(w => string.Equals(w.Name, name, StringComparison.OrdinalIgnoreCase))
                ?? throw new HeapwiseException(
                    $"unknown workload '{name}'; the demo has: {string.Join(", ", DemoWorkloads.All.Select(w => w.Name))}");
            selected.Add(workload);
        }

        return selected;
    }
}
