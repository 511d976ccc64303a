using System.Text;
using System.Text.Json;
using Heapwise.Benchstat;

namespace Heapwise.Tests.Benchstat;

/// <summary>Reading BenchmarkDotNet's full JSON export (the committed fixture was made by a real BenchmarkDotNet 0.15.8 run).</summary>
public sealed class BenchmarkDotNetJsonParserTests
{
    [Fact]
    public void Takes_every_result_iteration_and_the_memory_diagnoser_figures()
    {
        string path = BenchstatFixtures.PathOf("bdn-old.json");
        using var json = JsonDocument.Parse(File.ReadAllBytes(path));
        var concat = json.RootElement.GetProperty("Benchmarks").EnumerateArray().Single(b => b.GetProperty("Method").GetString() == "Concat");

        var file = BenchmarkFileReader.Read(path);

        var times = file.Measurements.Where(m => m.Name == "BenchstatFixtureBenchmarks.Concat" && m.Unit == "sec/op").Select(m => m.Value * 1e9).ToList();
        // BenchmarkDotNet's own statistics are over the same iterations (after its outlier removal).
        var expected = concat.GetProperty("Statistics").GetProperty("OriginalValues").EnumerateArray().Select(v => v.GetDouble()).ToList();
        Assert.Equal(expected.Count, times.Count);
        Assert.All(times.Zip(expected), p => Assert.Equal(p.Second, p.First, 1e-9));
        var memory = concat.GetProperty("Memory");
        Assert.Equal(memory.GetProperty("BytesAllocatedPerOperation").GetDouble(), file.Measurements.Single(m => m.Name.EndsWith(".Concat", StringComparison.Ordinal) && m.Unit == "B/op").Value);
        double gen0 = concat.GetProperty("Metrics").EnumerateArray().Single(m => m.GetProperty("Descriptor").GetProperty("Id").GetString() == "Gen0Collects").GetProperty("Value").GetDouble();
        Assert.Equal(gen0, file.Measurements.Single(m => m.Name.EndsWith(".Concat", StringComparison.Ordinal) && m.Unit == "gen0/1k-op").Value, 1e-12);
        Assert.Contains("B/op", file.ExactUnits);
        Assert.DoesNotContain("sec/op", file.ExactUnits);
    }

    [Fact]
    public void Parameters_become_sub_benchmark_name_parts()
    {
        string json = Export(parameters: "Samples=1000&Depth=8");

        var file = BenchmarkFileReader.Read(Encoding.UTF8.GetBytes(json), "p.json");

        Assert.Equal("Suite.Run/Samples=1000/Depth=8", file.Measurements[0].Name);
    }

    [Fact]
    public void The_same_method_under_several_jobs_stays_apart()
    {
        var root = System.Text.Json.Nodes.JsonNode.Parse(Export())!;
        var benchmarks = root["Benchmarks"]!.AsArray();
        var second = benchmarks[0]!.DeepClone();
        benchmarks[0]!["DisplayInfo"] = "Suite.Run: .NET 8.0(Runtime=.NET 8.0)";
        second["DisplayInfo"] = "Suite.Run: .NET 10.0(Runtime=.NET 10.0)";
        benchmarks.Add(second);
        string json = root.ToJsonString();

        var file = BenchmarkFileReader.Read(Encoding.UTF8.GetBytes(json), "jobs.json");

        Assert.Equal(["Suite.Run/job=.NET 8.0", "Suite.Run/job=.NET 10.0"], file.Measurements.Select(m => m.Name).Distinct());
    }

    [Fact]
    public void Without_the_memory_diagnoser_there_is_time_only()
    {
        var file = BenchmarkFileReader.Read(Encoding.UTF8.GetBytes(Export(memoryDiagnoser: false)), "t.json");

        Assert.All(file.Measurements, m => Assert.Equal("sec/op", m.Unit));
    }

    [Fact]
    public void A_brief_export_without_measurements_says_to_use_the_full_exporter()
    {
        string brief = Export().Replace("\"Measurements\"", "\"NoMeasurements\"", StringComparison.Ordinal);

        var e = Assert.Throws<BenchmarkFormatException>(() => BenchmarkFileReader.Read(Encoding.UTF8.GetBytes(brief), "brief.json"));

        Assert.Contains("full JSON exporter", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{ not json", "bad.json: not valid JSON")]
    [InlineData("{\"Title\": \"x\"}", "bad.json: no \"Benchmarks\" array")]
    [InlineData("{\"Benchmarks\": [{\"Type\": \"T\"}]}", "bad.json: not a BenchmarkDotNet JSON export")]
    [InlineData("{\"Benchmarks\": []}", "bad.json: the export has no benchmarks")]
    public void Malformed_exports_are_one_clear_error(string json, string expectedStart)
    {
        var e = Assert.Throws<BenchmarkFormatException>(() => BenchmarkFileReader.Read(Encoding.UTF8.GetBytes(json), "bad.json"));

        Assert.StartsWith(expectedStart, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Random_mutations_of_a_real_export_raise_only_the_documented_exception()
    {
        byte[] original = File.ReadAllBytes(BenchstatFixtures.PathOf("bdn-new.json"));
        var random = new Random(1123);
        for (int i = 0; i < 1000; i++)
        {
            byte[] mutated = (byte[])original.Clone();
            for (int j = random.Next(1, 4); j > 0; j--)
            {
                mutated[random.Next(mutated.Length)] = (byte)random.Next(32, 127);
            }

            try
            {
                BenchmarkFileReader.Read(mutated, "mutated.json");
            }
            catch (BenchmarkFormatException)
            {
                // The documented failure.
            }
        }
    }

    private static string Export(string parameters = "", bool memoryDiagnoser = true) => $$"""
        {"Benchmarks": [{
          "Type": "Suite", "Method": "Run", "Parameters": "{{parameters}}",
          "Measurements": [
            {"IterationMode": "Workload", "IterationStage": "Actual", "Operations": 4, "Nanoseconds": 400},
            {"IterationMode": "Workload", "IterationStage": "Result", "Operations": 4, "Nanoseconds": 390},
            {"IterationMode": "Workload", "IterationStage": "Result", "Operations": 4, "Nanoseconds": 410}],
          "Memory": {"Gen0Collections": 1, "Gen1Collections": 0, "Gen2Collections": 0, "TotalOperations": 8, "BytesAllocatedPerOperation": 24},
          "Metrics": [{{(memoryDiagnoser ? "{\"Value\": 24, \"Descriptor\": {\"Id\": \"Allocated Memory\"}}" : "")}}]
        }]}
        """;
}
