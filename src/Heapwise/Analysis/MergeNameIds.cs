namespace Heapwise.Analysis;

/// <summary>
/// Numbers for the names that make modules and functions the same when profiles merge, shared by every
/// profile of one view so that their location identities (<see cref="ProfileKeys.Identity"/>) compare across profiles.
/// </summary>
internal sealed class MergeNameIds
{
    private readonly Dictionary<string, int> _modules = new(StringComparer.Ordinal);
    private readonly Dictionary<(long StartLine, string Name, string SystemName, string File), int> _functions = [];

    /// <summary>The id of a module known by <paramref name="name"/> (its size, offset and build id or file).</summary>
    public int Module(string name) => IdOf(_modules, name);

    /// <summary>The id of a function known by its start line, names and file.</summary>
    public int Function(long startLine, string name, string systemName, string file) =>
        IdOf(_functions, (startLine, name, systemName, file));

    private static int IdOf<TKey>(Dictionary<TKey, int> ids, TKey key)
        where TKey : notnull
    {
        if (!ids.TryGetValue(key, out int id))
        {
            id = ids.Count;
            ids[key] = id;
        }

        return id;
    }
}
