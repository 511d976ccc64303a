using System.Globalization;

namespace Heapwise.Benchstat;

/// <summary>
/// Reads Go's benchmark format (what <c>go test -bench -benchmem</c> prints, golang.org/x/perf's
/// benchfmt): "key: value" configuration lines, "BenchmarkName-8  N  123 ns/op  45 B/op ..." result
/// lines, "Unit unit key=value" metadata lines; everything else (PASS, ok, test logs) is ignored.
/// Unlike benchstat, which prints malformed result lines and skips them, a malformed line is an error:
/// a CI gate should not pass because half of its input was unreadable.
/// </summary>
public static class GoBenchmarkParser
{
    /// <summary>Parses <paramref name="reader"/>; <paramref name="label"/> names the input in results and errors.</summary>
    /// <exception cref="BenchmarkFormatException">A result line is malformed, or there are no results.</exception>
    public static BenchmarkFile Parse(TextReader reader, string label)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(label);
        var measurements = new List<BenchmarkMeasurement>();
        var exactUnits = new HashSet<string>(StringComparer.Ordinal);
        var config = new List<KeyValuePair<string, string>>();
        IReadOnlyList<KeyValuePair<string, string>> configSnapshot = [];
        int lineNumber = 0;
        string? line;
        while ((line = reader.ReadLine()) != null)
        {
            lineNumber++;
            if (line.StartsWith("Benchmark", StringComparison.Ordinal))
            {
                ParseResultLine(line, label, lineNumber, configSnapshot, measurements);
            }
            else if (line.StartsWith("Unit", StringComparison.Ordinal) && Fields(line).FirstOrDefault() == "Unit")
            {
                ParseUnitLine(line, exactUnits);
            }
            else if (TryParseConfigLine(line, out string key, out string value))
            {
                config.RemoveAll(kv => kv.Key == key);
                if (value.Length > 0)
                {
                    config.Add(new(key, value));
                }

                configSnapshot = [.. config];
            }
        }

        if (measurements.Count == 0)
        {
            throw new BenchmarkFormatException($"{label}: no benchmark results found; expected lines like 'BenchmarkName-8  1000  123 ns/op' from 'go test -bench', or a BenchmarkDotNet full JSON export.");
        }

        return new BenchmarkFile(label, measurements, exactUnits);
    }

    private static void ParseResultLine(string line, string label, int lineNumber, IReadOnlyList<KeyValuePair<string, string>> config, List<BenchmarkMeasurement> measurements)
    {
        string[] fields = Fields(line["Benchmark".Length..]);
        if (fields.Length == 1 && line.TrimEnd().Length == line.Length)
        {
            return; // "go test -v" prints the bare name when a benchmark starts.
        }

        string where = $"{label}:{lineNumber}";
        if (fields.Length < 2)
        {
            throw new BenchmarkFormatException($"{where}: missing iteration count after the benchmark name; expected 'BenchmarkName  N  value unit ...'.");
        }

        if (!long.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            throw new BenchmarkFormatException($"{where}: the iteration count '{fields[1]}' is not a whole number; expected 'BenchmarkName  N  value unit ...'.");
        }

        if (fields.Length == 2)
        {
            throw new BenchmarkFormatException($"{where}: missing measurements after the iteration count; expected pairs like '123 ns/op'.");
        }

        string name = fields[0];
        for (int i = 2; i < fields.Length; i += 2)
        {
            if (!double.TryParse(fields[i], NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
            {
                throw new BenchmarkFormatException($"{where}: the measurement '{fields[i]}' is not a number; expected pairs like '123 ns/op'.");
            }

            if (i + 1 >= fields.Length)
            {
                throw new BenchmarkFormatException($"{where}: the measurement {fields[i]} has no unit; expected pairs like '123 ns/op'.");
            }

            (string unit, double factor) = BenchmarkUnits.Tidy(fields[i + 1]);
            measurements.Add(new BenchmarkMeasurement(name, unit, value * factor, config));
        }
    }

    private static void ParseUnitLine(string line, HashSet<string> exactUnits)
    {
        string[] fields = Fields(line);
        if (fields.Length < 2)
        {
            return;
        }

        string unit = BenchmarkUnits.Tidy(fields[1]).Unit;
        foreach (string field in fields.Skip(2))
        {
            if (field == "assume=exact")
            {
                exactUnits.Add(unit);
            }
            else if (field == "assume=nothing")
            {
                exactUnits.Remove(unit);
            }
        }
    }

    // benchfmt's key-value lines: a key that starts with a lower-case letter, has no spaces or upper-case
    // letters, then ':' and whitespace before the value.
    private static bool TryParseConfigLine(string line, out string key, out string value)
    {
        key = value = string.Empty;
        int colon = line.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || !char.IsLower(line[0]))
        {
            return false;
        }

        for (int i = 0; i < colon; i++)
        {
            if (char.IsWhiteSpace(line[i]) || char.IsUpper(line[i]))
            {
                return false;
            }
        }

        string rest = line[(colon + 1)..];
        if (rest.Length > 0 && rest[0] != ' ' && rest[0] != '\t')
        {
            return false;
        }

        key = line[..colon];
        value = rest.Trim(' ', '\t');
        return true;
    }

    private static string[] Fields(string text) =>
        text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
}
