using System.Text.Json;
using Heapwise.Export;

namespace Heapwise.Tests.Export;

public sealed class SpeedscopeWriterTests
{
    [Fact]
    public void Output_is_a_sampled_profile_whose_weights_sum_to_the_total()
    {
        var tree = CallTree.Build(ExportProfiles.Allocations());

        using var json = Parse(tree, "allocs.pb.gz");

        var root = json.RootElement;
        Assert.Equal("https://www.speedscope.app/file-format-schema.json", root.GetProperty("$schema").GetString());
        Assert.Equal(0, root.GetProperty("activeProfileIndex").GetInt32());
        var profile = Assert.Single(root.GetProperty("profiles").EnumerateArray());
        Assert.Equal("sampled", profile.GetProperty("type").GetString());
        Assert.Equal("bytes", profile.GetProperty("unit").GetString());
        Assert.Equal("allocs.pb.gz (alloc_space)", profile.GetProperty("name").GetString());
        Assert.Equal(0, profile.GetProperty("startValue").GetInt64());
        Assert.Equal(tree.Total, profile.GetProperty("endValue").GetInt64());
        long[] weights = [.. profile.GetProperty("weights").EnumerateArray().Select(w => w.GetInt64())];
        Assert.Equal(tree.Total, weights.Sum());
        Assert.Equal(weights.Length, profile.GetProperty("samples").GetArrayLength());
    }

    [Fact]
    public void Samples_are_frame_indices_from_root_to_leaf()
    {
        var tree = CallTree.Build(ExportProfiles.Allocations());

        using var json = Parse(tree);

        string[] frames = [.. json.RootElement.GetProperty("shared").GetProperty("frames").EnumerateArray()
            .Select(f => f.GetProperty("name").GetString()!)];
        var profile = json.RootElement.GetProperty("profiles")[0];
        var stacks = profile.GetProperty("samples").EnumerateArray()
            .Select(s => string.Join(";", s.EnumerateArray().Select(i => frames[i.GetInt32()])))
            .Zip(profile.GetProperty("weights").EnumerateArray().Select(w => w.GetInt64()))
            .Select(p => $"{p.First} {p.Second}");
        Assert.Equal(FoldedStacksWriter.ToText(tree).TrimEnd('\n').Split('\n'), stacks);
        Assert.Equal(frames.Length, frames.Distinct().Count());
    }

    [Fact]
    public void Counts_have_no_speedscope_unit()
    {
        var tree = CallTree.Build(ExportProfiles.Allocations(), new CallTreeOptions { SampleIndex = "alloc_objects" });

        using var json = Parse(tree);

        var profile = json.RootElement.GetProperty("profiles")[0];
        Assert.Equal("none", profile.GetProperty("unit").GetString());
        Assert.Equal(15, profile.GetProperty("weights").EnumerateArray().Sum(w => w.GetInt64()));
    }

    private static JsonDocument Parse(CallTree tree, string? name = null)
    {
        using var buffer = new MemoryStream();
        SpeedscopeWriter.Write(tree, buffer, name);
        return JsonDocument.Parse(buffer.ToArray());
    }
}
