using Heapwise.Benchstat;

namespace Heapwise.Tests.Benchstat;

/// <summary>Reading Go's benchmark format: what benchfmt accepts, benchstat's unit tidying, and one clear error per malformed line.</summary>
public sealed class GoBenchmarkParserTests
{
    [Fact]
    public void Reads_config_results_custom_units_and_skips_other_lines()
    {
        const string text = """
            goos: linux
            pkg: example.com/x
            === RUN   BenchmarkIgnored
            BenchmarkA
            BenchmarkA-8   	  1000	      1500 ns/op	  12.5 MB/s	      64 B/op	       2 allocs/op	  3.00 widgets/op
            --- BENCH: BenchmarkA-8
            PASS
            ok  	example.com/x	1.2s
            """;

        var file = GoBenchmarkParser.Parse(new StringReader(text), "a.txt");

        Assert.Equal("a.txt", file.Label);
        Assert.Equal(
            [("A-8", "sec/op", 1500 * 1e-9), ("A-8", "B/s", 12.5 * 1e6), ("A-8", "B/op", 64.0), ("A-8", "allocs/op", 2.0), ("A-8", "widgets/op", 3.0)],
            file.Measurements.Select(m => (m.Name, m.Unit, m.Value)));
        Assert.Equal([new("goos", "linux"), new("pkg", "example.com/x")], file.Measurements[0].Config);
    }

    [Theory]
    [InlineData("ns/op", "sec/op", 1e-9)]
    [InlineData("MB/s", "B/s", 1e6)]
    [InlineData("ns/GC", "sec/GC", 1e-9)]
    [InlineData("B*ns/op", "B*sec/op", 1e-9)]
    [InlineData("MB*ns/s", "B*sec/s", 1e6 / 1e9)]
    [InlineData("op/ns", "op/ns", 1.0)]
    [InlineData("allocs/op", "allocs/op", 1.0)]
    public void Units_are_tidied_as_benchstat_tidies_them(string unit, string tidied, double factor)
    {
        Assert.Equal((tidied, factor), BenchmarkUnits.Tidy(unit));
    }

    [Theory]
    [InlineData("B/op", true)]
    [InlineData("bytes/op", true)]
    [InlineData("B*sec/op", true)]
    [InlineData("op/B", false)]
    [InlineData("allocs/op", false)]
    public void Byte_units_scale_by_powers_of_1024(string unit, bool binary)
    {
        Assert.Equal(binary, BenchmarkUnits.IsBinary(unit));
    }

    [Fact]
    public void Unit_lines_declare_exact_metrics_and_config_lines_can_change_midway()
    {
        const string text = """
            Unit items/op assume=exact
            cpu: one
            BenchmarkA 1 7 items/op
            cpu: two
            BenchmarkA 1 8 items/op
            """;

        var file = GoBenchmarkParser.Parse(new StringReader(text), "a.txt");

        Assert.Contains("items/op", file.ExactUnits);
        Assert.Equal("one", file.Measurements[0].Config.Single().Value);
        Assert.Equal("two", file.Measurements[1].Config.Single().Value);
    }

    [Theory]
    [InlineData("BenchmarkA-8 ", "a.txt:1: missing iteration count")]
    [InlineData("BenchmarkA-8 lots 12 ns/op", "a.txt:1: the iteration count 'lots' is not a whole number")]
    [InlineData("BenchmarkA-8 100", "a.txt:1: missing measurements after the iteration count")]
    [InlineData("BenchmarkA-8 100 1,5 ns/op", "a.txt:1: the measurement '1,5' is not a number")]
    [InlineData("goos: linux\nBenchmarkA-8 100 12 ns/op 64", "a.txt:2: the measurement 64 has no unit")]
    [InlineData("PASS\nok x 1s", "a.txt: no benchmark results found")]
    public void Malformed_input_is_one_error_that_says_where(string text, string expectedStart)
    {
        var e = Assert.Throws<BenchmarkFormatException>(() => GoBenchmarkParser.Parse(new StringReader(text), "a.txt"));

        Assert.StartsWith(expectedStart, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void Empty_file_is_an_error_naming_the_file()
    {
        var e = Assert.Throws<BenchmarkFormatException>(() => BenchmarkFileReader.Read("  \n"u8, "empty.txt"));

        Assert.StartsWith("empty.txt: the file is empty", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Random_mutations_of_real_output_raise_only_the_documented_exception()
    {
        byte[] original = File.ReadAllBytes(BenchstatFixtures.PathOf("old-count3.txt"));
        var random = new Random(20261123);
        for (int i = 0; i < 3000; i++)
        {
            byte[] mutated = (byte[])original.Clone();
            for (int j = random.Next(1, 8); j > 0; j--)
            {
                mutated[random.Next(mutated.Length)] = (byte)random.Next(256);
            }

            try
            {
                var file = BenchmarkFileReader.Read(mutated, "mutated.txt");
                Assert.NotEmpty(file.Measurements);
            }
            catch (BenchmarkFormatException)
            {
                // The documented failure.
            }
        }
    }
}
