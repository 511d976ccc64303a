using Heapwise.Export;
using Heapwise.Tests.Analysis;

namespace Heapwise.Tests.Export;

public sealed class CallTreeTests
{
    [Fact]
    public void Values_add_up_from_leaf_to_root()
    {
        var tree = CallTree.Build(ExportProfiles.Allocations());

        Assert.Equal("alloc_space", tree.SampleType);
        Assert.Equal("bytes", tree.Unit);
        Assert.Equal(6450, tree.Total);
        Assert.Equal(CallTree.RootName, tree.Root.Name);
        Assert.Equal(0, tree.Root.Self);

        var main = Assert.Single(tree.Root.Children);
        Assert.Equal(("App.Main", 0L, 6450L, 1), (main.Name, main.Self, main.Total, main.Depth));

        var load = main.Child("App.Load")!.Value;
        Assert.Equal((1000L, 6000L), (load.Self, load.Total));
        var read = Assert.Single(load.Children);
        Assert.Equal(("App.Read", 5000L, 5000L), (read.Name, read.Self, read.Total));
    }

    [Fact]
    public void Children_are_ordered_by_name_and_zero_samples_leave_no_node()
    {
        var tree = CallTree.Build(ExportProfiles.Allocations());

        var main = tree.Root.Children[0];
        Assert.Equal(["App.Load", "App.Parse", "App.Walk"], main.Children.Select(c => c.Name));
    }

    [Fact]
    public void Inlined_functions_are_frames_beneath_their_caller()
    {
        var tree = CallTree.Build(ExportProfiles.Allocations());

        var parse = tree.Root.Children[0].Child("App.Parse")!.Value;
        Assert.Equal((0L, 400L), (parse.Self, parse.Total));
        var token = Assert.Single(parse.Children);
        Assert.Equal(("App.Token", 400L, 400L, 3), (token.Name, token.Self, token.Total, token.Depth));
    }

    [Fact]
    public void Recursion_is_a_path_of_nodes_each_counting_once()
    {
        var tree = CallTree.Build(ExportProfiles.Allocations());

        var walk = tree.Root.Children[0].Child("App.Walk")!.Value;
        var walk2 = Assert.Single(walk.Children);
        var walk3 = Assert.Single(walk2.Children);
        Assert.Equal([50L, 50L, 50L], new[] { walk.Total, walk2.Total, walk3.Total });
        Assert.Equal([0L, 0L, 50L], new[] { walk.Self, walk2.Self, walk3.Self });
        Assert.Empty(walk3.Children);
    }

    [Fact]
    public void Sample_index_selects_the_value()
    {
        var profile = ExportProfiles.Allocations();

        var byName = CallTree.Build(profile, new CallTreeOptions { SampleIndex = "alloc_objects" });
        var byNumber = CallTree.Build(profile, new CallTreeOptions { SampleIndex = "0" });

        Assert.Equal(15, byName.Total);
        Assert.Equal("count", byName.Unit);
        Assert.Equal(15, byNumber.Total);
        Assert.Equal(5, byName.Root.Children[0].Child("App.Load")!.Value.Children[0].Self);
    }

    [Fact]
    public void Default_sample_type_is_used_when_no_index_is_given()
    {
        var stacks = new StackProfile(ExportProfiles.AllocTypes).Add("App.Main", 7, 700);
        stacks.Builder.DefaultSampleType("alloc_objects");

        var tree = CallTree.Build(stacks.Build());

        Assert.Equal(("alloc_objects", 7L), (tree.SampleType, tree.Total));
    }

    [Fact]
    public void Unknown_sample_index_says_which_exist()
    {
        var e = Assert.Throws<HeapwiseException>(() =>
            CallTree.Build(ExportProfiles.Allocations(), new CallTreeOptions { SampleIndex = "inuse_space" }));

        Assert.Contains("alloc_objects, alloc_space", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Several_profiles_add_up()
    {
        var a = new StackProfile(ExportProfiles.AllocTypes).Add("App.Main;App.Load", 1, 100).Build();
        var b = new StackProfile(ExportProfiles.AllocTypes).Add("App.Main;App.Load", 2, 200).Add("App.Main;App.Save", 1, 50).Build();

        var tree = CallTree.Build([a, b]);

        Assert.Equal(350, tree.Total);
        Assert.Equal(300, tree.Root.Children[0].Child("App.Load")!.Value.Total);
        Assert.Equal(4, tree.NodeCount);
    }

    [Fact]
    public void Nodes_are_in_depth_first_order_with_subtree_ranges()
    {
        var tree = CallTree.Build(ExportProfiles.Allocations());

        Assert.Equal(
            ["all", "App.Main", "App.Load", "App.Read", "App.Parse", "App.Token", "App.Walk", "App.Walk", "App.Walk"],
            Enumerable.Range(0, tree.NodeCount).Select(i => tree[i].Name));
        Assert.Equal(tree.NodeCount, tree.SubtreeEndOf(0));
        Assert.Equal(4, tree.SubtreeEndOf(2)); // App.Load: itself and App.Read
    }

    [Fact]
    public void Property_every_total_is_self_plus_children()
    {
        var tree = CallTree.Build(ExportProfiles.Allocations());

        for (int i = 0; i < tree.NodeCount; i++)
        {
            var node = tree[i];
            Assert.Equal(node.Total, node.Self + node.Children.Sum(c => c.Total));
        }
    }
}
