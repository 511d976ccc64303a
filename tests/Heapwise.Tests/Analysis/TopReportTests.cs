using Heapwise.Analysis;
using Heapwise.Profiles;

namespace Heapwise.Tests.Analysis;

public sealed class TopReportTests
{
    private static readonly (string, string)[] AllocTypes = [("alloc_objects", "count"), ("alloc_space", "bytes")];

    private static (string Name, long Flat, long Cum)[] Rows(TopReport report) =>
        [.. report.Rows.Select(r => (r.DisplayName, r.Flat, r.Cum))];

    [Fact]
    public void Flat_goes_to_the_leaf_and_cum_to_every_function_on_the_stack()
    {
        var profile = new StackProfile(("alloc_space", "bytes"))
            .Add("main;a;b", 100)
            .Add("main;a", 50)
            .Add("main;c", 25)
            .Build();

        var report = TopReport.Compute(profile);

        Assert.Equal([("b", 100L, 100L), ("a", 50L, 150L), ("c", 25L, 25L), ("main", 0L, 175L)], Rows(report));
        Assert.Equal(175, report.Total);
        Assert.Equal([100L, 150L, 175L, 175L], report.Rows.Select(r => r.RunningFlat));
    }

    [Fact]
    public void Recursion_counts_a_sample_once_per_function()
    {
        var profile = new StackProfile(("alloc_space", "bytes"))
            .Add("main;f;g;f;g", 10)
            .Add("main;f", 5)
            .Build();

        var report = TopReport.Compute(profile);

        Assert.Equal([("g", 10L, 10L), ("f", 5L, 15L), ("main", 0L, 15L)], Rows(report));
    }

    [Fact]
    public void Inlined_frames_take_the_flat_value_and_are_marked_inline()
    {
        // readInt was inlined into parse: one location, readInt its innermost line.
        var profile = new StackProfile(("alloc_space", "bytes"))
            .Add("main;parse>readInt", 40)
            .Add("main;parse", 20)
            .Build();

        var report = TopReport.Compute(profile);

        Assert.Equal([("readInt (inline)", 40L, 40L), ("parse", 20L, 60L), ("main", 0L, 60L)], Rows(report));
    }

    [Fact]
    public void A_function_both_inlined_and_called_is_partial_inline()
    {
        var profile = new StackProfile(("alloc_space", "bytes"))
            .Add("main;parse>readInt", 40)
            .Add("main;readInt", 30)
            .Build();

        var report = TopReport.Compute(profile);

        Assert.Equal(InlineStatus.PartialInline, report.Rows.Single(r => r.Name == "readInt").Inline);
        Assert.Equal("readInt (partial-inline)", report.Rows[0].DisplayName);
    }

    [Fact]
    public void Percentages_are_of_the_absolute_total_of_all_samples()
    {
        var profile = new StackProfile(("alloc_space", "bytes"))
            .Add("main;a", 1)
            .Add("main;b", 2)
            .Build();

        var report = TopReport.Compute(profile);

        Assert.Equal("66.67%", MeasurementFormat.Percentage(report.Rows[0].Flat, report.Total));
        Assert.Equal("  100%", MeasurementFormat.Percentage(report.Rows[1].RunningFlat, report.Total));
        Assert.Equal("Showing nodes accounting for 3B, 100% of 3B total", report.Labels[^1]);
    }

    [Fact]
    public void Default_sample_index_is_the_last_sample_type()
    {
        var profile = new StackProfile(AllocTypes).Add("main;a", 3, 300).Add("main;b", 5, 100).Build();

        var report = TopReport.Compute(profile);

        Assert.Equal("alloc_space", report.SampleType);
        Assert.Equal("a", report.Rows[0].Name);
        Assert.Contains("Type: alloc_space", report.Labels);
    }

    [Fact]
    public void Default_sample_type_of_the_profile_wins_over_the_last()
    {
        var builder = new StackProfile(AllocTypes).Add("main;a", 3, 300).Add("main;b", 5, 100);
        builder.Builder.DefaultSampleType("alloc_objects");

        var report = TopReport.Compute(builder.Build());

        Assert.Equal("alloc_objects", report.SampleType);
        Assert.Equal(("b", 5L, 5L), Rows(report)[0]);
    }

    [Theory]
    [InlineData("alloc_objects", "alloc_objects")]
    [InlineData("0", "alloc_objects")]
    [InlineData("1", "alloc_space")]
    [InlineData("inuse_alloc_space", "alloc_space")]
    public void Sample_index_selects_by_name_or_number(string sampleIndex, string expectedType)
    {
        var profile = new StackProfile(AllocTypes).Add("main;a", 3, 300).Build();

        var report = TopReport.Compute(profile, new TopOptions { SampleIndex = sampleIndex });

        Assert.Equal(expectedType, report.SampleType);
    }

    [Fact]
    public void Unknown_sample_index_names_the_sample_types_there_are()
    {
        var profile = new StackProfile(AllocTypes).Add("main;a", 3, 300).Build();

        var e = Assert.Throws<HeapwiseException>(() => TopReport.Compute(profile, new TopOptions { SampleIndex = "inuse_space" }));

        Assert.Equal("unknown sample index 'inuse_space'; this profile has: alloc_objects, alloc_space", e.Message);
    }

    [Fact]
    public void Sample_index_number_out_of_range_is_rejected()
    {
        var profile = new StackProfile(AllocTypes).Add("main;a", 3, 300).Build();

        var e = Assert.Throws<HeapwiseException>(() => TopReport.Compute(profile, new TopOptions { SampleIndex = "2" }));

        Assert.Equal("sample index 2 is outside the range 0..1; this profile has: alloc_objects, alloc_space", e.Message);
    }

    [Fact]
    public void Cum_sorts_by_cumulative_value_then_name()
    {
        var profile = new StackProfile(("alloc_space", "bytes"))
            .Add("main;a;b", 100)
            .Add("main;c", 150)
            .Build();

        var report = TopReport.Compute(profile, new TopOptions { Cumulative = true });

        Assert.Equal(["main", "c", "a", "b"], report.Rows.Select(r => r.Name));
    }

    [Fact]
    public void Equal_values_sort_by_name()
    {
        var profile = new StackProfile(("alloc_space", "bytes")).Add("zeta", 5).Add("alpha", 5).Add("Beta", 5).Build();

        var report = TopReport.Compute(profile);

        Assert.Equal(["Beta", "alpha", "zeta"], report.Rows.Select(r => r.Name));
    }

    [Fact]
    public void NodeCount_keeps_the_first_rows_and_says_so()
    {
        var profile = new StackProfile(("alloc_space", "bytes"))
            .Add("main;a", 400).Add("main;b", 300).Add("main;c", 200)
            .Build();

        var report = TopReport.Compute(profile, new TopOptions { NodeCount = 2 });

        Assert.Equal(["a", "b"], report.Rows.Select(r => r.Name));
        Assert.Equal(4, report.AvailableNodes);
        Assert.Equal("Showing nodes accounting for 700B, 77.78% of 900B total", report.Labels[^2]);
        Assert.Equal("Showing top 2 nodes out of 4", report.Labels[^1]);
    }

    [Fact]
    public void Functions_under_the_node_fraction_are_dropped_and_counted()
    {
        var profile = new StackProfile(("alloc_space", "bytes"))
            .Add("main;big", 10_000)
            .Add("main;tiny", 10)
            .Build();

        var report = TopReport.Compute(profile);

        Assert.DoesNotContain(report.Rows, r => r.Name == "tiny");
        Assert.Equal(1, report.DroppedNodes);
        Assert.Equal("Dropped 1 node (cum <= 0.05kB)", report.Labels[^1]); // 0.5% of 10010B, in the report's unit

        var all = TopReport.Compute(profile, new TopOptions { NodeFraction = 0 });
        Assert.Contains(all.Rows, r => r.Name == "tiny");
    }

    [Fact]
    public void Values_print_in_one_unit_chosen_from_the_smallest_row()
    {
        var profile = new StackProfile(("alloc_space", "bytes"))
            .Add("main;a", 3 << 20)
            .Add("main;b", 20 << 10)
            .Build();

        var report = TopReport.Compute(profile);

        // 20kB is under 1% of the total, so pprof scales it up to MB rather than printing 3092kB.
        Assert.Equal("MB", report.OutputUnit);
        Assert.Equal(["3MB", "0.02MB", "0"], report.Rows.Select(r => r.FlatText));
        Assert.Equal("3.02MB", report.Rows[^1].CumText);
    }

    [Fact]
    public void Samples_with_zero_value_or_no_stack_count_only_where_pprof_counts_them()
    {
        var profile = new StackProfile(("alloc_space", "bytes")).Add("main;a", 0).Add("main;b", 10).Build();
        profile.Sample.Add(new Sample { Value = { 30 } }); // no stack: in the total, in no row

        var report = TopReport.Compute(profile);

        Assert.Equal(40, report.Total);
        Assert.Equal([("b", 10L, 10L), ("main", 0L, 10L)], Rows(report));
    }

    [Fact]
    public void Several_profiles_are_added_together()
    {
        var first = new StackProfile(AllocTypes).Add("main;a", 1, 100).Build();
        var second = new StackProfile(AllocTypes).Add("main;a", 2, 200).Add("main;b", 1, 50).Build();

        var report = TopReport.Compute([first, second]);

        Assert.Equal([("a", 300L, 300L), ("b", 50L, 50L), ("main", 0L, 350L)], Rows(report));
    }

    [Fact]
    public void Profiles_with_different_sample_types_do_not_combine()
    {
        var allocs = new StackProfile(AllocTypes).Add("main;a", 1, 100).Build();
        var cpu = new StackProfile(("samples", "count"), ("cpu", "nanoseconds")).Add("main;a", 1, 100).Build();

        var e = Assert.Throws<HeapwiseException>(() => TopReport.Compute([allocs, cpu]));

        Assert.StartsWith("cannot combine profile 2 with profile 1: their sample types differ", e.Message);
    }

    [Fact]
    public void Drop_frames_cuts_matching_frames_and_their_callees()
    {
        var profile = new StackProfile(("alloc_space", "bytes"))
            .Add("main;alloc.New;alloc.grow", 10)
            .Add("main;work", 5)
            .Build();
        StackProfile.SetDropFrames(profile, @"alloc\..*");

        var report = TopReport.Compute(profile);

        Assert.Equal([("main", 10L, 15L), ("work", 5L, 5L)], Rows(report));
    }

    [Fact]
    public void Locations_without_functions_are_named_after_their_module()
    {
        var profile = new StackProfile(("alloc_space", "bytes")).Add("main", 10).Build(module: "/app/bin/App.dll");
        profile.Location.Add(new Location { Id = 99, MappingId = profile.Mapping[0].Id });
        profile.Sample.Add(new Sample { LocationId = { 99 }, Value = { 5 } });

        var report = TopReport.Compute(profile);

        Assert.Equal(["main", "[App.dll]"], report.Rows.Select(r => r.Name));
        Assert.Equal("File: App.dll", report.Labels[0]);
    }

    [Fact]
    public void Header_lines_follow_pprof()
    {
        var builder = new StackProfile(("samples", "count"), ("cpu", "nanoseconds")).Add("main;spin", 150, 1_500_000_000);
        builder.Builder.Comment("recorded by a test").Comment("#hidden note")
            .Time(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000), TimeSpan.FromSeconds(2));

        var report = TopReport.Compute(builder.Build());

        Assert.Equal("recorded by a test", report.Labels[0]);
        Assert.Equal("Type: cpu", report.Labels[1]);
        Assert.Equal("Time: " + ReportLabels.FormatTime(1_700_000_000_000_000_000, TimeZoneInfo.Local), report.Labels[2]);
        Assert.Equal("Duration: 2s, Total samples = 1.50s (75.00%)", report.Labels[3]);
    }

    [Fact]
    public void Time_is_formatted_with_the_go_layout()
    {
        long nanos = DateTimeOffset.Parse("2026-11-23T13:38:00Z", System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds() * 1_000_000;

        Assert.Equal("Nov 23, 2026 at 1:38pm (UTC)", ReportLabels.FormatTime(nanos, TimeZoneInfo.Utc));
        Assert.Equal("Nov 23, 2026 at 12:38am (UTC)", ReportLabels.FormatTime(nanos - 13 * 3_600_000_000_000L, TimeZoneInfo.Utc));
    }

    [Fact]
    public void Computing_a_report_does_not_change_the_profile()
    {
        var profile = new StackProfile(AllocTypes).Add("main;parse>readInt", 1, 100).Add("main;alloc.New", 1, 10).Build();
        StackProfile.SetDropFrames(profile, @"alloc\..*");
        var before = profile.Clone();

        TopReport.Compute(profile, new TopOptions { NodeCount = 1, Cumulative = true });

        Assert.Equal(before, profile);
    }

    [Fact]
    public void Empty_profile_reports_nothing()
    {
        var profile = new ProfileBuilder(("alloc_space", "bytes")).Build();

        var report = TopReport.Compute(profile);

        Assert.Empty(report.Rows);
        Assert.Equal("Showing nodes accounting for 0, 0% of 0 total", report.Labels[^1]);
    }

    [Fact]
    public void Extreme_values_wrap_around_like_go_instead_of_throwing()
    {
        var profile = new StackProfile(("alloc_space", "bytes"))
            .Add("main;a", long.MaxValue)
            .Add("main;b", long.MinValue)
            .Add("main;c", long.MaxValue)
            .Build();

        var report = TopReport.Compute(profile, new TopOptions { Cumulative = true });

        Assert.NotEmpty(report.Rows);
    }
}
