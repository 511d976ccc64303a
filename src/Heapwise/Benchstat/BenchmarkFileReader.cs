using System.Text;

namespace Heapwise.Benchstat;

/// <summary>Reads a benchmark result file in either supported format, telling them apart by content: JSON starts with '{'.</summary>
public static class BenchmarkFileReader
{
    /// <summary>Reads <paramref name="path"/>, labelled as given (benchstat's column label).</summary>
    /// <exception cref="BenchmarkFormatException">The file is missing, unreadable, empty or malformed.</exception>
    public static BenchmarkFile Read(string path) => Read(path, path);

    /// <summary>Reads <paramref name="path"/>, labelled <paramref name="label"/> (benchstat's <c>label=path</c> arguments).</summary>
    /// <exception cref="BenchmarkFormatException">The file is missing, unreadable, empty or malformed.</exception>
    public static BenchmarkFile Read(string path, string label)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(label);
        byte[] content;
        try
        {
            content = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new BenchmarkFormatException($"{path}: cannot read the file ({e.Message}).", e);
        }

        return Read(content, label);
    }

    /// <summary>Reads benchmark results from <paramref name="content"/>; <paramref name="label"/> names them.</summary>
    /// <exception cref="BenchmarkFormatException">The content is empty or malformed.</exception>
    public static BenchmarkFile Read(ReadOnlySpan<byte> content, string label)
    {
        ArgumentNullException.ThrowIfNull(label);
        string text = Encoding.UTF8.GetString(content).TrimStart('\uFEFF');
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new BenchmarkFormatException($"{label}: the file is empty; pass the output of 'go test -bench' or a BenchmarkDotNet full JSON export.");
        }

        if (text.TrimStart()[0] == '{')
        {
            using var stream = new MemoryStream(Encoding.UTF8.GetBytes(text));
            return BenchmarkDotNetJsonParser.Parse(stream, label);
        }

        using var reader = new StringReader(text);
        return GoBenchmarkParser.Parse(reader, label);
    }
}
