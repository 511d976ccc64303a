namespace Heapwise.Analysis;

/// <summary>One sample of a <see cref="TracesReport"/>: its value, labels and stack (leaf first).</summary>
/// <param name="Value">The sample's value.</param>
/// <param name="ValueText"><see cref="Value"/> formatted as pprof prints it, e.g. <c>1.50MB</c>.</param>
/// <param name="Labels">String labels then numeric ones, each sorted as pprof sorts them.</param>
/// <param name="Frames">The stack, leaf first; inlined frames come before the frame they were inlined into.</param>
public sealed record TraceEntry(long Value, string ValueText, IReadOnlyList<TraceLabel> Labels, IReadOnlyList<TraceFrame> Frames);

/// <summary>A label of a trace: its key and its values as text (numeric values with their unit, e.g. <c>32kB</c>).</summary>
/// <param name="Key">The label key.</param>
/// <param name="Values">The values, in the sample's order.</param>
/// <param name="IsNumeric">Whether the label is numeric.</param>
public sealed record TraceLabel(string Key, IReadOnlyList<string> Values, bool IsNumeric);

/// <summary>A frame of a trace.</summary>
/// <param name="Name">The function name (or <c>[module]</c>, <c>&lt;unknown&gt;</c>).</param>
/// <param name="Inline">Whether it was inlined into the next frame.</param>
public sealed record TraceFrame(string Name, bool Inline);
