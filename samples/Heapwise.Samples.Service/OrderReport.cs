using System.Globalization;

namespace Heapwise.Samples.Service;

/// <summary>
/// The plain work of a request: make up an order of <c>items</c> lines, total it by category and answer it as JSON. It
/// allocates a little per request (strings, a list, a dictionary, the JSON), the steady churn a service has.
/// </summary>
internal static class OrderReport
{
    private static readonly string[] Categories = ["books", "games", "garden", "kitchen", "music", "tools"];

    /// <summary>The report for an order of <paramref name="items"/> lines numbered from <paramref name="seed"/>.</summary>
    public static Report Build(int items, int seed)
    {
        var lines = new List<Line>(items);
        for (int i = 0; i < items; i++)
        {
            int n = seed + i;
            string category = Categories[n % Categories.Length];
            lines.Add(new Line(string.Create(CultureInfo.InvariantCulture, $"{category}-{n:D6}"), category, 1 + (n % 5), 0.99m + (n % 50)));
        }

        var totals = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var line in lines)
        {
            totals[line.Category] = totals.GetValueOrDefault(line.Category) + (line.Quantity * line.Price);
        }

        return new Report(seed, lines, totals, totals.Values.Sum());
    }

    /// <summary>One line of the order.</summary>
    internal sealed record Line(string Sku, string Category, int Quantity, decimal Price);

    /// <summary>The whole answer.</summary>
    internal sealed record Report(int Order, IReadOnlyList<Line> Lines, IReadOnlyDictionary<string, decimal> TotalsByCategory, decimal Total);
}
