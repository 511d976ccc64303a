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
    public void Writing_to_a_missing_folder_is_a_heapwise_error()
    {
        var tree = CallTree.Build(ExportProfiles.Allocations());
        string path = Path.Combine(Path.GetTempPath(), "heapwise-no-such-" + Guid.NewGuid().ToString("N"), "out");

        Assert.Throws<HeapwiseException>(() => FoldedStacksWriter.WriteFile(tree, path));
        Assert.Throws<HeapwiseException>(() => SpeedscopeWriter.WriteFile(tree, path));
        Assert.Throws<HeapwiseException>(() => FlameGraphWriter.WriteFile(tree, path));
    }
}
