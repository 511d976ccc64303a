using System.Text;

namespace Heapwise.Collection;

/// <summary>
/// A type name as the runtime spells it in events, parsed: nested segments (<c>Outer+Inner</c>), generic
/// arguments (<c>List`1[System.Int32]</c>, also without the arity marker as in <c>Entry[System.Int32]</c>)
/// and array suffixes (<c>[]</c>, <c>[,]</c>). Rendering gives the C# reading: <c>List&lt;System.Int32&gt;</c>.
/// </summary>
internal sealed class RuntimeTypeName
{
    /// <summary>The placeholder the runtime uses for reference-type arguments of shared generic code.</summary>
    private const string Canon = "System.__Canon";

    private RuntimeTypeName(List<Segment> segments, List<string> arraySuffixes)
    {
        Segments = segments;
        ArraySuffixes = arraySuffixes;
    }

    /// <summary>Nested segments, outermost first; the first one carries the namespace.</summary>
    public List<Segment> Segments { get; }

    /// <summary>Array suffixes in source order, e.g. <c>[]</c>, <c>[,]</c>.</summary>
    public List<string> ArraySuffixes { get; }

    /// <summary>Parses <paramref name="name"/>; never fails: what does not parse stays as text in a segment.</summary>
    public static RuntimeTypeName Parse(string name)
    {
        int position = 0;
        var parsed = ParseType(name, ref position);
        if (position < name.Length)
        {
            // Trailing text we do not understand: keep it visible rather than drop it.
            parsed.Segments[^1].Name += name[position..];
        }

        return parsed;
    }

    /// <summary>The C# reading; shared-code placeholders become <c>T</c> (or <c>T1</c>, <c>T2</c>…).</summary>
    public string Render()
    {
        var builder = new StringBuilder();
        Render(builder, canonNames: CanonNames(CountArguments()));
        return builder.ToString();
    }

    /// <summary>Renders all segments joined with dots, then the array suffixes.</summary>
    public void Render(StringBuilder builder, IReadOnlyList<string>? canonNames)
    {
        for (int i = 0; i < Segments.Count; i++)
        {
            if (i > 0)
            {
                builder.Append('.');
            }

            RenderSegment(builder, i, canonNames);
        }

        foreach (string suffix in ArraySuffixes)
        {
            builder.Append(suffix);
        }
    }

    /// <summary>Renders segment <paramref name="index"/> with its own generic arguments.</summary>
    /// <param name="builder">Where the text goes.</param>
    /// <param name="index">The segment, 0 being the outermost.</param>
    /// <param name="canonNames">Names for shared-code placeholders, by position over all segments' arguments.</param>
    public void RenderSegment(StringBuilder builder, int index, IReadOnlyList<string>? canonNames)
    {
        int offset = 0;
        for (int i = 0; i < index; i++)
        {
            offset += Segments[i].Arguments.Count;
        }

        builder.Append(Segments[index].Name);
        RenderArguments(builder, Segments[index].Arguments, canonNames, offset);
    }

    /// <summary>Number of generic arguments over all segments.</summary>
    public int CountArguments() => Segments.Sum(s => s.Arguments.Count);

    /// <summary>Names for shared-code placeholders: <c>T</c> when there is one argument, else <c>T1</c>…<c>Tn</c> by position.</summary>
    public static IReadOnlyList<string> CanonNames(int count) =>
        count == 1 ? ["T"] : [.. Enumerable.Range(1, count).Select(i => "T" + i.ToString(System.Globalization.CultureInfo.InvariantCulture))];

    private static void RenderArguments(StringBuilder builder, List<RuntimeTypeName> arguments, IReadOnlyList<string>? canonNames, int offset)
    {
        if (arguments.Count == 0)
        {
            return;
        }

        builder.Append('<');
        for (int i = 0; i < arguments.Count; i++)
        {
            if (i > 0)
            {
                builder.Append(", ");
            }

            var argument = arguments[i];
            bool isCanon = argument.Segments.Count == 1 && argument.Segments[0].Name == Canon && argument.ArraySuffixes.Count == 0;
            if (isCanon && canonNames is not null && offset + i < canonNames.Count)
            {
                builder.Append(canonNames[offset + i]);
            }
            else
            {
                // Arguments of arguments are concrete or shared on their own terms: name their placeholders T.
                argument.Render(builder, canonNames: ["T"]);
            }
        }

        builder.Append('>');
    }

    private static RuntimeTypeName ParseType(string text, ref int position)
    {
        int start = position;
        while (position < text.Length && text[position] is not ('[' or ']' or ','))
        {
            position++;
        }

        var segments = SplitSegments(text[start..position]);
        var arrays = new List<string>();
        while (position < text.Length && text[position] == '[')
        {
            if (IsArraySuffix(text, position, out int end))
            {
                arrays.Add(text[position..(end + 1)]);
                position = end + 1;
            }
            else if (arrays.Count == 0)
            {
                position++; // '['
                var arguments = new List<RuntimeTypeName>();
                while (position < text.Length && text[position] != ']')
                {
                    arguments.Add(ParseArgument(text, ref position));
                    if (position < text.Length && text[position] == ',')
                    {
                        position++;
                    }
                }

                position = Math.Min(position + 1, text.Length); // ']'
                Distribute(segments, arguments);
            }
            else
            {
                break;
            }
        }

        return new RuntimeTypeName(segments, arrays);
    }

    private static RuntimeTypeName ParseArgument(string text, ref int position)
    {
        if (text[position] != '[')
        {
            return ParseType(text, ref position);
        }

        // Assembly-qualified form: [System.String, System.Private.CoreLib]. Keep the type, skip the assembly.
        position++;
        var argument = ParseType(text, ref position);
        int depth = 0;
        while (position < text.Length && !(text[position] == ']' && depth == 0))
        {
            depth += text[position] == '[' ? 1 : text[position] == ']' ? -1 : 0;
            position++;
        }

        position = Math.Min(position + 1, text.Length);
        return argument;
    }

    private static bool IsArraySuffix(string text, int position, out int end)
    {
        end = position + 1;
        while (end < text.Length && text[end] is ',' or '*')
        {
            end++;
        }

        return end < text.Length && text[end] == ']';
    }

    private static List<Segment> SplitSegments(string name)
    {
        var segments = new List<Segment>();
        foreach (string part in name.Split('+'))
        {
            int tick = part.LastIndexOf('`');
            int arity = 0;
            bool hasArity = tick > 0 && int.TryParse(part.AsSpan(tick + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out arity);
            segments.Add(new Segment(hasArity ? part[..tick] : part, hasArity ? arity : 0));
        }

        return segments;
    }

    /// <summary>
    /// Hands the arguments written after the whole nested name to the segments that declare them
    /// (<c>Dictionary`2+Enumerator[K,V]</c>: both belong to Dictionary). Without arity markers, or when the
    /// counts disagree, the last segment gets them all.
    /// </summary>
    private static void Distribute(List<Segment> segments, List<RuntimeTypeName> arguments)
    {
        int declared = segments.Sum(s => s.Arity);
        if (declared != arguments.Count)
        {
            segments[^1].Arguments.AddRange(arguments);
            return;
        }

        int next = 0;
        foreach (var segment in segments)
        {
            segment.Arguments.AddRange(arguments.GetRange(next, segment.Arity));
            next += segment.Arity;
        }
    }

    /// <summary>One nested level of a type name: its name without arity marker, and its own generic arguments.</summary>
    internal sealed class Segment(string name, int arity)
    {
        public string Name { get; set; } = name;

        public int Arity { get; } = arity;

        public List<RuntimeTypeName> Arguments { get; } = [];
    }
}
