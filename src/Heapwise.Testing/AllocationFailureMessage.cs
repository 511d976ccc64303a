using System.Globalization;
using System.Text;

namespace Heapwise.Testing;

/// <summary>Writes the message of an <see cref="AllocationAssertionException"/>: the verdict first, then the sites.</summary>
internal static class AllocationFailureMessage
{
    public static string Compose(string operation, long limitPerRun, AllocationMeasurement measured, int warmupRuns, string scope, AllocationExplanation? explanation)
    {
        var text = new StringBuilder();
        string expected = limitPerRun == 0 ? "to allocate nothing" : $"to allocate at most {Bytes(limitPerRun)} per run";
        string actual = measured.Runs == 1
            ? Bytes(measured.TotalBytes)
            : $"{Bytes(measured.BytesPerRun)} per run ({Bytes(measured.TotalBytes)} in {measured.Runs:N0} runs)";
        text.Append(CultureInfo.InvariantCulture, $"Expected {operation} {expected}, but it allocated {actual}")
            .Append(CultureInfo.InvariantCulture, $" (exact, {scope}, after {warmupRuns:N0} warm-up run{(warmupRuns == 1 ? "" : "s")}).");
        if (explanation is null)
        {
            return text.ToString();
        }

        text.AppendLine();
        if (explanation.Sites.Count == 0)
        {
            text.Append("Allocation sites: none shown: ").Append(explanation.Note);
            return text.ToString();
        }

        text.Append(CultureInfo.InvariantCulture,
            $"Allocation sites: {explanation.SampleCount:N0} samples over {explanation.Runs:N0} more run{(explanation.Runs == 1 ? "" : "s")} under the profiler ({Bytes(explanation.AllocatedBytes)} allocated); per-run values are estimates.")
            .AppendLine();
        if (explanation.Note is { } note)
        {
            text.Append("Note: ").Append(note).AppendLine();
        }

        // Numbers right-aligned as in pprof's tables; the type and the site last, unpadded, since generic names run long.
        var rows = explanation.Sites.Select(s => new[]
        {
            s.BytesPerRun.ToString("N0", CultureInfo.InvariantCulture),
            s.ObjectsPerRun.ToString(s.ObjectsPerRun >= 100 ? "N0" : "N1", CultureInfo.InvariantCulture),
            (s.Share * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%",
            s.Type + " at " + (s.Location is null ? s.Function : $"{s.Function} ({s.Location})"),
        }).ToList();
        string[] header = ["bytes/run", "objects/run", "share", "type and site"];
        int[] widths = [.. Enumerable.Range(0, header.Length - 1).Select(c => rows.Append(header).Max(r => r[c].Length))];
        foreach (var row in rows.Prepend(header))
        {
            text.Append("  ");
            for (int c = 0; c < widths.Length; c++)
            {
                text.Append(row[c].PadLeft(widths[c])).Append("  ");
            }

            text.Append(row[^1]).AppendLine();
        }

        return text.ToString().TrimEnd();
    }

    /// <summary>Bytes with thousands separators: <c>1,024 bytes</c>.</summary>
    public static string Bytes(double bytes) =>
        bytes.ToString(bytes == Math.Floor(bytes) ? "N0" : "N1", CultureInfo.InvariantCulture) + (bytes == 1 ? " byte" : " bytes");
}
