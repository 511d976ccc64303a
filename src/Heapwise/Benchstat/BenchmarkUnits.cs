using System.Text;

namespace Heapwise.Benchstat;

/// <summary>
/// benchstat's unit rules (golang.org/x/perf benchunit): units are products and quotients of tokens
/// ("B/op", "ns/GC", "B*ns/op"); nanoseconds and megabytes in the numerator are tidied to seconds and
/// bytes so values scale with SI or IEC prefixes; byte units scale by powers of 1024.
/// </summary>
public static class BenchmarkUnits
{
    /// <summary>The tidied unit and the factor values in <paramref name="unit"/> are multiplied by: ns/op becomes sec/op (×1e-9), MB/s B/s (×1e6).</summary>
    public static (string Unit, double Factor) Tidy(string unit)
    {
        ArgumentNullException.ThrowIfNull(unit);
        switch (unit)
        {
            case "ns/op":
                return ("sec/op", 1e-9);
            case "MB/s":
                return ("B/s", 1e6);
            case "B/op" or "allocs/op":
                return (unit, 1);
        }

        if (!unit.Contains("ns", StringComparison.Ordinal) && !unit.Contains("MB", StringComparison.Ordinal))
        {
            return (unit, 1);
        }

        double factor = 1;
        var tidied = new StringBuilder();
        int copied = 0;
        foreach (var (token, position, denominator) in Tokens(unit))
        {
            if (denominator || token is not ("ns" or "MB"))
            {
                continue;
            }

            tidied.Append(unit, copied, position - copied).Append(token == "ns" ? "sec" : "B");
            copied = position + token.Length;
            if (token == "ns")
            {
                factor /= 1e9;
            }
            else
            {
                factor *= 1e6;
            }
        }

        return (tidied.Append(unit, copied, unit.Length - copied).ToString(), factor);
    }

    /// <summary>True for byte units (a "B", "MB" or "bytes" token in the numerator), which scale by powers of 1024.</summary>
    public static bool IsBinary(string unit)
    {
        ArgumentNullException.ThrowIfNull(unit);
        return Tokens(unit).Any(t => !t.Denominator && t.Token is "B" or "MB" or "bytes");
    }

    // Tokens are separated by '*' (back to the numerator), '/' (into the denominator), '-' and white space.
    private static IEnumerable<(string Token, int Position, bool Denominator)> Tokens(string unit)
    {
        bool denominator = false;
        int i = 0;
        while (i < unit.Length)
        {
            char c = unit[i];
            if (c == '*' || c == '/' || c == '-' || char.IsWhiteSpace(c))
            {
                denominator = c == '/' || (c != '*' && denominator);
                i++;
                continue;
            }

            int end = i;
            while (end < unit.Length && unit[end] is not ('*' or '/' or '-') && !char.IsWhiteSpace(unit[end]))
            {
                end++;
            }

            yield return (unit[i..end], i, denominator);
            i = end;
        }
    }
}
