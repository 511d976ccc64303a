namespace Heapwise.Export;

/// <summary>
/// One node of a <see cref="CallTree"/>: a function called along one particular path from the root.
/// A cheap view (the tree and an index); the same function appears in as many nodes as it has paths.
/// </summary>
public readonly struct CallTreeNode : IEquatable<CallTreeNode>
{
    private readonly CallTree _tree;

    internal CallTreeNode(CallTree tree, int index)
    {
        _tree = tree;
        Index = index;
    }

    /// <summary>The node's position in the tree, in depth-first (pre-)order: the root is 0.</summary>
    public int Index { get; }

    /// <summary>The function's display name; the root is named <c>all</c>.</summary>
    public string Name => _tree.NameOf(Index);

    /// <summary>The value of samples whose stack ends in this node (the function itself allocated).</summary>
    public long Self => _tree.SelfOf(Index);

    /// <summary>The value of all samples passing through this node: <see cref="Self"/> plus the children's totals.</summary>
    public long Total => _tree.TotalOf(Index);

    /// <summary>Number of frames above this node: 0 for the root, 1 for the outermost functions.</summary>
    public int Depth => _tree.DepthOf(Index);

    /// <summary>The functions this one called on this path, ordered by name.</summary>
    public IReadOnlyList<CallTreeNode> Children => _tree.ChildrenOf(Index);

    /// <summary>The child named <paramref name="name"/>, or <see langword="null"/>.</summary>
    public CallTreeNode? Child(string name)
    {
        foreach (var child in Children)
        {
            if (string.Equals(child.Name, name, StringComparison.Ordinal))
            {
                return child;
            }
        }

        return null;
    }

    /// <inheritdoc />
    public bool Equals(CallTreeNode other) => ReferenceEquals(_tree, other._tree) && Index == other.Index;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is CallTreeNode other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => Index;

    /// <summary>Whether two nodes are the same node of the same tree.</summary>
    public static bool operator ==(CallTreeNode left, CallTreeNode right) => left.Equals(right);

    /// <summary>Whether two nodes differ.</summary>
    public static bool operator !=(CallTreeNode left, CallTreeNode right) => !left.Equals(right);

    /// <inheritdoc />
    public override string ToString() => $"{Name} (self {Self}, total {Total})";
}
