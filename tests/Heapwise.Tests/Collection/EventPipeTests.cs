namespace Heapwise.Tests.Collection;

/// <summary>
/// Tests that run real EventPipe sessions on real processes run one at a time: each target takes a core while it
/// allocates, and the machine has two.
/// </summary>
[CollectionDefinition(Name)]
public sealed class EventPipeTests
{
    public const string Name = "EventPipe sessions";
}
