using System.Numerics;

namespace Heapwise.Benchstat;

/// <summary>
/// The numerical building blocks of golang.org/x/perf's benchstat (go-moremath's <c>mathx</c> and
/// <c>stats</c>, Go's <c>math.Erfc</c>), ported operation for operation so our p-values, confidence
/// intervals and normal approximations round the same way as the reference tool's.
/// </summary>
internal static class BenchstatMath
{
    private const double Erx = 8.45062911510467529297e-01;
    private const double Pp0 = 1.28379167095512558561e-01;
    private const double Pp1 = -3.25042107247001499370e-01;
    private const double Pp2 = -2.84817495755985104766e-02;
    private const double Pp3 = -5.77027029648944159157e-03;
    private const double Pp4 = -2.37630166566501626084e-05;
    private const double Qq1 = 3.97917223959155352819e-01;
    private const double Qq2 = 6.50222499887672944485e-02;
    private const double Qq3 = 5.08130628187576562776e-03;
    private const double Qq4 = 1.32494738004321644526e-04;
    private const double Qq5 = -3.96022827877536812320e-06;
    private const double Pa0 = -2.36211856075265944077e-03;
    private const double Pa1 = 4.14856118683748331666e-01;
    private const double Pa2 = -3.72207876035701323847e-01;
    private const double Pa3 = 3.18346619901161753674e-01;
    private const double Pa4 = -1.10894694282396677476e-01;
    private const double Pa5 = 3.54783043256182359371e-02;
    private const double Pa6 = -2.16637559486879084300e-03;
    private const double Qa1 = 1.06420880400844228286e-01;
    private const double Qa2 = 5.40397917702171048937e-01;
    private const double Qa3 = 7.18286544141962662868e-02;
    private const double Qa4 = 1.26171219808761642112e-01;
    private const double Qa5 = 1.36370839120290507362e-02;
    private const double Qa6 = 1.19844998467991074170e-02;
    private const double Ra0 = -9.86494403484714822705e-03;
    private const double Ra1 = -6.93858572707181764372e-01;
    private const double Ra2 = -1.05586262253232909814e+01;
    private const double Ra3 = -6.23753324503260060396e+01;
    private const double Ra4 = -1.62396669462573470355e+02;
    private const double Ra5 = -1.84605092906711035994e+02;
    private const double Ra6 = -8.12874355063065934246e+01;
    private const double Ra7 = -9.81432934416914548592e+00;
    private const double Sa1 = 1.96512716674392571292e+01;
    private const double Sa2 = 1.37657754143519042600e+02;
    private const double Sa3 = 4.34565877475229228821e+02;
    private const double Sa4 = 6.45387271733267880336e+02;
    private const double Sa5 = 4.29008140027567833386e+02;
    private const double Sa6 = 1.08635005541779435134e+02;
    private const double Sa7 = 6.57024977031928170135e+00;
    private const double Sa8 = -6.04244152148580987438e-02;
    private const double Rb0 = -9.86494292470009928597e-03;
    private const double Rb1 = -7.99283237680523006574e-01;
    private const double Rb2 = -1.77579549177547519889e+01;
    private const double Rb3 = -1.60636384855821916062e+02;
    private const double Rb4 = -6.37566443368389627722e+02;
    private const double Rb5 = -1.02509513161107724954e+03;
    private const double Rb6 = -4.83519191608651397019e+02;
    private const double Sb1 = 3.03380607434824582924e+01;
    private const double Sb2 = 3.25792512996573918826e+02;
    private const double Sb3 = 1.53672958608443695994e+03;
    private const double Sb4 = 3.19985821950859553908e+03;
    private const double Sb5 = 2.55305040643316442583e+03;
    private const double Sb6 = 4.74528541206955367215e+02;
    private const double Sb7 = -2.24409524465858183362e+01;

    private const double InvSqrt2Pi = 0.39894228040143267793994605993438186847585863116493465766592583;

    /// <summary>Go's <c>math.Erfc</c> (a port of FreeBSD's s_erf.c): .NET has no erfc.</summary>
    public static double Erfc(double x)
    {
        const double Tiny = 1.0 / (1L << 56);
        if (double.IsNaN(x))
        {
            return double.NaN;
        }

        if (double.IsPositiveInfinity(x))
        {
            return 0;
        }

        if (double.IsNegativeInfinity(x))
        {
            return 2;
        }

        bool sign = false;
        if (x < 0)
        {
            x = -x;
            sign = true;
        }

        if (x < 0.84375)
        {
            double temp;
            if (x < Tiny)
            {
                temp = x;
            }
            else
            {
                double z = x * x;
                double r = Pp0 + (z * (Pp1 + (z * (Pp2 + (z * (Pp3 + (z * Pp4)))))));
                double s = 1 + (z * (Qq1 + (z * (Qq2 + (z * (Qq3 + (z * (Qq4 + (z * Qq5)))))))));
                double y = r / s;
                temp = x < 0.25 ? x + (x * y) : 0.5 + ((x * y) + (x - 0.5));
            }

            return sign ? 1 + temp : 1 - temp;
        }

        if (x < 1.25)
        {
            double s = x - 1;
            double p = Pa0 + (s * (Pa1 + (s * (Pa2 + (s * (Pa3 + (s * (Pa4 + (s * (Pa5 + (s * Pa6)))))))))));
            double q = 1 + (s * (Qa1 + (s * (Qa2 + (s * (Qa3 + (s * (Qa4 + (s * (Qa5 + (s * Qa6)))))))))));
            return sign ? 1 + Erx + (p / q) : 1 - Erx - (p / q);
        }

        if (x < 28)
        {
            double s = 1 / (x * x);
            double r, ss;
            if (x < 1 / 0.35)
            {
                r = Ra0 + (s * (Ra1 + (s * (Ra2 + (s * (Ra3 + (s * (Ra4 + (s * (Ra5 + (s * (Ra6 + (s * Ra7)))))))))))));
                ss = 1 + (s * (Sa1 + (s * (Sa2 + (s * (Sa3 + (s * (Sa4 + (s * (Sa5 + (s * (Sa6 + (s * (Sa7 + (s * Sa8)))))))))))))));
            }
            else
            {
                if (sign && x > 6)
                {
                    return 2;
                }

                r = Rb0 + (s * (Rb1 + (s * (Rb2 + (s * (Rb3 + (s * (Rb4 + (s * (Rb5 + (s * Rb6)))))))))));
                ss = 1 + (s * (Sb1 + (s * (Sb2 + (s * (Sb3 + (s * (Sb4 + (s * (Sb5 + (s * (Sb6 + (s * Sb7)))))))))))));
            }

            // Pseudo-single (20-bit) precision x, as in the C original.
            double zz = BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(x) & unchecked((long)0xffffffff00000000UL));
            double result = GoAmd64Math.Exp((-zz * zz) - 0.5625) * GoAmd64Math.Exp(((zz - x) * (zz + x)) + (r / ss));
            return sign ? 2 - (result / x) : result / x;
        }

        return sign ? 2 : 0;
    }

    /// <summary>The normal distribution's CDF, as go-moremath's <c>NormalDist.CDF</c>.</summary>
    public static double NormalCdf(double x, double mu, double sigma) => Erfc(-(x - mu) / (sigma * Math.Sqrt(2))) / 2;

    /// <summary>The normal distribution's inverse CDF (Acklam's algorithm with one refinement step), as go-moremath's <c>NormalDist.InvCDF</c>.</summary>
    public static double NormalInverseCdf(double p, double mu, double sigma)
    {
        const double A1 = -3.969683028665376e+01, A2 = 2.209460984245205e+02, A3 = -2.759285104469687e+02;
        const double A4 = 1.383577518672690e+02, A5 = -3.066479806614716e+01, A6 = 2.506628277459239e+00;
        const double B1 = -5.447609879822406e+01, B2 = 1.615858368580409e+02, B3 = -1.556989798598866e+02;
        const double B4 = 6.680131188771972e+01, B5 = -1.328068155288572e+01;
        const double C1 = -7.784894002430293e-03, C2 = -3.223964580411365e-01, C3 = -2.400758277161838e+00;
        const double C4 = -2.549732539343734e+00, C5 = 4.374664141464968e+00, C6 = 2.938163982698783e+00;
        const double D1 = 7.784695709041462e-03, D2 = 3.224671290700398e-01, D3 = 2.445134137142996e+00;
        const double D4 = 3.754408661907416e+00;
        const double PLow = 0.02425, PHigh = 1 - PLow;

        if (p < 0 || p > 1)
        {
            return double.NaN;
        }

        if (p == 0)
        {
            return double.NegativeInfinity;
        }

        if (p == 1)
        {
            return double.PositiveInfinity;
        }

        double x;
        if (p < PLow)
        {
            double q = Math.Sqrt(-2 * GoAmd64Math.Log(p));
            x = ((((((((((C1 * q) + C2) * q) + C3) * q) + C4) * q) + C5) * q) + C6) / ((((((((D1 * q) + D2) * q) + D3) * q) + D4) * q) + 1);
        }
        else if (PHigh < p)
        {
            double q = Math.Sqrt(-2 * GoAmd64Math.Log(1 - p));
            x = -((((((((((C1 * q) + C2) * q) + C3) * q) + C4) * q) + C5) * q) + C6) / ((((((((D1 * q) + D2) * q) + D3) * q) + D4) * q) + 1);
        }
        else
        {
            double q = p - 0.5;
            double r = q * q;
            x = ((((((((((A1 * r) + A2) * r) + A3) * r) + A4) * r) + A5) * r) + A6) * q / ((((((((((B1 * r) + B2) * r) + B3) * r) + B4) * r) + B5) * r) + 1);
        }

        double e = (0.5 * Erfc(-x / Math.Sqrt(2))) - p;
        double u = e * Math.Sqrt(2 * Math.PI) * GoAmd64Math.Exp(x * x / 2);
        x -= u / (1 + (x * u / 2));
        return (x * sigma) + mu;
    }

    /// <summary>
    /// The binomial coefficient. Up to n = 20 this is go-moremath's integer computation; above it,
    /// go-moremath uses exp(lgamma…), which .NET lacks, so we compute the exact integer and round it
    /// once: at most a few ulps from the reference, far below the printed precision.
    /// </summary>
    public static double Choose(int n, int k)
    {
        if (k == 0 || k == n)
        {
            return 1;
        }

        if (k < 0 || n < k)
        {
            return 0;
        }

        if (n <= 20)
        {
            long numerator = 1;
            for (long i = n - (k - 1); i <= n; i++)
            {
                numerator *= i;
            }

            return numerator / Factorial(k);
        }

        BigInteger result = BigInteger.One;
        for (int i = 1; i <= k; i++)
        {
            result = result * (n - k + i) / i;
        }

        return (double)result;
    }

    /// <summary>The binomial distribution's probability mass at <paramref name="k"/>, as go-moremath's <c>BinomialDist.PMF</c>.</summary>
    public static double BinomialPmf(int n, double p, double k)
    {
        int ki = (int)Math.Floor(k);
        if (ki < 0 || ki > n)
        {
            return 0;
        }

        return Choose(n, ki) * Math.Pow(p, ki) * Math.Pow(1 - p, n - ki);
    }

    /// <summary>The geometric mean as go-moremath computes it (a running mean of logs); NaN if any value is not positive.</summary>
    public static double GeometricMean(IReadOnlyList<double> values)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        double m = 0.0;
        for (int i = 0; i < values.Count; i++)
        {
            if (values[i] <= 0)
            {
                return double.NaN;
            }

            m += (GoAmd64Math.Log(values[i]) - m) / (i + 1);
        }

        return GoAmd64Math.Exp(m);
    }

    private static long Factorial(int k)
    {
        long f = 1;
        for (int i = 2; i <= k; i++)
        {
            f *= i;
        }

        return f;
    }
}
