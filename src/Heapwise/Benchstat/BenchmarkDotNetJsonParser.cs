using System.Text.Json;

namespace Heapwise.Benchstat;

/// <summary>
/// Reads BenchmarkDotNet's full JSON export (<c>--exporters json</c>, or <c>JsonExporter.Full</c>):
/// per benchmark, every workload iteration's time per operation (the "Workload"/"Result"
/// measurements, after BenchmarkDotNet's overhead subtraction and outlier removal) as sec/op, and, when
/// the memory diagnoser ran, B/op and Gen0/1/2 collections per 1000 operations. BenchmarkDotNet reports
/// those once per benchmark, so they are exact metrics: one value, compared without a test.
/// </summary>
public static class BenchmarkDotNetJsonParser
{
    /// <summary>The unit of GC generation <c>n</c> collections per 1000 operations.</summary>
    public static string GcUnit(int generation) => $"gen{generation}/1k-op";

    /// <summary>Parses a BenchmarkDotNet full JSON export; <paramref name="label"/> names the input in results and errors.</summary>
    /// <exception cref="BenchmarkFormatException">The JSON is malformed, not a BenchmarkDotNet export, or a brief export without measurements.</exception>
    public static BenchmarkFile Parse(Stream json, string label)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(label);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new BenchmarkFormatException($"{label}: not valid JSON ({e.Message}); expected a BenchmarkDotNet full JSON export.", e);
        }

        using (document)
        {
            try
            {
                return Read(document.RootElement, label);
            }
            catch (Exception e) when (e is InvalidOperationException or FormatException or KeyNotFoundException)
            {
                throw new BenchmarkFormatException($"{label}: not a BenchmarkDotNet JSON export ({e.Message}); expected the file BenchmarkDotNet's JSON exporter writes to BenchmarkDotNet.Artifacts/results.", e);
            }
        }
    }

    private static BenchmarkFile Read(JsonElement root, string label)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("Benchmarks", out var benchmarks) || benchmarks.ValueKind != JsonValueKind.Array)
        {
            throw new BenchmarkFormatException($"{label}: no \"Benchmarks\" array; expected a BenchmarkDotNet full JSON export (--exporters json).");
        }

        var measurements = new List<BenchmarkMeasurement>();
        var exact = new HashSet<string>(StringComparer.Ordinal) { "B/op", GcUnit(0), GcUnit(1), GcUnit(2) };

        // Several jobs (runtimes, toolchains) run the same method: their results must not pool into one
        // sample, so a name that occurs more than once gets its job's id as a "/job=" part.
        var repeated = benchmarks.EnumerateArray().GroupBy(NameOf).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet(StringComparer.Ordinal);
        foreach (var benchmark in benchmarks.EnumerateArray())
        {
            string name = NameOf(benchmark);
            if (repeated.Contains(name))
            {
                name += "/job=" + JobOf(benchmark);
            }

            int before = measurements.Count;
            if (benchmark.TryGetProperty("Measurements", out var iterations) && iterations.ValueKind == JsonValueKind.Array)
            {
                foreach (var iteration in iterations.EnumerateArray())
                {
                    if (iteration.GetProperty("IterationMode").GetString() == "Workload" && iteration.GetProperty("IterationStage").GetString() == "Result")
                    {
                        double nanoseconds = iteration.GetProperty("Nanoseconds").GetDouble();
                        double operations = iteration.GetProperty("Operations").GetDouble();
                        measurements.Add(new BenchmarkMeasurement(name, "sec/op", nanoseconds / operations * 1e-9, []));
                    }
                }
            }

            if (measurements.Count == before)
            {
                throw new BenchmarkFormatException($"{label}: benchmark {name} has no per-iteration measurements; export with BenchmarkDotNet's full JSON exporter (--exporters json or JsonExporter.Full), not the brief one.");
            }

            if (HasMemoryDiagnoser(benchmark) && benchmark.TryGetProperty("Memory", out var memory) && memory.ValueKind == JsonValueKind.Object)
            {
                double operations = memory.GetProperty("TotalOperations").GetDouble();
                measurements.Add(new BenchmarkMeasurement(name, "B/op", memory.GetProperty("BytesAllocatedPerOperation").GetDouble(), []));
                for (int generation = 0; generation <= 2; generation++)
                {
                    double collections = memory.GetProperty($"Gen{generation}Collections").GetDouble();
                    measurements.Add(new BenchmarkMeasurement(name, GcUnit(generation), collections * 1000 / operations, []));
                }
            }
        }

        if (measurements.Count == 0)
        {
            throw new BenchmarkFormatException($"{label}: the export has no benchmarks; run BenchmarkDotNet with --exporters json and pass the *-report-full*.json file.");
        }

        return new BenchmarkFile(label, measurements, exact);
    }

    // Type.Method, then parameters as Go-style sub-benchmark parts: "PprofCodecBenchmarks.Read/Samples=1000".
    private static string NameOf(JsonElement benchmark)
    {
        string type = benchmark.GetProperty("Type").GetString() ?? "";
        string method = benchmark.GetProperty("Method").GetString() ?? "";
        string parameters = benchmark.TryGetProperty("Parameters", out var p) ? p.GetString() ?? "" : "";
        string name = type + "." + method;
        if (parameters.Length > 0)
        {
            name += "/" + string.Join('/', parameters.Split(["&", ", "], StringSplitOptions.RemoveEmptyEntries));
        }

        return name;
    }

    // DisplayInfo is "Type.Method: JobId(characteristics) [parameters]"; the job id is what BenchmarkDotNet
    // prints in its summary's Job column (".NET 8.0", "ShortRun", or a generated "Job-ABCDEF").
    private static string JobOf(JsonElement benchmark)
    {
        string display = benchmark.TryGetProperty("DisplayInfo", out var d) ? d.GetString() ?? "" : "";
        int start = display.IndexOf(": ", StringComparison.Ordinal);
        if (start < 0)
        {
            return "?";
        }

        string job = display[(start + 2)..];
        int end = job.IndexOfAny(['(', '[']);
        return (end < 0 ? job : job[..end]).Trim();
    }

    // The Memory object is written even without the memory diagnoser (all zeros): its metric column tells.
    private static bool HasMemoryDiagnoser(JsonElement benchmark)
    {
        if (!benchmark.TryGetProperty("Metrics", out var metrics) || metrics.ValueKind != JsonValueKind.Array)
        {
            return false;
        }

        return metrics.EnumerateArray().Any(m => m.TryGetProperty("Descriptor", out var d) && d.TryGetProperty("Id", out var id) && id.GetString() == "Allocated Memory");
    }
}
