namespace Heapwise.Benchstat;

/// <summary>
/// The exact distribution of the Mann-Whitney U statistic for samples of sizes n1 and n2, as
/// go-moremath's <c>UDist</c>: Mann and Whitney's recurrence without ties, Cheung and Klotz's
/// (1997) recurrence conditional on the tie structure with ties.
/// </summary>
internal sealed class UDistribution
{
    private readonly int _n1;
    private readonly int _n2;
    private readonly IReadOnlyList<int> _ties;

    /// <summary>Creates the distribution; <paramref name="ties"/> are the sizes of the groups of equal ranks, in rank order.</summary>
    public UDistribution(int n1, int n2, IReadOnlyList<int> ties)
    {
        _n1 = n1;
        _n2 = n2;
        _ties = ties;
    }

    /// <summary>P(U ≤ <paramref name="u"/>).</summary>
    public double Cdf(double u)
    {
        if (u < 0)
        {
            return 0;
        }

        if (u >= _n1 * _n2)
        {
            return 1;
        }

        if (_ties.Any(t => t > 1))
        {
            int twoU = (int)(2 * u);
            var memo = MakeMemo(twoU, _n1, [.. _ties]);
            if (!memo[_ties.Count].TryGetValue(Key(_n1, twoU), out double p))
            {
                throw new InvalidOperationException("The tie memo table lacks its own key.");
            }

            return p / BenchstatMath.Choose(_n1 + _n2, _n1);
        }

        int ui = (int)Math.Floor(u);
        bool flip = ui >= ((_n1 * _n2) + 1) / 2;
        if (flip)
        {
            ui = (_n1 * _n2) - ui - 1;
        }

        double[] pdfs = ProbabilitiesUpTo(ui);
        double sum = 0.0;
        for (int i = 0; i <= ui; i++)
        {
            sum += pdfs[i];
        }

        return flip ? 1 - sum : sum;
    }

    // P(U = k) for k ≤ u without ties, by the recurrence p(n,m,U) = n/(n+m) p(n-1,m,U-m) + m/(n+m) p(n,m-1,U).
    private double[] ProbabilitiesUpTo(int u)
    {
        int n = Math.Min(_n1, _n2), m = Math.Max(_n1, _n2);
        var memo = new double[n + 1][];
        for (int i = 0; i <= n; i++)
        {
            memo[i] = new double[u + 1];
        }

        for (int mm = 0; mm <= m; mm++)
        {
            memo[0][0] = 1;
            int nlim = Math.Min(n, mm);
            for (int nn = 1; nn <= nlim; nn++)
            {
                double[] lp = memo[nn - 1];
                double[] rp = nn <= mm - 1 ? memo[nn] : memo[mm - 1];
                int ulim = Math.Min(u, nn * mm);
                double[] output = memo[nn];
                double nplusm = nn + mm;
                for (int u1 = ulim; u1 >= 0; u1--)
                {
                    double l = u1 - mm >= 0 ? nn * lp[u1 - mm] : 0.0;
                    double r = mm * rp[u1];
                    output[u1] = (l + r) / nplusm;
                }
            }
        }

        return memo[n];
    }

    // Cheung and Klotz's A_k table (counts, not probabilities) keyed by (n1, 2U) packed in a long, as go-moremath's makeUmemo.
    private static Dictionary<long, double>[] MakeMemo(int twoU, int n1, int[] t)
    {
        int k = t.Length;
        int[] a = new int[k + 1];
        a[1] = t[0];
        for (int i = 2; i <= k; i++)
        {
            a[i] = a[i - 1] + t[i - 2] + t[i - 1];
        }

        var memo = new Dictionary<long, double>[k + 1];
        memo[k] = new() { [Key(n1, twoU)] = 0 };
        int tsum = t.Sum();
        for (int kk = k - 1; kk >= 2; kk--)
        {
            tsum -= t[kk];
            memo[kk] = [];
            foreach (long nextKey in memo[kk + 1].Keys)
            {
                var next = Unkey(nextKey);
                int rkLow = Math.Max(0, next.N1 - tsum);
                int rkHigh = Math.Min(next.N1, t[kk]);
                for (int rk = rkLow; rk <= rkHigh; rk++)
                {
                    int twoUk = next.TwoU - (rk * (a[kk + 1] - (2 * next.N1) + rk));
                    int n1k = next.N1 - rk;
                    if (TwoUMin(n1k, t.AsSpan(0, kk), a) <= twoUk && twoUk <= TwoUMax(n1k, t.AsSpan(0, kk), a))
                    {
                        memo[kk][Key(n1k, twoUk)] = 0;
                    }
                }
            }
        }

        if (k < 2)
        {
            throw new InvalidOperationException("The tie recurrence needs at least two tie groups.");
        }

        int n2Sum = t[0] + t[1];
        foreach (long packed in memo[2].Keys.ToList())
        {
            var key = Unkey(packed);
            double sum = 0.0;
            int r2Low = Math.Max(0, key.N1 - t[0]);
            int r2High = (key.TwoU - (key.N1 * (t[0] - key.N1))) / n2Sum;
            for (int r2 = r2Low; r2 <= r2High; r2++)
            {
                sum += BenchstatMath.Choose(t[0], key.N1 - r2) * BenchstatMath.Choose(t[1], r2);
            }

            memo[2][packed] = sum;
        }

        tsum = t[0];
        for (int kk = 3; kk <= k; kk++)
        {
            tsum += t[kk - 2];
            foreach (long packed in memo[kk].Keys.ToList())
            {
                var key = Unkey(packed);
                double sum = 0.0;
                int rkLow = Math.Max(0, key.N1 - tsum);
                int rkHigh = Math.Min(key.N1, t[kk - 1]);
                for (int rk = rkLow; rk <= rkHigh; rk++)
                {
                    int twoUPrevious = key.TwoU - (rk * (a[kk] - (2 * key.N1) + rk));
                    int n1Previous = key.N1 - rk;
                    if (!memo[kk - 1].TryGetValue(Key(n1Previous, twoUPrevious), out double x)
                        && TwoUMax(n1Previous, t.AsSpan(0, kk - 1), a) < twoUPrevious)
                    {
                        // Every arrangement of the earlier groups has a smaller U: all of them count.
                        x = BenchstatMath.Choose(tsum, n1Previous);
                    }

                    sum += x * BenchstatMath.Choose(t[kk - 1], rk);
                }

                memo[kk][packed] = sum;
            }
        }

        return memo;
    }

    // (n1, 2U) packed into one long: hashing a long is much cheaper than a tuple in these hot tables.
    private static long Key(int n1, int twoU) => ((long)n1 << 32) | (uint)twoU;

    private static (int N1, int TwoU) Unkey(long key) => ((int)(key >> 32), (int)key);

    private static int TwoUMin(int n1, ReadOnlySpan<int> t, int[] a)
    {
        int twoU = -n1 * n1;
        int n1k = n1;
        for (int k = 1; k <= t.Length; k++)
        {
            int take = Math.Min(n1k, t[k - 1]);
            twoU += take * a[k];
            n1k -= take;
        }

        return twoU;
    }

    private static int TwoUMax(int n1, ReadOnlySpan<int> t, int[] a)
    {
        int twoU = -n1 * n1;
        int n1k = n1;
        for (int k = t.Length; k > 0; k--)
        {
            int take = Math.Min(n1k, t[k - 1]);
            twoU += take * a[k];
            n1k -= take;
        }

        return twoU;
    }
}
