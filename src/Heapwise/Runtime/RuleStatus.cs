namespace Heapwise.Runtime;

/// <summary>What a memory rule says about the latest reading.</summary>
public enum RuleStatus
{
    /// <summary>Within its threshold.</summary>
    Ok,

    /// <summary>Not enough readings yet to decide (the leak rule before enough full collections).</summary>
    Waiting,

    /// <summary>Over its threshold: the rule fires.</summary>
    Firing,
}
