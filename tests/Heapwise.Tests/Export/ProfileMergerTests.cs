using Heapwise.Export;
using Heapwise.Profiles;
using Heapwise.Tests.Analysis;

namespace Heapwise.Tests.Export;

public sealed class ProfileMergerTests
{
    [Fact]
    public void Merged_profile_has_the_samples_of_both_and_shares_equal_entries()
    {
        var a = new StackProfile(ExportProfiles.AllocTypes).Add("App.Main;App.Load", 1, 100).Build("app.dll");
        var b = new StackProfile(ExportProfiles.AllocTypes).Add("App.Main;App.Load", 2, 200).Add("App.Main;App.Save", 1, 50).Build("app.dll");

        var merged = ProfileMerger.Merge([a, b]);

        Assert.Equal(3, merged.Sample.Count);
        Assert.Single(merged.Mapping);
        Assert.Equal(3, merged.Function.Count);
        Assert.Equal(
            FoldedStacksWriter.ToText(CallTree.Build([a, b])),
            FoldedStacksWriter.ToText(CallTree.Build(merged)));
    }

    [Fact]
    public void Merged_profile_round_trips_through_the_codec()
    {
        var a = ExportProfiles.Allocations();
        var b = ExportProfiles.Hostile("App.Other");
        a.DurationNanos = 1_000;
        b.DurationNanos = 2_000;

        var merged = ProfileMerger.Merge([a, b]);
        using var buffer = new MemoryStream();
        PprofWriter.Write(merged, buffer);
        var read = PprofReader.Parse(buffer.ToArray());

        Assert.Equal(3_000, read.DurationNanos);
        Assert.Equal(CallTree.Build([a, b]).Total, CallTree.Build(read).Total);
    }

    [Fact]
    public void One_profile_is_returned_unchanged()
    {
        var profile = ExportProfiles.Allocations();

        Assert.Same(profile, ProfileMerger.Merge([profile]));
    }

    [Fact]
    public void Profiles_of_different_types_do_not_merge()
    {
        var allocs = ExportProfiles.Allocations();
        var cpu = new StackProfile(("samples", "count"), ("cpu", "nanoseconds")).Add("App.Main", 1, 10).Build();

        Assert.Throws<HeapwiseException>(() => ProfileMerger.Merge([allocs, cpu]));
    }
}
