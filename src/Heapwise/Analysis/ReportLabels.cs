using System.Globalization;

namespace Heapwise.Analysis;

/// <summary>
/// The header lines pprof prints above a report (<c>File:</c>, <c>Build ID:</c>, comments, <c>Type:</c>,
/// <c>Time:</c>, <c>Duration:</c>), worded and formatted as pprof does.
/// </summary>
internal static class ReportLabels
{
    /// <summary>The profile lines for <paramref name="set"/> reporting <paramref name="sampleType"/>.</summary>
    /// <param name="set">The profiles reported.</param>
    /// <param name="sampleType">Name of the value shown.</param>
    /// <param name="sampleUnit">Unit of the value shown.</param>
    /// <param name="total">The report total.</param>
    /// <param name="formatValue">Formats a value in the report's unit.</param>
    public static List<string> ForProfile(ProfileSet set, string sampleType, string sampleUnit, long total, Func<long, string> formatValue)
    {
        var labels = new List<string>();
        if (set.MainMapping is var (file, buildId))
        {
            if (file.Length != 0)
            {
                labels.Add("File: " + FrameKey.BaseName(file));
            }

            if (buildId.Length != 0)
            {
                labels.Add("Build ID: " + buildId);
            }
        }

        // Comments starting with '#' are notes for tools, not for people; pprof hides them too.
        labels.AddRange(set.Comments.Where(c => !c.StartsWith('#')));
        labels.Add("Type: " + sampleType);
        if (set.TimeNanos != 0)
        {
            labels.Add("Time: " + FormatTime(set.TimeNanos, TimeZoneInfo.Local));
        }

        if (set.DurationNanos != 0)
        {
            string duration = MeasurementFormat.Label(set.DurationNanos, "nanoseconds");
            var (totalNanos, unit) = MeasurementFormat.Scale(total, sampleUnit, "nanoseconds");
            string ratio = unit == "ns" && totalNanos != 0
                ? "(" + MeasurementFormat.Percentage((long)totalNanos, set.DurationNanos) + ")"
                : string.Empty;

            // Without a ratio pprof leaves a trailing space; kept so output diffs clean against pprof's.
            labels.Add($"Duration: {duration}, Total samples = {formatValue(total)} {ratio}");
        }

        return labels;
    }

    /// <summary>
    /// pprof's "Active filters:" legend: the heading and one indented line per filter set, each cut
    /// at 80 characters; nothing when no filter is set.
    /// </summary>
    public static List<string> ActiveFilters(SampleFilterOptions filter)
    {
        var filters = filter.Describe();
        var lines = new List<string>(filters.Count + 1);
        if (filters.Count == 0)
        {
            return lines;
        }

        lines.Add("Active filters:");
        foreach (string f in filters)
        {
            lines.Add("   " + (f.Length > 80 ? f[..80] + "…" : f));
        }

        return lines;
    }

    /// <summary>
    /// A time as pprof prints it, Go layout <c>Jan 2, 2006 at 3:04pm (MST)</c>, in <paramref name="zone"/>.
    /// Zones whose abbreviation .NET does not know print as an offset such as <c>+0530</c>.
    /// </summary>
    public static string FormatTime(long unixNanos, TimeZoneInfo zone)
    {
        var utc = DateTimeOffset.UnixEpoch.AddTicks(unixNanos / 100);
        var local = TimeZoneInfo.ConvertTime(utc, zone);
        int hour12 = local.Hour % 12 == 0 ? 12 : local.Hour % 12;
        string ampm = local.Hour < 12 ? "am" : "pm";
        return string.Create(CultureInfo.InvariantCulture,
            $"{local:MMM} {local.Day}, {local.Year} at {hour12}:{local.Minute:00}{ampm} ({ZoneName(zone, local)})");
    }

    private static string ZoneName(TimeZoneInfo zone, DateTimeOffset local)
    {
        if (local.Offset == TimeSpan.Zero && (zone.Id is "UTC" or "Etc/UTC" or "Etc/UCT" or "UCT" or "Universal" or "Zulu" or "Etc/Universal" or "Etc/Zulu"
            || zone.Equals(TimeZoneInfo.Utc)))
        {
            return "UTC";
        }

        string name = zone.IsDaylightSavingTime(local) ? zone.DaylightName : zone.StandardName;
        if (name.Length is > 0 and <= 6 && !name.Contains(' ', StringComparison.Ordinal))
        {
            return name;
        }

        var offset = local.Offset;
        string sign = offset < TimeSpan.Zero ? "-" : "+";
        offset = offset.Duration();
        return offset.Minutes == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{sign}{offset.Hours:00}")
            : string.Create(CultureInfo.InvariantCulture, $"{sign}{offset.Hours:00}{offset.Minutes:00}");
    }
}
