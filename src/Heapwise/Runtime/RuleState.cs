namespace Heapwise.Runtime;

/// <summary>A memory rule's verdict on a reading.</summary>
/// <param name="Rule">The rule's name: <c>heap-size</c>, <c>gc-pause</c>, <c>allocation-rate</c> or <c>leak</c>.</param>
/// <param name="Status">Whether it fires.</param>
/// <param name="Message">One line saying the value and the threshold, e.g. <c>heap 1.2 GB is over 1 GB</c>.</param>
/// <param name="StartedFiring">True on the first reading of a firing streak: the moment to capture evidence.</param>
public sealed record RuleState(string Rule, RuleStatus Status, string Message, bool StartedFiring);
