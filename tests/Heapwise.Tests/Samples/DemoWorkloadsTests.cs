using System.Text.RegularExpressions;
using Heapwise.Samples;

namespace Heapwise.Tests.Samples;

public sealed partial class DemoWorkloadsTests(ITestOutputHelper output)
{
    [GeneratedRegex("^[a-z]+(-[a-z]+)*$")]
    private static partial Regex KebabCase();

    [Fact]
    public void All_lists_the_four_demos_in_readme_order()
    {
        Assert.Equal(["data-processor", "transform", "analysis", "int-arrays"], DemoWorkloads.All.Select(w => w.Name));
    }

    [Fact]
    public void Names_are_unique_kebab_case_and_descriptions_are_present()
    {
        Assert.Equal(DemoWorkloads.All.Count, DemoWorkloads.All.Select(w => w.Name).Distinct(StringComparer.Ordinal).Count());
        Assert.All(DemoWorkloads.All, w =>
        {
            Assert.Matches(KebabCase(), w.Name);
            Assert.False(string.IsNullOrWhiteSpace(w.Description));
        });
    }

    [Fact]
    public void Only_data_processor_has_no_optimized_variant()
    {
        Assert.All(DemoWorkloads.All, w => Assert.Equal(w.Name != "data-processor", w.Optimized is not null));
    }

    [Fact]
    public void Find_is_case_insensitive_and_returns_null_for_unknown_names()
    {
        Assert.Same(DemoWorkloads.All[1], DemoWorkloads.Find("TRANSFORM"));
        Assert.Null(DemoWorkloads.Find("no-such-workload"));
    }

    [Fact]
    public void Each_run_allocates_tens_to_hundreds_of_megabytes()
    {
        // Sampling takes one allocation per ~100 KB: a run needs tens of MB for a readable profile,
        // and should stay below a few hundred MB to keep the demo quick.
        foreach (DemoWorkload workload in DemoWorkloads.All)
        {
            (long bytes, _) = AllocationMeter.Measure(() =>
            {
                workload.Run();
                return 0;
            });
            output.WriteLine($"{workload.Name}: {AllocationMeter.Megabytes(bytes)} per run");
            Assert.InRange(bytes, 20_000_000, 400_000_000);
        }
    }

    [Fact]
    public void Runs_publish_their_checksum_to_the_sink()
    {
        // Another test may run a workload concurrently, so only check that this run's result arrives.
        DemoWorkloads.Find("int-arrays")!.Optimized!();
        Assert.NotEqual(0UL, ResultSink.Last);
    }
}
