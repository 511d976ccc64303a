namespace Heapwise.Analysis;

/// <summary>
/// One function in a <see cref="TopReport"/>: a row of <c>go tool pprof -top</c>.
/// Percentages are of <see cref="TopReport.Total"/>; format them with <see cref="MeasurementFormat.Percentage"/>.
/// </summary>
/// <param name="Name">The function name as the profile spells it (or <c>[module]</c>, <c>&lt;unknown&gt;</c>).</param>
/// <param name="Inline">Whether callers reached it through inlining.</param>
/// <param name="Flat">Value of the samples whose innermost frame is this function.</param>
/// <param name="Cum">Value of the samples with this function anywhere on the stack, each sample counted once.</param>
/// <param name="RunningFlat">The sum of <see cref="Flat"/> over this row and the rows above it (pprof's sum%).</param>
/// <param name="FlatText"><see cref="Flat"/> formatted in the report's unit, e.g. <c>1.50MB</c>.</param>
/// <param name="CumText"><see cref="Cum"/> formatted in the report's unit.</param>
public sealed record TopRow(string Name, InlineStatus Inline, long Flat, long Cum, long RunningFlat, string FlatText, string CumText)
{
    /// <summary>The name with pprof's inline marker, e.g. <c>App.Parse (inline)</c>.</summary>
    public string DisplayName => Inline switch
    {
        InlineStatus.Inline => Name + " (inline)",
        InlineStatus.PartialInline => Name + " (partial-inline)",
        _ => Name,
    };
}
