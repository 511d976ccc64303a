using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace Heapwise.Cli;

/// <summary>
/// The standard help, followed by an "Examples:" section for the command asked about. Examples are
/// kept out of command descriptions so the command list in <c>heapwise --help</c> stays one line each.
/// </summary>
internal sealed class HelpWithExamples(HelpAction standardHelp, IReadOnlyDictionary<Command, IReadOnlyList<string>> examples) : SynchronousCommandLineAction
{
    /// <inheritdoc />
    public override bool ClearsParseErrors => true;

    /// <inheritdoc />
    public override int Invoke(ParseResult parseResult)
    {
        int exitCode = standardHelp.Invoke(parseResult);
        if (examples.TryGetValue(parseResult.CommandResult.Command, out var lines))
        {
            var output = parseResult.InvocationConfiguration.Output;
            output.WriteLine("Examples:");
            foreach (string line in lines)
            {
                output.WriteLine("  " + line);
            }

            output.WriteLine();
        }

        return exitCode;
    }
}
