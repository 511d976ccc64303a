namespace Heapwise.Cli.Rendering;

/// <summary>A table's warnings as numbered footnotes, as benchstat prints them: each distinct message gets the next number.</summary>
internal sealed class BenchstatFootnotes
{
    private readonly List<string> _messages = [];

    /// <summary>The messages, in number order (the first is ¹).</summary>
    public IReadOnlyList<string> Messages => _messages;

    /// <summary>The marks for <paramref name="messages"/> ("¹ ²"), numbering new messages; empty when there are none.</summary>
    public string Marks(IEnumerable<string> messages)
    {
        var marks = new List<string>();
        foreach (string message in messages)
        {
            int index = _messages.IndexOf(message);
            if (index < 0)
            {
                index = _messages.Count;
                _messages.Add(message);
            }

            marks.Add(Superscript(index + 1));
        }

        return string.Join(' ', marks);
    }

    /// <summary>A footnote number in superscript digits (¹, ², … ¹⁰).</summary>
    public static string Superscript(int number)
    {
        const string digits = "⁰¹²³⁴⁵⁶⁷⁸⁹";
        return string.Concat(number.ToString(System.Globalization.CultureInfo.InvariantCulture).Select(d => digits[d - '0']));
    }
}
