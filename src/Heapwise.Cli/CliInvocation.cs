using System.CommandLine;

namespace Heapwise.Cli;

/// <summary>
/// The invocation settings of one <c>heapwise</c> run, carrying the <see cref="CliConsole"/> its
/// command writes to. The command tree is built once and shared; what differs per run travels here.
/// </summary>
internal sealed class CliInvocation : InvocationConfiguration
{
    /// <summary>Settings writing to <paramref name="console"/>.</summary>
    public CliInvocation(CliConsole console)
    {
        Console = console;
        Output = console.Out;
        Error = console.Error;

        // Errors are reported by CliApp as one line; Ctrl+C is handled by the commands that record,
        // which must finish writing their profile instead of being cut off after a timeout.
        EnableDefaultExceptionHandler = false;
        ProcessTerminationTimeout = null;
    }

    /// <summary>Where the command writes.</summary>
    public CliConsole Console { get; }

    /// <summary>The console of the invocation that parsed <paramref name="parseResult"/>.</summary>
    public static CliConsole ConsoleOf(ParseResult parseResult) =>
        (parseResult.InvocationConfiguration as CliInvocation)?.Console
        ?? new CliConsole(parseResult.InvocationConfiguration.Output, parseResult.InvocationConfiguration.Error);
}
