using System.Globalization;
using System.Text.Json;
using CsCheck;
using Heapwise.Analysis;
using Heapwise.Export;
using Heapwise.Tests.Analysis;

namespace Heapwise.Tests.Export;

/// <summary>Invariants of the call tree and its exports on random profiles (recursion, inlining, zeros, negative values).</summary>
public sealed class CallTreePropertyTests
{
    [Fact]
    public void Tree_total_folded_lines_and_speedscope_weights_all_equal_the_sample_sum()
    {
        RandomProfile.Generator.Sample(random =>
        {
            var profile = random.Build();
            var tree = CallTree.Build(profile, new CallTreeOptions { SampleIndex = random.SampleIndex });
            long expected = SampleTotals.Sum(profile, random.SampleIndex);

            long folded = FoldedStacksWriter.ToText(tree).Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Sum(line => long.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));
            using var buffer = new MemoryStream();
            SpeedscopeWriter.Write(tree, buffer);
            using var json = JsonDocument.Parse(buffer.ToArray());
            long weights = json.RootElement.GetProperty("profiles")[0].GetProperty("weights").EnumerateArray().Sum(w => w.GetInt64());

            return tree.Total == expected && folded == expected && weights == expected
                && Enumerable.Range(0, tree.NodeCount).All(i => tree[i].Total == tree[i].Self + tree[i].Children.Sum(c => c.Total));
        }, iter: 300);
    }

    [Fact]
    public void A_tree_pruned_at_the_flame_graph_cutoff_gives_the_same_page_data()
    {
        var fraction = Gen.Frequency((1, (IGen<double>)Gen.Const(1.0)), (4, Gen.Double[0.001, 0.3]));
        Gen.Select(RandomProfile.Generator, fraction).Sample((random, minimum) =>
        {
            var profile = random.Build();
            var full = CallTree.Build(profile, new CallTreeOptions { SampleIndex = random.SampleIndex });
            var pruned = CallTree.Build(profile, new CallTreeOptions { SampleIndex = random.SampleIndex, PruneBelowFraction = minimum });
            var options = new FlameGraphOptions { MinFrameFraction = minimum, Title = "t" };

            // Everything but the count of hidden frames, which the pruned tree does not hold.
            string Data(CallTree tree) => FlameGraphPages.EmbeddedData(FlameGraphWriter.ToHtml(tree, options)).RootElement
                .EnumerateObject().Where(p => p.Name != "hidden").Select(p => p.ToString()).Aggregate(string.Empty, string.Concat);
            Assert.Equal(Data(full), Data(pruned));
            Assert.True(Enumerable.Range(0, pruned.NodeCount).All(i => pruned[i].Total == pruned[i].Self + pruned[i].Children.Sum(c => c.Total)));
        }, iter: 300);
    }

    [Fact]
    public void Writing_to_a_missing_folder_is_a_heapwise_error()
    {
        var tree = CallTree.Build(ExportProfiles.Allocations());
        string path = Path.Combine(Path.GetTempPath(), "heapwise-no-such-" + Guid.NewGuid().ToString("N"), "out");

        Assert.Throws<HeapwiseException>(() => FoldedStacksWriter.WriteFile(tree, path));
        Assert.Throws<HeapwiseException>(() => SpeedscopeWriter.WriteFile(tree, path));
        Assert.Throws<HeapwiseException>(() => FlameGraphWriter.WriteFile(tree, path));
    }
}
