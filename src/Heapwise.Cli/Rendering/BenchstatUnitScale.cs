using System.Globalization;
using Heapwise.Benchstat;

namespace Heapwise.Cli.Rendering;

/// <summary>
/// benchstat's number scaling (golang.org/x/perf benchunit): one SI prefix (or IEC prefix for byte
/// units) per table row, chosen from the row's smallest value, with enough decimals for four to five
/// significant digits: 7189.5n, 1.555Ki, 281.5m.
/// </summary>
internal readonly record struct BenchstatUnitScale(int Decimals, double Factor, string Prefix)
{
    private static readonly (double Factor, string Prefix, double T100, double T10, double T1)[] SiFactors = MakeSi();
    private static readonly (double Factor, string Prefix, double T100, double T10, double T1)[] IecFactors = MakeIec();
    private static readonly double[] SignificantThresholds = [.. Enumerable.Range(1, 8).Select(e => double.Parse($"9.9995e-{e}", CultureInfo.InvariantCulture))];

    /// <summary>Formats <paramref name="value"/> with this scale, as Go's strconv 'f' format.</summary>
    public string Format(double value) => BenchstatNumberFormat.Fixed(value / Factor, Decimals) + Prefix;

    /// <summary>The scale for a single value.</summary>
    public static string Scale(double value, bool binary) => Common([value], binary).Format(value);

    /// <summary>The scale benchstat picks for a set of values (the smallest non-zero magnitude decides).</summary>
    public static BenchstatUnitScale Common(IEnumerable<double> values, bool binary)
    {
        double min = 0;
        foreach (double value in values)
        {
            double v = Math.Abs(value);
            if (v != 0 && (min == 0 || v < min))
            {
                min = v;
            }
        }

        if (min == 0)
        {
            return new BenchstatUnitScale(3, 1, "");
        }

        var factors = binary ? IecFactors : SiFactors;
        foreach (var f in factors)
        {
            if (min >= f.T100)
            {
                return new BenchstatUnitScale(1, f.Factor, f.Prefix);
            }

            if (min >= f.T10)
            {
                return new BenchstatUnitScale(2, f.Factor, f.Prefix);
            }

            if (min >= f.T1)
            {
                return new BenchstatUnitScale(3, f.Factor, f.Prefix);
            }
        }

        var last = factors[^1];
        double scaled = min / last.Factor;
        for (int i = 0; i < SignificantThresholds.Length; i++)
        {
            if (scaled >= SignificantThresholds[i] || i == SignificantThresholds.Length - 1)
            {
                return new BenchstatUnitScale(i + 3, last.Factor, last.Prefix);
            }
        }

        throw new InvalidOperationException("unreachable");
    }

    private static (double, string, double, double, double)[] MakeSi()
    {
        var list = new List<(double, string, double, double, double)>();
        int exp = 12;
        foreach (string prefix in new[] { "T", "G", "M", "k", "", "m", "µ", "n" })
        {
            list.Add((Math.Pow(10, exp), prefix, Parse($"99.995e{exp}"), Parse($"9.9995e{exp}"), Parse($".99995e{exp}")));
            exp -= 3;
        }

        return [.. list];
    }

    private static (double, string, double, double, double)[] MakeIec()
    {
        // 99.995, 9.9995 and .99995 rounded to doubles as benchunit writes them (hex floats), scaled by 2^exp.
        var list = new List<(double, string, double, double, double)>();
        int exp = 40;
        foreach (string prefix in new[] { "Ti", "Gi", "Mi", "Ki", "" })
        {
            list.Add((Math.Pow(2, exp), prefix, Math.ScaleB(BitConverter.Int64BitsToDouble(0x3FF8FFAE147AE148), 6 + exp),
                Math.ScaleB(BitConverter.Int64BitsToDouble(0x3FF3FFBE76C8B439), 3 + exp), Math.ScaleB(BitConverter.Int64BitsToDouble(0x3FFFFF972474538F), -1 + exp)));
            exp -= 10;
        }

        return [.. list];
    }

    private static double Parse(string text) => double.Parse(text, CultureInfo.InvariantCulture);
}
