using System.Globalization;
using System.Text.RegularExpressions;

namespace Heapwise.Analysis;

/// <summary>
/// One <c>-tagfocus</c>/<c>-tagignore</c> expression, read as pprof reads it: an optional
/// <c>key=</c>, then either a numeric value or range (<c>32kb</c>, <c>:64kb</c>, <c>4mb:</c>,
/// <c>12kb:64mb</c>) matched against numeric labels in the key's unit, or comma-separated regular
/// expressions matched against string labels (against <c>key:value</c> when no key is given, where
/// every expression must match some label).
/// </summary>
internal sealed partial class TagFilter
{
    private readonly string? _key;
    private readonly Regex[] _patterns;
    private readonly Func<long, string, bool>? _range;

    private TagFilter(string? key, Regex[] patterns, Func<long, string, bool>? range)
    {
        _key = key;
        _patterns = patterns;
        _range = range;
    }

    /// <summary>Whether the expression is a numeric range rather than regular expressions.</summary>
    public bool IsRange => _range is not null;

    /// <summary>Parses <paramref name="expression"/> given to option <paramref name="option"/> (e.g. <c>tagfocus</c>).</summary>
    /// <exception cref="HeapwiseException">An expression does not compile, or a range is malformed.</exception>
    public static TagFilter Parse(string option, string expression)
    {
        string? key = null;
        string value = expression;
        int equals = expression.IndexOf('=', StringComparison.Ordinal);
        if (equals >= 0)
        {
            key = expression[..equals];
            value = expression[(equals + 1)..];
        }

        var range = ParseRange(option, expression, value);
        if (range is not null)
        {
            return new TagFilter(key, [], range);
        }

        var patterns = value.Split(',').Select(p => SampleFilter.Compile("--" + option, p)).ToArray();
        return new TagFilter(key, patterns, null);
    }

    /// <summary>Whether a sample with <paramref name="labels"/> matches; <paramref name="numericUnits"/> gives each numeric key's unit.</summary>
    public bool Matches(IReadOnlyList<ViewLabel> labels, IReadOnlyDictionary<string, string> numericUnits)
    {
        if (_range is not null)
        {
            foreach (var label in labels)
            {
                if (label.Text is null && (_key is null || label.Key == _key) && _range(label.Number, numericUnits[label.Key]))
                {
                    return true;
                }
            }

            return false;
        }

        if (_key is not null)
        {
            foreach (var label in labels)
            {
                if (label.Text is not null && label.Key == _key && _patterns.Any(p => p.IsMatch(label.Text)))
                {
                    return true;
                }
            }

            return false;
        }

        foreach (var pattern in _patterns)
        {
            if (!labels.Any(l => l.Text is not null && pattern.IsMatch(l.Key + ":" + l.Text)))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The unit of each numeric label key, as pprof decides it: the first unit a sample gives for the
    /// key, else bytes for <c>alignment</c> and <c>request</c>, else the key itself.
    /// </summary>
    public static Dictionary<string, string> NumericUnits(FunctionView view) =>
        NumericUnits(Enumerable.Range(1, view.LabelSetCount).Select(view.Labels));

    /// <summary>The unit of each numeric label key among <paramref name="labelSets"/> (see the other overload).</summary>
    public static Dictionary<string, string> NumericUnits(IEnumerable<IReadOnlyList<ViewLabel>> labelSets)
    {
        var units = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var labels in labelSets)
        {
            foreach (var label in labels)
            {
                if (label.Text is null && (!units.TryGetValue(label.Key, out string? unit) || unit.Length == 0))
                {
                    units[label.Key] = label.Unit;
                }
            }
        }

        foreach (var (key, unit) in units.ToList())
        {
            if (unit.Length == 0)
            {
                units[key] = key is "alignment" or "request" ? "bytes" : key;
            }
        }

        return units;
    }

    // A value or range, or null when the text is not one (then it is a regular expression, as in pprof).
    private static Func<long, string, bool>? ParseRange(string option, string expression, string filter)
    {
        var matches = RangePart().Matches(filter);
        if (matches.Count == 0)
        {
            return null;
        }

        var first = matches[0];
        string whole = first.Value;
        bool single = filter == whole || filter == whole + ":" || filter == ":" + whole;
        bool pair = matches.Count >= 2 && filter == whole + ":" + matches[1].Value;
        if (!single && !pair)
        {
            return null;
        }

        long low = Number(option, expression, first);
        var (scaledLow, unit) = MeasurementFormat.Scale(low, first.Groups[2].Value, first.Groups[2].Value);
        if (single)
        {
            if (filter == whole)
            {
                return (v, u) => Scaled(v, u, unit) is var (sv, su) && su == unit && sv == scaledLow;
            }

            if (filter == whole + ":")
            {
                return (v, u) => Scaled(v, u, unit) is var (sv, su) && su == unit && sv >= scaledLow;
            }

            return (v, u) => Scaled(v, u, unit) is var (sv, su) && su == unit && sv <= scaledLow;
        }

        var second = matches[1];
        long high = Number(option, expression, second);
        var (scaledHigh, unit2) = MeasurementFormat.Scale(high, second.Groups[2].Value, unit);
        if (unit2 != unit)
        {
            throw new HeapwiseException(
                $"invalid --{option} range '{expression}': both ends need units of the same kind (e.g. 1kb:64mb or 10ms:2s).");
        }

        if (scaledLow > scaledHigh)
        {
            throw new HeapwiseException($"invalid --{option} range '{expression}': the lower end is above the upper end.");
        }

        return (v, u) => Scaled(v, u, unit) is var (sv, su) && su == unit && sv >= scaledLow && sv <= scaledHigh;
    }

    private static (double, string) Scaled(long value, string fromUnit, string toUnit) => MeasurementFormat.Scale(value, fromUnit, toUnit);

    private static long Number(string option, string expression, Match match)
    {
        if (!long.TryParse(match.Groups[1].Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long value))
        {
            throw new HeapwiseException($"invalid --{option} range '{expression}': {match.Groups[1].Value} is not a 64-bit integer.");
        }

        return value;
    }

    // pprof's "([+-]?[[:digit:]]+)([[:alpha:]]+)?": ASCII digits and letters only.
    [GeneratedRegex("([+-]?[0-9]+)([A-Za-z]+)?", RegexOptions.CultureInvariant)]
    private static partial Regex RangePart();
}
