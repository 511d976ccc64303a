using System.Globalization;
using System.Text;

namespace Heapwise.Export;

/// <summary>
/// Writes a <see cref="CallTree"/> as folded stacks, the input of flamegraph.pl, inferno and many
/// other tools: one line per distinct stack, frames from the root to the leaf separated by
/// <c>;</c>, then a space and the value of the samples that end there.
/// </summary>
/// <example>
/// <code>
/// App.Main;App.Load;System.IO.File.ReadAllBytes 3145728
/// App.Main;App.Parse 1048576
/// </code>
/// </example>
/// <remarks>
/// The format has no escaping, so <c>;</c> in a name becomes <c>:</c> and line breaks become spaces.
/// Lines come in the tree's order (children by name). Samples without any frame have no line.
/// </remarks>
public static class FoldedStacksWriter
{
    /// <summary>Writes the lines of <paramref name="tree"/> to <paramref name="writer"/>.</summary>
    public static void Write(CallTree tree, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(tree);
        ArgumentNullException.ThrowIfNull(writer);

        var names = tree.Names.Select(Sanitize).ToArray();
        var path = new List<int>();
        var line = new StringBuilder();
        for (int i = 1; i < tree.NodeCount; i++)
        {
            var node = tree[i];
            int depth = node.Depth;
            path.RemoveRange(depth - 1, path.Count - (depth - 1));
            path.Add(tree.NameIdOf(i));
            long self = node.Self;
            if (self == 0)
            {
                continue;
            }

            line.Clear();
            for (int p = 0; p < path.Count; p++)
            {
                if (p > 0)
                {
                    line.Append(';');
                }

                line.Append(names[path[p]]);
            }

            line.Append(' ').Append(self.ToString(CultureInfo.InvariantCulture));
            writer.Write(line);
            writer.Write('\n');
        }
    }

    /// <summary>The folded lines of <paramref name="tree"/> as one string.</summary>
    public static string ToText(CallTree tree)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        Write(tree, writer);
        return writer.ToString();
    }

    /// <summary>Writes the lines to <paramref name="path"/> (UTF-8), whole or not at all.</summary>
    /// <exception cref="HeapwiseException">The file cannot be written.</exception>
    public static void WriteFile(CallTree tree, string path)
    {
        ArgumentNullException.ThrowIfNull(tree);
        AtomicFile.Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 1 << 16, leaveOpen: true);
            Write(tree, writer);
        });
    }

    private static string Sanitize(string name) =>
        name.AsSpan().IndexOfAny(";\r\n") < 0 ? name : name.Replace(';', ':').Replace('\r', ' ').Replace('\n', ' ');
}
