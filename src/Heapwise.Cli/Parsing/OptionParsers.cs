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

    private static string Token(ArgumentResult result) => result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
}
