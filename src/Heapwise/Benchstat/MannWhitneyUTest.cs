namespace Heapwise.Benchstat;

/// <summary>
/// The two-sided Mann-Whitney U test as go-moremath's <c>MannWhitneyUTest(x1, x2, LocationDiffers)</c>
/// computes it for benchstat: the exact distribution of U (conditional on the ties when there are
/// any) up to 50 values per side without ties and 25 with, the normal approximation with tie and
/// continuity corrections above.
/// </summary>
internal static class MannWhitneyUTest
{
    private const int ExactLimit = 50;
    private const int TiesExactLimit = 25;

    /// <summary>
    /// The p-value of the hypothesis that the two samples' locations differ, or null when every value
    /// in both samples is the same (the test is undefined; benchstat reports "all samples are equal").
    /// </summary>
    public static double? PValue(IReadOnlyList<double> first, IReadOnlyList<double> second)
    {
        int n1 = first.Count, n2 = second.Count;
        if (n1 == 0 || n2 == 0)
        {
            throw new ArgumentException("Both samples need at least one value.");
        }

        double[] x1 = [.. first];
        double[] x2 = [.. second];
        Array.Sort(x1);
        Array.Sort(x2);

        // Merge, then rank with ties given their average rank; T holds the size of each tie group.
        var merged = new List<(double Value, bool First)>(n1 + n2);
        int i1 = 0, i2 = 0;
        while (i1 < n1 && i2 < n2)
        {
            if (x1[i1] < x2[i2])
            {
                merged.Add((x1[i1++], true));
            }
            else
            {
                merged.Add((x2[i2++], false));
            }
        }

        while (i1 < n1)
        {
            merged.Add((x1[i1++], true));
        }

        while (i2 < n2)
        {
            merged.Add((x2[i2++], false));
        }

        double r1 = 0.0;
        var ties = new List<int>();
        bool hasTies = false;
        for (int i = 0; i < merged.Count;)
        {
            int rank1 = i + 1, nx1 = 0;
            double v1 = merged[i].Value;
            for (; i < merged.Count && merged[i].Value == v1; i++)
            {
                if (merged[i].First)
                {
                    nx1++;
                }
            }

            if (nx1 != 0)
            {
                double rank = (double)(i + rank1) / 2;
                r1 += rank * nx1;
            }

            ties.Add(i - rank1 + 1);
            if (i > rank1)
            {
                hasTies = true;
            }
        }

        double u1 = r1 - ((double)(n1 * (n1 + 1)) / 2);
        double u2 = (double)(n1 * n2) - u1;
        double uSmall = Math.Min(u1, u2);

        if ((!hasTies && n1 <= ExactLimit && n2 <= ExactLimit) || (hasTies && n1 <= TiesExactLimit && n2 <= TiesExactLimit))
        {
            if (ties.Count == 1)
            {
                return null;
            }

            return u1 == u2 ? 1 : new UDistribution(n1, n2, ties).Cdf(uSmall) * 2;
        }

        double t = 0;
        foreach (int tie in ties)
        {
            t += (tie * tie * tie) - tie;
        }

        double n = n1 + n2;
        double muU = (double)(n1 * n2) / 2;
        double sigmaU = Math.Sqrt((double)(n1 * n2) * ((n + 1) - (t / (n * (n - 1)))) / 12);
        if (sigmaU == 0)
        {
            return null;
        }

        double numerator = u1 - muU;
        numerator -= Math.Sign(numerator) * 0.5;
        double z = numerator / sigmaU;
        double cdf = BenchstatMath.NormalCdf(z, 0, 1);
        return 2 * Math.Min(cdf, 1 - cdf);
    }
}
