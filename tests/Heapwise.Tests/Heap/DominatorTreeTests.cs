using Heapwise.Heap;

namespace Heapwise.Tests.Heap;

/// <summary><see cref="DominatorTree"/> against hand-computed dominators and against the definition on random graphs.</summary>
public sealed class DominatorTreeTests
{
    // a=0 b=1 c=2 d=3 e=4 f=5 g=6. Roots: a (static), f (stack).
    // a→b, a→c, b→d, c→d, d→e, e→b (a cycle), f→e, c→g.
    // By hand: b, d and e are reachable both through a and through f, so only the virtual root dominates them;
    // c and g hang from a (g through c); f dominates only itself.
    private static readonly long[] Sizes = [10, 20, 30, 40, 50, 60, 70];
    private static readonly (int, int)[] Edges = [(0, 1), (0, 2), (1, 3), (2, 3), (3, 4), (4, 1), (5, 4), (2, 6)];

    [Fact]
    public void Immediate_dominators_and_retained_sizes_match_the_hand_computed_result()
    {
        var snapshot = SyntheticHeap.Create(Sizes, Edges, (0, HeapRootKind.StaticVariable), (5, HeapRootKind.Stack));
        var tree = DominatorTree.Compute(snapshot);
        int root = tree.VirtualRoot;

        Assert.Equal([root, root, 0, root, root, root, 2], Enumerable.Range(0, 7).Select(tree.ImmediateDominator));
        Assert.Equal([110L, 20, 100, 40, 50, 60, 70], Enumerable.Range(0, 7).Select(tree.RetainedSize));
        Assert.Equal(280, tree.RetainedSize(root));
        Assert.Equal(0, tree.UnreachableCount);
    }

    [Fact]
    public void A_chain_with_a_shortcut_is_dominated_by_its_head()
    {
        // x→y→z and x→z: z is dominated by x, not y.
        var snapshot = SyntheticHeap.Create([8, 16, 32], [(0, 1), (1, 2), (0, 2)], (0, HeapRootKind.StrongHandle));
        var tree = DominatorTree.Compute(snapshot);

        Assert.Equal(0, tree.ImmediateDominator(2));
        Assert.Equal([56L, 16, 32], Enumerable.Range(0, 3).Select(tree.RetainedSize));
    }

    [Fact]
    public void Objects_no_root_reaches_hang_from_the_virtual_root_and_are_counted()
    {
        var snapshot = SyntheticHeap.Create([8, 16, 32], [(1, 2)], (0, HeapRootKind.Stack));
        var tree = DominatorTree.Compute(snapshot);

        Assert.Equal(1, tree.UnreachableCount);
        Assert.Equal(tree.VirtualRoot, tree.ImmediateDominator(1));
        Assert.Equal(48, tree.RetainedSize(1));
        Assert.Equal(56, tree.RetainedSize(tree.VirtualRoot));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Retained_sizes_equal_the_definition_on_random_graphs(int seed)
    {
        var random = new Random(seed);
        for (int round = 0; round < 40; round++)
        {
            int n = random.Next(1, 40);
            long[] sizes = [.. Enumerable.Range(0, n).Select(_ => (long)random.Next(1, 1000))];
            var edges = new List<(int, int)>();
            var roots = new List<(int, HeapRootKind)> { (0, HeapRootKind.StaticVariable) };
            for (int v = 1; v < n; v++)
            {
                // Every object reachable: from an earlier object or a root; then random extra edges, back edges included.
                if (random.Next(5) == 0)
                {
                    roots.Add((v, HeapRootKind.Stack));
                }
                else
                {
                    edges.Add((random.Next(v), v));
                }
            }

            for (int e = random.Next(2 * n); e > 0; e--)
            {
                edges.Add((random.Next(n), random.Next(n)));
            }

            var snapshot = SyntheticHeap.Create(sizes, [.. edges], [.. roots]);
            var tree = DominatorTree.Compute(snapshot);
            for (int d = 0; d < n; d++)
            {
                Assert.Equal(RetainedByDefinition(n, sizes, edges, roots, d), tree.RetainedSize(d));
            }
        }
    }

    /// <summary>The bytes that become unreachable from the roots when <paramref name="removed"/> is taken away.</summary>
    private static long RetainedByDefinition(int n, long[] sizes, List<(int From, int To)> edges, List<(int Object, HeapRootKind)> roots, int removed)
    {
        var reached = new bool[n];
        var stack = new Stack<int>(roots.Select(r => r.Object).Where(o => o != removed));
        while (stack.Count > 0)
        {
            int v = stack.Pop();
            if (reached[v])
            {
                continue;
            }

            reached[v] = true;
            foreach (var (from, to) in edges)
            {
                if (from == v && to != removed && !reached[to])
                {
                    stack.Push(to);
                }
            }
        }

        return Enumerable.Range(0, n).Where(v => !reached[v]).Sum(v => sizes[v]);
    }
}
