using System.Globalization;
using Heapwise.Analysis;

namespace Heapwise.Benchstat;

/// <summary>
/// Numbers written the way benchstat writes them (Go's fmt verbs: %v, %+.2f%%, %.0f%%, p=%0.3f), so every
/// front end (text, CSV, Markdown) prints the same digits as the reference tool, ties rounded half to even.
/// </summary>
public static class BenchstatNumberFormat
{
    /// <summary>Go's <c>%v</c> of a float64: the shortest round-trip digits, exponent form below 1e-4 or from 1e6 up.</summary>
    public static string Shortest(double value)
    {
        if (double.IsNaN(value))
        {
            return "NaN";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "+Inf" : "-Inf";
        }

        if (value == 0)
        {
            return double.IsNegative(value) ? "-0" : "0";
        }

        // "R" gives the shortest round-trip digits; take them apart and lay them out as strconv's 'g' with precision -1.
        string shortest = Math.Abs(value).ToString("R", CultureInfo.InvariantCulture);
        int e = shortest.IndexOfAny(['E', 'e']);
        string mantissa = e < 0 ? shortest : shortest[..e];
        int exponent = e < 0 ? 0 : int.Parse(shortest[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        int dot = mantissa.IndexOf('.', StringComparison.Ordinal);
        string digits = dot < 0 ? mantissa : mantissa.Remove(dot, 1);
        int pointPosition = (dot < 0 ? mantissa.Length : dot) + exponent;
        int leading = digits.Length - digits.TrimStart('0').Length;
        digits = digits.Trim('0');
        pointPosition -= leading;
        if (digits.Length == 0)
        {
            digits = "0";
        }

        string sign = value < 0 ? "-" : "";
        int exp = pointPosition - 1;
        if (exp < -4 || exp >= 6)
        {
            string frac = digits.Length > 1 ? "." + digits[1..] : "";
            string expSign = exp < 0 ? "-" : "+";
            return FormattableString.Invariant($"{sign}{digits[0]}{frac}e{expSign}{Math.Abs(exp):00}");
        }

        if (pointPosition <= 0)
        {
            return sign + "0." + new string('0', -pointPosition) + digits;
        }

        if (pointPosition >= digits.Length)
        {
            return sign + digits + new string('0', pointPosition - digits.Length);
        }

        return sign + digits[..pointPosition] + "." + digits[pointPosition..];
    }

    /// <summary>Go's <c>%.{decimals}f</c>, rounding half to even on the exact binary value.</summary>
    public static string Fixed(double value, int decimals) => GoFloatFormat.Fixed(value, decimals);

    /// <summary>A relative range as benchstat prints it after "±": "5%", "∞" or "?".</summary>
    public static string Range(SampleSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        if (double.IsInfinity(summary.Low) || double.IsInfinity(summary.High))
        {
            return "∞";
        }

        return summary.RelativeRange is { } range ? Fixed(100 * range, 0) + "%" : "?";
    }

    /// <summary>A change as benchstat prints it: "-12.34%", "+0.50%", "0.00%" (equal centers), "~" (not significant) or "?" (baseline 0).</summary>
    public static string Delta(SampleComparison comparison)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        if (!comparison.IsSignificant)
        {
            return "~";
        }

        if (comparison.Baseline.Center == comparison.Current.Center)
        {
            return "0.00%";
        }

        return comparison.Change is { } change ? Percent(change) : "?";
    }

    /// <summary>A ratio minus one as a signed percentage with two decimals: "+3.10%" (the geomean row, the deltas).</summary>
    public static string Percent(double fraction)
    {
        double pct = fraction * 100.0;
        string text = Fixed(pct, 2);
        return (text.StartsWith('-') ? text : "+" + text) + "%";
    }

    /// <summary>The test's figures as benchstat prints them in parentheses: "p=0.002 n=10", "p=0.393 n=10+9", or "n=1" for exact metrics.</summary>
    public static string Test(SampleComparison comparison)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        string p = comparison.PValue != 0 ? "p=" + Fixed(comparison.PValue, 3) + " " : "";
        int n1 = comparison.Baseline.Count, n2 = comparison.Current.Count;
        return p + (n1 == n2 ? FormattableString.Invariant($"n={n1}") : FormattableString.Invariant($"n={n1}+{n2}"));
    }
}
