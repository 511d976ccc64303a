using System.CommandLine.Parsing;
using System.Globalization;

namespace Heapwise.Cli.Parsing;

/// <summary>
/// Custom parsers for numeric options that parse and check the range in one step, so the error
/// says what is expected ("--pid must be a process id above 0, not 'abc'") instead of naming a .NET type.
/// </summary>
internal static class OptionParsers
{
    /// <summary>An integer of at least <paramref name="minimum"/>; <paramref name="expected"/> says what the option wants.</summary>
    public static Func<ArgumentResult, int> Int(string option, int minimum, string expected) => result =>
    {
        string text = Token(result);
        if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int value) && value >= minimum)
        {
            return value;
        }

        result.AddError($"{option} must be {expected}, not '{text}'.");
        return minimum;
    };

    /// <summary>A number between 0 and 1.</summary>
    public static Func<ArgumentResult, double> Fraction(string option) => result =>
    {
        string text = Token(result);
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && value is >= 0 and <= 1)
        {
            return value;
        }

        result.AddError($"{option} must be a fraction between 0 and 1 (e.g. 0.005), not '{text}'.");
        return 0;
    };

    /// <summary>A size in bytes: a number with an optional unit, <c>512MB</c>, <c>1.5GB</c>, <c>64kb</c> (powers of 1024), <c>1000</c>.</summary>
    public static Func<ArgumentResult, long> Bytes(string option) => result =>
    {
        string text = Token(result);
        var match = System.Text.RegularExpressions.Regex.Match(text, @"^\s*([0-9]+(?:\.[0-9]+)?)\s*([kmgt]?i?b?)\s*$",
            System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.CultureInvariant);
        if (match.Success)
        {
            int power = "bkmgt".IndexOf(char.ToLowerInvariant(match.Groups[2].Value.FirstOrDefault('b')), StringComparison.Ordinal);
            double value = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) * Math.Pow(1024, Math.Max(0, power));
            if (value is > 0 and < long.MaxValue)
            {
                return (long)value;
            }
        }

        result.AddError($"{option} must be a size such as 512MB, 2GB or 64KB, not '{text}'.");
        return 0;
    };

    /// <summary>A share of time: <c>10%</c> or a fraction such as <c>0.1</c>, above 0 and at most 1.</summary>
    public static Func<ArgumentResult, double> Share(string option) => result =>
    {
        string text = Token(result).Trim();
        bool percent = text.EndsWith('%');
        if (double.TryParse(percent ? text[..^1] : text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
        {
            value = percent ? value / 100 : value;
            if (value is > 0 and <= 1)
            {
                return value;
            }
        }

        result.AddError($"{option} must be a percentage such as 10% (or a fraction such as 0.1), not '{text}'.");
        return 0;
    };

    /// <summary>A duration as Go writes it (<c>30s</c>, <c>5m</c>, <c>1h30m</c>), above zero.</summary>
    public static Func<ArgumentResult, TimeSpan> Duration(string option) => result =>
    {
        string text = Token(result);
        if (GoDuration.TryParse(text, out var duration) && duration > TimeSpan.Zero)
        {
            return duration;
        }

        result.AddError($"{option} must be a duration such as 30s, 5m or 1h, not '{text}'.");
        return TimeSpan.Zero;
    };

    private static string Token(ArgumentResult result) => result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
}
