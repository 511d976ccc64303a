namespace Heapwise.Cli;

/// <summary>
/// Where a command writes and what it may assume about it: report data goes to <see cref="Out"/>,
/// progress and diagnostics to <see cref="Error"/>. Colours and live progress are used only on
/// terminals and never when <c>NO_COLOR</c> is set, so piped output stays plain text.
/// Tests pass their own writers, which are never terminals.
/// </summary>
internal sealed class CliConsole
{
    /// <summary>A console over the given writers, neither of them a terminal.</summary>
    public CliConsole(TextWriter output, TextWriter error)
        : this(output, error, outputIsTerminal: false, errorIsTerminal: false, noColor: true)
    {
    }

    private CliConsole(TextWriter output, TextWriter error, bool outputIsTerminal, bool errorIsTerminal, bool noColor)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        Out = output;
        Error = error;
        OutputIsTerminal = outputIsTerminal;
        ErrorIsTerminal = errorIsTerminal;
        NoColor = noColor;
    }

    /// <summary>Report data: tables, paths of written files.</summary>
    public TextWriter Out { get; }

    /// <summary>Progress, notes and errors.</summary>
    public TextWriter Error { get; }

    /// <summary>Whether <see cref="Out"/> is an interactive terminal (not a pipe or file).</summary>
    public bool OutputIsTerminal { get; }

    /// <summary>Whether <see cref="Error"/> is an interactive terminal; live progress is drawn only then.</summary>
    public bool ErrorIsTerminal { get; }

    /// <summary>Whether the user asked for no colours (<c>NO_COLOR</c>, <c>TERM=dumb</c>).</summary>
    public bool NoColor { get; }

    /// <summary>Whether <see cref="Out"/> may carry ANSI styles.</summary>
    public bool StyleOutput => OutputIsTerminal && !NoColor;

    /// <summary>The process's own console.</summary>
    public static CliConsole FromSystemConsole()
    {
        // https://no-color.org: any non-empty value disables colour.
        bool noColor = !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"))
            || string.Equals(Environment.GetEnvironmentVariable("TERM"), "dumb", StringComparison.Ordinal);
        return new CliConsole(Console.Out, Console.Error, !Console.IsOutputRedirected, !Console.IsErrorRedirected, noColor);
    }
}
