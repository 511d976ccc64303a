namespace Heapwise.Analysis;

/// <summary>A label key of a <see cref="TagsReport"/>: the total of the samples carrying it and each value's part.</summary>
/// <param name="Key">The label key, e.g. <c>type</c>.</param>
/// <param name="Total">Sum of the values of <see cref="Values"/> (a sample with two values of the key counts twice, as in pprof).</param>
/// <param name="TotalText"><see cref="Total"/> as pprof prints it, e.g. <c>17.9MB</c>.</param>
/// <param name="Values">The values, largest first.</param>
public sealed record TagSummary(string Key, long Total, string TotalText, IReadOnlyList<TagValueSummary> Values);

/// <summary>One value of a label key with the value of the samples carrying it.</summary>
/// <param name="Value">The label value; numeric values formatted with their unit, e.g. <c>32kB</c>.</param>
/// <param name="Total">Sum of the values of the samples with this label value.</param>
/// <param name="TotalText"><see cref="Total"/> as pprof prints it, e.g. <c>12.0MB</c>.</param>
/// <param name="Share"><see cref="Total"/> as a share of the key's total, as pprof prints it (<c>67.10%</c>); empty when that total is not positive.</param>
public sealed record TagValueSummary(string Value, long Total, string TotalText, string Share);
