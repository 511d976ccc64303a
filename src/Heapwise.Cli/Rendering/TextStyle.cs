namespace Heapwise.Cli.Rendering;

/// <summary>
/// ANSI emphasis for text written to a terminal, or nothing at all: piped output must stay plain
/// so that it greps, diffs and compares with <c>go tool pprof</c>.
/// </summary>
internal sealed class TextStyle
{
    private const string Reset = "\u001b[0m";

    private TextStyle(bool enabled)
    {
        Enabled = enabled;
    }

    /// <summary>Styles nothing.</summary>
    public static TextStyle Plain { get; } = new(false);

    /// <summary>Styles with ANSI escape sequences.</summary>
    public static TextStyle Ansi { get; } = new(true);

    /// <summary>Whether escape sequences are written.</summary>
    public bool Enabled { get; }

    /// <summary>Bold text, for column headers.</summary>
    public string Bold(string text) => Wrap("\u001b[1m", text);

    /// <summary>Dim text, for secondary information.</summary>
    public string Dim(string text) => Wrap("\u001b[2m", text);

    /// <summary>Green text, for savings.</summary>
    public string Good(string text) => Wrap("\u001b[32m", text);

    /// <summary>Yellow text, for warnings.</summary>
    public string Warn(string text) => Wrap("\u001b[33m", text);

    private string Wrap(string start, string text) => Enabled && text.Length != 0 ? start + text + Reset : text;
}
