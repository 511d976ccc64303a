using System.Globalization;

namespace Heapwise.LoadTest;

/// <summary>One request of the load's mix: a method and a path relative to the service's address.</summary>
/// <param name="Method">GET, POST, ...</param>
/// <param name="Path">Relative path with query, e.g. <c>work?items=100</c>.</param>
public sealed record LoadRequest(HttpMethod Method, string Path)
{
    /// <summary>Reads <c>"GET work?items=100"</c> or <c>"work?items=100"</c> (GET by default).</summary>
    /// <exception cref="HeapwiseException">The text is empty or has more than a method and a path.</exception>
    public static LoadRequest Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string[] parts = text.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return parts switch
        {
            [var path] => new LoadRequest(HttpMethod.Get, path.TrimStart('/')),
            [var method, var path] => new LoadRequest(HttpMethod.Parse(method.ToUpperInvariant()), path.TrimStart('/')),
            _ => throw new HeapwiseException($"request '{text}' is not 'METHOD PATH' or 'PATH': write e.g. \"GET work?items=100\"."),
        };
    }

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Method} /{Path}");
}
