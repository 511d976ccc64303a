namespace Heapwise.Benchstat;

/// <summary>
/// The distribution-free confidence interval of a median by order statistics, as go-moremath's
/// <c>QuantileCI(n, 0.5, confidence)</c> computes it for benchstat: exact binomial sums up to n = 30,
/// the normal approximation with continuity correction above.
/// </summary>
/// <param name="LowOrder">1-based order statistic of the lower bound; 0 means −∞.</param>
/// <param name="HighOrder">1-based order statistic of the upper bound; n + 1 means +∞.</param>
/// <param name="Confidence">The interval's actual confidence (at least the requested one).</param>
internal sealed record MedianInterval(int LowOrder, int HighOrder, double Confidence)
{
    private const int ExactLimit = 30;

    /// <summary>The order statistics bounding the median of <paramref name="n"/> values at <paramref name="confidence"/>.</summary>
    public static MedianInterval For(int n, double confidence)
    {
        const double q = 0.5;
        if (confidence >= 1)
        {
            return new MedianInterval(0, n + 1, 1);
        }

        int l, r;
        double actual;
        if (n <= ExactLimit)
        {
            // Start at the (lower) mode and add the larger neighbouring probability, left first on ties,
            // until the interval holds the requested confidence.
            int x = (int)(Math.Ceiling((n + 1) * q) - 1);
            double accum = BenchstatMath.BinomialPmf(n, q, x);
            l = x;
            r = x + 1;
            double lp = BenchstatMath.BinomialPmf(n, q, l - 1);
            double rp = BenchstatMath.BinomialPmf(n, q, r);
            while (accum < confidence && (lp > 0 || rp > 0))
            {
                if (lp >= rp)
                {
                    accum += lp;
                    l--;
                    lp = BenchstatMath.BinomialPmf(n, q, l - 1);
                }
                else
                {
                    accum += rp;
                    r++;
                    rp = BenchstatMath.BinomialPmf(n, q, r);
                }
            }

            actual = accum;
        }
        else
        {
            double mu = n * q;
            double sigma = Math.Sqrt(n * q * (1 - q));
            double l1 = BenchstatMath.NormalInverseCdf((1 - confidence) / 2, mu, sigma);
            double r1 = (2 * mu) - l1;
            l = (int)Math.Floor(Math.Floor(l1 - 0.5) + 0.5) + 1;
            r = (int)Math.Floor(Math.Ceiling(r1 - 0.5) + 0.5) + 1;
            double Cdf(int lo, int hi) => BenchstatMath.NormalCdf(hi - 0.5, mu, sigma) - BenchstatMath.NormalCdf(lo - 0.5, mu, sigma);
            actual = Cdf(l, r);
            double biased = Cdf(l, r - 1);
            if (biased >= confidence && biased < actual)
            {
                actual = biased;
                r--;
            }

            if (l <= 0 && r >= n + 1)
            {
                actual = 1;
            }
        }

        return new MedianInterval(Math.Max(l, 0), Math.Min(r, n + 1), actual);
    }

    /// <summary>
    /// The median of sorted <paramref name="sorted"/> by go-moremath's R8 quantile estimator (the
    /// middle value, or halfway between the two middle values).
    /// </summary>
    public static double Median(IReadOnlyList<double> sorted)
    {
        double n = (1 / 3.0) + (0.5 * (sorted.Count + (1 / 3.0)));
        double kf = Math.Truncate(n);
        double frac = n - kf;
        int k = (int)kf;
        if (k <= 0)
        {
            return sorted[0];
        }

        if (k >= sorted.Count)
        {
            return sorted[^1];
        }

        return sorted[k - 1] + (frac * (sorted[k] - sorted[k - 1]));
    }
}
