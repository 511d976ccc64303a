namespace Heapwise.Analysis;

/// <summary>How a function in a report is reached from its callers, as pprof labels it after the name.</summary>
public enum InlineStatus
{
    /// <summary>Called normally (or a root): no label.</summary>
    None,

    /// <summary>Every call reaching it was inlined into its caller: <c>(inline)</c>.</summary>
    Inline,

    /// <summary>Some calls were inlined and some were not: <c>(partial-inline)</c>.</summary>
    PartialInline,
}
