using System.Globalization;
using System.Numerics;
using System.Text;

namespace Heapwise.Analysis;

/// <summary>
/// Formats doubles the way Go's <c>fmt</c> does for <c>%.Nf</c> and <c>%.Ng</c>: from the exact binary
/// value, rounding half to even. pprof prints every number through these verbs, and .NET's own
/// formatting rounds ties differently, so reports that must agree digit for digit with
/// <c>go tool pprof</c> format here.
/// </summary>
internal static class GoFloatFormat
{
    /// <summary>Go's <c>%.{decimals}f</c>.</summary>
    public static string Fixed(double value, int decimals)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(decimals);
        var d = ExactDecimal.From(value);
        d.Round(d.PointPosition + decimals);
        var sb = new StringBuilder();
        if (d.Negative)
        {
            sb.Append('-');
        }

        AppendFixed(sb, d, decimals);
        return sb.ToString();
    }

    /// <summary>Go's <c>%.{precision}g</c>: <paramref name="precision"/> significant digits, trailing zeros dropped.</summary>
    public static string General(double value, int precision)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(precision);
        var d = ExactDecimal.From(value);
        d.Round(precision);
        var sb = new StringBuilder();
        if (d.Negative)
        {
            sb.Append('-');
        }

        // The switch between exponent and plain notation follows strconv's 'g' rules.
        int digits = d.Digits.Length;
        int eprec = precision;
        if (eprec > digits && digits >= d.PointPosition)
        {
            eprec = digits;
        }

        int exponent = d.PointPosition - 1;
        if (exponent < -4 || exponent >= eprec)
        {
            int shown = Math.Min(precision, digits);
            AppendExponent(sb, d, shown - 1);
            return sb.ToString();
        }

        int prec = precision > d.PointPosition ? digits : precision;
        AppendFixed(sb, d, Math.Max(prec - d.PointPosition, 0));
        return sb.ToString();
    }

    private static void AppendFixed(StringBuilder sb, ExactDecimal d, int decimals)
    {
        if (d.PointPosition > 0)
        {
            for (int i = 0; i < d.PointPosition; i++)
            {
                sb.Append(i < d.Digits.Length ? d.Digits[i] : '0');
            }
        }
        else
        {
            sb.Append('0');
        }

        if (decimals > 0)
        {
            sb.Append('.');
            for (int i = 1; i <= decimals; i++)
            {
                int j = d.PointPosition + i - 1;
                sb.Append(j < 0 || j >= d.Digits.Length ? '0' : d.Digits[j]);
            }
        }
    }

    private static void AppendExponent(StringBuilder sb, ExactDecimal d, int decimals)
    {
        sb.Append(d.Digits.Length == 0 ? '0' : d.Digits[0]);
        if (decimals > 0)
        {
            sb.Append('.');
            for (int i = 1; i <= decimals; i++)
            {
                sb.Append(i < d.Digits.Length ? d.Digits[i] : '0');
            }
        }

        int exponent = d.Digits.Length == 0 ? 0 : d.PointPosition - 1;
        sb.Append('e').Append(exponent < 0 ? '-' : '+');
        exponent = Math.Abs(exponent);
        sb.Append(exponent < 10 ? "0" : string.Empty).Append(exponent.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// A double's exact decimal expansion: value = 0.Digits × 10^PointPosition, digits without
    /// leading or trailing zeros (empty for zero). Mirrors strconv's <c>decimal</c> type.
    /// </summary>
    private sealed class ExactDecimal
    {
        public bool Negative { get; private init; }

        public string Digits { get; private set; } = string.Empty;

        public int PointPosition { get; private set; }

        public static ExactDecimal From(double value)
        {
            if (!double.IsFinite(value))
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "Only finite values can be formatted.");
            }

            long bits = BitConverter.DoubleToInt64Bits(value);
            bool negative = bits < 0;
            int rawExponent = (int)((bits >> 52) & 0x7FF);
            long mantissa = bits & 0xF_FFFF_FFFF_FFFFL;
            if (rawExponent == 0)
            {
                rawExponent = 1; // subnormal
            }
            else
            {
                mantissa |= 1L << 52;
            }

            int exponent = rawExponent - 1075; // value = mantissa × 2^exponent
            var result = new ExactDecimal { Negative = negative };
            if (mantissa == 0)
            {
                return result;
            }

            string digits;
            int point;
            if (exponent >= 0)
            {
                digits = (new BigInteger(mantissa) << exponent).ToString(CultureInfo.InvariantCulture);
                point = digits.Length;
            }
            else
            {
                // m × 2^-k = m × 5^k / 10^k: an exact integer string with the point k digits from the right.
                digits = (mantissa * BigInteger.Pow(5, -exponent)).ToString(CultureInfo.InvariantCulture);
                point = digits.Length + exponent;
            }

            result.Digits = digits.TrimEnd('0');
            result.PointPosition = point;
            return result;
        }

        /// <summary>Keeps <paramref name="count"/> leading digits, rounding half to even like strconv.</summary>
        public void Round(int count)
        {
            if (count < 0 || count >= Digits.Length)
            {
                return;
            }

            if (ShouldRoundUp(count))
            {
                RoundUp(count);
            }
            else
            {
                Digits = Digits[..count].TrimEnd('0');
                if (Digits.Length == 0)
                {
                    PointPosition = 0;
                }
            }
        }

        private bool ShouldRoundUp(int count)
        {
            if (Digits[count] == '5' && count + 1 == Digits.Length)
            {
                // Exactly halfway: round to even.
                return count > 0 && (Digits[count - 1] - '0') % 2 == 1;
            }

            return Digits[count] >= '5';
        }

        private void RoundUp(int count)
        {
            int i = count - 1;
            while (i >= 0 && Digits[i] == '9')
            {
                i--;
            }

            if (i < 0)
            {
                Digits = "1";
                PointPosition++;
                return;
            }

            Digits = string.Concat(Digits.AsSpan(0, i), ((char)(Digits[i] + 1)).ToString());
        }
    }
}
