namespace Heapwise.Collection;

/// <summary>
/// Formats type names from allocation events the way C# spells them: <c>System.Collections.Generic.Dictionary`2[System.String,System.Int32]</c>
/// becomes <c>System.Collections.Generic.Dictionary&lt;System.String, System.Int32&gt;</c>, <c>Outer+Inner[]</c> becomes <c>Outer.Inner[]</c>.
/// Full names are kept (no <c>int</c> for <c>System.Int32</c>) so that two types never read alike.
/// </summary>
internal static class TypeNameFormatter
{
    /// <summary>Returns the readable form of <paramref name="runtimeName"/>; empty stays empty.</summary>
    public static string Format(string runtimeName)
    {
        ArgumentNullException.ThrowIfNull(runtimeName);
        return runtimeName.Length == 0 ? runtimeName : RuntimeTypeName.Parse(runtimeName).Render();
    }
}
