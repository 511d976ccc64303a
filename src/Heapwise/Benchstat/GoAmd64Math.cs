using System.Runtime.Intrinsics.X86;

namespace Heapwise.Benchstat;

/// <summary>
/// Go's <c>math.Exp</c> and <c>math.Log</c> as they run on amd64 (the assembly in exp_amd64.s and
/// log_amd64.s, Exp with its FMA path where the CPU has FMA, as Go picks it), so geomeans and normal
/// approximations agree with benchstat to the last bit on the same machine; .NET's Math.Exp and
/// Math.Log differ from them by an ulp now and then, which shows in CSV's full-precision numbers.
/// </summary>
internal static class GoAmd64Math
{
    private const double Ln2Hi = 6.93147180369123816490e-01;
    private const double Ln2Lo = 1.90821492927058770002e-10;
    private const double L1 = 6.666666666666735130e-01;
    private const double L2 = 3.999999999940941908e-01;
    private const double L3 = 2.857142874366239149e-01;
    private const double L4 = 2.222219843214978396e-01;
    private const double L5 = 1.818357216161805012e-01;
    private const double L6 = 1.531383769920937332e-01;
    private const double L7 = 1.479819860511658591e-01;

    private const double Log2E = 1.4426950408889634073599246810018920;
    private const double Ln2U = 0.69314718055966295651160180568695068359375;
    private const double Ln2L = 0.28235290563031577122588448175013436025525412068e-12;
    private const double Overflow = 7.09782712893384e+02;
    private static readonly double[] Taylor = [0.5, 1.0, 2.0, 1.6666666666666666667e-1, 4.1666666666666666667e-2,
        8.3333333333333333333e-3, 1.3888888888888888889e-3, 1.9841269841269841270e-4, 2.4801587301587301587e-5];

    // Go uses the FMA sequence when the CPU has AVX and FMA.
    private static readonly bool UseFma = Fma.IsSupported && Avx.IsSupported;

    /// <summary>Go's amd64 <c>math.Log</c>.</summary>
    public static double Log(double x)
    {
        long bits = BitConverter.DoubleToInt64Bits(x);
        if ((bits & long.MaxValue) == 0)
        {
            return double.NegativeInfinity;
        }

        if (bits < 0)
        {
            return double.NaN;
        }

        if (bits >= 0x7FF0000000000000L)
        {
            return x; // +Inf or NaN
        }

        // frexp without subnormal handling, as the assembly does.
        double f1 = BitConverter.Int64BitsToDouble((bits & 0x000FFFFFFFFFFFFFL) | 0x3FE0000000000000L);
        double k = (int)((bits >> 52) & 0x7FF) - 0x3FE;
        if (f1 < 7.07106781186547524401e-01)
        {
            k -= 1;
            f1 *= 2;
        }

        double f = f1 - 1;
        double s = f / (2 + f);
        double s2 = s * s;
        double s4 = s2 * s2;
        double t1 = s2 * (((((((L7 * s4) + L5) * s4) + L3) * s4) + L1));
        double t2 = s4 * (((((L6 * s4) + L4) * s4) + L2));
        double r = t1 + t2;
        double hfsq = 0.5 * f * f;
        return (k * Ln2Hi) - ((hfsq - ((s * (hfsq + r)) + (k * Ln2Lo))) - f);
    }

    /// <summary>Go's amd64 <c>math.Exp</c>.</summary>
    public static double Exp(double x)
    {
        if (double.IsNaN(x) || double.IsPositiveInfinity(x))
        {
            return x;
        }

        if (double.IsNegativeInfinity(x))
        {
            return 0;
        }

        if (x > Overflow)
        {
            return double.PositiveInfinity;
        }

        // CVTSD2SL: round to nearest even (out-of-range values become int.MinValue, the "integer indefinite").
        double scaled = Log2E * x;
        double rounded = Math.Round(scaled, MidpointRounding.ToEven);
        int exponent = rounded is >= int.MinValue and <= int.MaxValue ? (int)rounded : int.MinValue;
        double k = exponent;
        double y;
        if (UseFma)
        {
            x = Math.FusedMultiplyAdd(-k, Ln2U, x);
            x = Math.FusedMultiplyAdd(-k, Ln2L, x);
            x *= 0.0625;
            double p = Taylor[8];
            p = Math.FusedMultiplyAdd(p, x, Taylor[7]);
            p = Math.FusedMultiplyAdd(p, x, Taylor[6]);
            p = Math.FusedMultiplyAdd(p, x, Taylor[5]);
            p = Math.FusedMultiplyAdd(p, x, Taylor[4]);
            p = Math.FusedMultiplyAdd(p, x, Taylor[3]);
            p = Math.FusedMultiplyAdd(p, x, Taylor[0]);
            p = Math.FusedMultiplyAdd(p, x, Taylor[1]);
            x *= p;
            for (int i = 0; i < 3; i++)
            {
                x *= x + Taylor[2];
            }

            y = Math.FusedMultiplyAdd(x, x + Taylor[2], Taylor[1]);
        }
        else
        {
            x -= k * Ln2U;
            x -= k * Ln2L;
            x *= 0.0625;
            double p = Taylor[8] * x;
            p += Taylor[7];
            p *= x;
            p += Taylor[6];
            p *= x;
            p += Taylor[5];
            p *= x;
            p += Taylor[4];
            p *= x;
            p += Taylor[3];
            p *= x;
            p += Taylor[0];
            p *= x;
            p += Taylor[1];
            x *= p;
            for (int i = 0; i < 4; i++)
            {
                x *= Taylor[2] + x;
            }

            y = x + Taylor[1];
        }

        // y × 2^exponent, by building the power of two's bits (denormal results in two steps).
        long biased = (long)exponent + 0x3FF;
        if (biased <= 0)
        {
            if (biased < -52)
            {
                return 0;
            }

            y *= BitConverter.Int64BitsToDouble((biased + 0x3FE) << 52);
            biased = 1;
        }
        else if (biased >= 0x7FF)
        {
            return double.PositiveInfinity;
        }

        return y * BitConverter.Int64BitsToDouble(biased << 52);
    }
}
