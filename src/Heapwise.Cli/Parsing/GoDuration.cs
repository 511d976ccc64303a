using System.Globalization;

namespace Heapwise.Cli.Parsing;

/// <summary>
/// Parses durations written as Go and pprof write them: a sequence of numbers with units, such as
/// <c>30s</c>, <c>1.5m</c>, <c>500ms</c> or <c>1h30m</c>. Units: ns, us (µs), ms, s, m, h.
/// </summary>
internal static class GoDuration
{
    /// <summary>The error text shown for input that is not a duration.</summary>
    public static string Describe(string text) =>
        $"invalid duration '{text}': write a number and a unit (ns, us, ms, s, m, h), e.g. 30s, 2m, 500ms or 1h30m";

    /// <summary>Parses <paramref name="text"/>; returns false (and no value) when it is not a valid, non-negative duration.</summary>
    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        string s = text.StartsWith('+') ? text[1..] : text;
        if (s == "0")
        {
            return true;
        }

        if (s.Length == 0 || s.StartsWith('-'))
        {
            return false; // Negative durations make no sense for a recording.
        }

        decimal totalNanoseconds = 0;
        int i = 0;
        while (i < s.Length)
        {
            int start = i;
            while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] == '.'))
            {
                i++;
            }

            string number = s[start..i];
            if (number.Length == 0 || number == "." || number.Count(c => c == '.') > 1)
            {
                return false;
            }

            int unitStart = i;
            while (i < s.Length && !char.IsAsciiDigit(s[i]) && s[i] != '.')
            {
                i++;
            }

            decimal? nanosPerUnit = s[unitStart..i] switch
            {
                "ns" => 1m,
                "us" or "µs" or "μs" => 1_000m,
                "ms" => 1_000_000m,
                "s" => 1_000_000_000m,
                "m" => 60_000_000_000m,
                "h" => 3_600_000_000_000m,
                _ => null,
            };
            if (nanosPerUnit is null
                || !decimal.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal value))
            {
                return false;
            }

            try
            {
                totalNanoseconds += value * nanosPerUnit.Value;
            }
            catch (OverflowException)
            {
                return false;
            }
        }

        decimal ticks = Math.Round(totalNanoseconds / 100m, MidpointRounding.AwayFromZero);
        if (ticks > TimeSpan.MaxValue.Ticks)
        {
            return false;
        }

        duration = TimeSpan.FromTicks((long)ticks);
        return true;
    }

    /// <summary>Formats a duration the way <see cref="TryParse"/> reads it, e.g. <c>30s</c>, <c>1m30s</c>, <c>250ms</c>.</summary>
    public static string Format(TimeSpan duration)
    {
        if (duration == TimeSpan.Zero)
        {
            return "0s";
        }

        if (duration < TimeSpan.FromSeconds(1))
        {
            return duration.TotalMilliseconds.ToString("0.###", CultureInfo.InvariantCulture) + "ms";
        }

        string text = string.Empty;
        if (duration.TotalHours >= 1)
        {
            text += ((long)duration.TotalHours).ToString(CultureInfo.InvariantCulture) + "h";
        }

        if (duration.Minutes != 0 || text.Length != 0)
        {
            text += duration.Minutes.ToString(CultureInfo.InvariantCulture) + "m";
        }

        double seconds = duration.Seconds + (duration.Ticks % TimeSpan.TicksPerSecond / (double)TimeSpan.TicksPerSecond);
        return text + seconds.ToString("0.###", CultureInfo.InvariantCulture) + "s";
    }
}
