using System.Globalization;
using Heapwise.Collection;

namespace Heapwise.Tests.Collection;

/// <summary>
/// The estimates against the truth: Heapwise.TestTarget's accuracy workload allocates the same amount from each of
/// four sites with object sizes from 24 bytes to 100,024 bytes (512 MiB each, 2 GiB in all) and writes the exact bytes each site
/// allocated (GC.GetAllocatedBytesForCurrentThread around it). Every run must be within 10% per site, and the mean
/// over five runs within 3%: sampling is random, but up-scaling must not be biased.
/// </summary>
[Collection(EventPipeTests.Name)]
public sealed class AccuracyTests
{
    private const int Runs = 5;
    private static readonly string[] Sites = ["AllocateTinyObjects", "AllocateMidArrays", "AllocateStrings", "AllocateLargeArrays"];

    [Fact]
    public async Task Estimates_per_site_are_within_10_percent_and_their_mean_within_3_percent()
    {
        var ratios = Sites.ToDictionary(s => s, _ => new List<double>());
        for (int run = 0; run < Runs; run++)
        {
            string report = Path.Combine(Path.GetTempPath(), $"heapwise-accuracy-{Guid.NewGuid():N}.txt");
            try
            {
                var launched = await AllocationRecorder.RunAsync(TestTarget.DotnetHost, TestTarget.Arguments("accuracy", report, "512"),
                    RecordingOptions.Default, TestContext.Current.CancellationToken);
                Assert.Equal(0, launched.ExitCode);
                Assert.False(launched.Recording.IsBiased);
                var profile = launched.Recording.Profile.RoundTrip();
                var exact = ReadReport(report);
                foreach (string site in Sites)
                {
                    long estimated = profile.BytesUnder($"Heapwise.TestTarget.AccuracyWorkload.{site}");
                    double ratio = (double)estimated / exact[site];
                    ratios[site].Add(ratio);
                    TestContext.Current.TestOutputHelper?.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"run {run + 1} {site,-20} exact {exact[site],12:N0} estimated {estimated,12:N0} error {(ratio - 1) * 100,6:F2}%  (samples {launched.Recording.SampleCount}, dropped {launched.Recording.DroppedEvents})"));
                }
            }
            finally
            {
                File.Delete(report);
            }
        }

        foreach (string site in Sites)
        {
            double mean = ratios[site].Average();
            TestContext.Current.TestOutputHelper?.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{site,-20} mean error {(mean - 1) * 100:F2}%, runs {string.Join(" ", ratios[site].Select(r => ((r - 1) * 100).ToString("F1", CultureInfo.InvariantCulture)))}%"));
            Assert.All(ratios[site], r => Assert.InRange(r, 0.90, 1.10));
            Assert.InRange(mean, 0.97, 1.03);
        }
    }

    private static Dictionary<string, long> ReadReport(string path) =>
        File.ReadAllLines(path)
            .Select(line => line.Split(' '))
            .ToDictionary(parts => parts[0], parts => long.Parse(parts[2], CultureInfo.InvariantCulture));
}
