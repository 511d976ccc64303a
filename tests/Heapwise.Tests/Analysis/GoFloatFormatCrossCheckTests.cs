using System.Globalization;
using Heapwise.Analysis;
using Heapwise.Tests.Infrastructure;

namespace Heapwise.Tests.Analysis;

/// <summary><see cref="GoFloatFormat"/> against Go's own fmt on thousands of values, ties and near-ties included.</summary>
public sealed class GoFloatFormatCrossCheckTests : IDisposable
{
    private const string Program = """
        package main

        import (
        	"bufio"
        	"fmt"
        	"math"
        	"os"
        	"strconv"
        )

        func main() {
        	in := bufio.NewScanner(os.Stdin)
        	out := bufio.NewWriter(os.Stdout)
        	defer out.Flush()
        	for in.Scan() {
        		bits, _ := strconv.ParseUint(in.Text(), 10, 64)
        		v := math.Float64frombits(bits)
        		fmt.Fprintf(out, "%.2f|%.2g|%.3g|%.0f\n", v, v, v, v)
        	}
        }
        """;

    private readonly string _folder = Directory.CreateTempSubdirectory("heapwise-gofmt-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Formats_like_go_fmt()
    {
        string go = ExternalTool.RequireGo();
        double[] values = Values();
        File.WriteAllText(Path.Combine(_folder, "main.go"), Program);
        string input = Path.Combine(_folder, "input.txt");
        File.WriteAllLines(input, values.Select(v => BitConverter.DoubleToUInt64Bits(v).ToString(CultureInfo.InvariantCulture)));

        // go run reads stdin through a shell redirect, which ExternalTool does not offer.
        var result = ExternalTool.Run("/bin/sh", ["-c", $"\"{go}\" run main.go < input.txt"], workingDirectory: _folder,
            environment: new Dictionary<string, string> { ["GO111MODULE"] = "off" });
        Assert.True(result.ExitCode == 0, result.Stderr);

        string[] expected = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(values.Length, expected.Length);
        for (int i = 0; i < values.Length; i++)
        {
            double v = values[i];
            string actual = $"{GoFloatFormat.Fixed(v, 2)}|{GoFloatFormat.General(v, 2)}|{GoFloatFormat.General(v, 3)}|{GoFloatFormat.Fixed(v, 0)}";
            Assert.True(expected[i] == actual, $"value {v:R}: Go printed {expected[i]}, Heapwise {actual}");
        }
    }

    private static double[] Values()
    {
        var random = new Random(20260101);
        var values = new List<double> { 0, -0.0, 1, 0.5, 1.5, 2.5, 0.125, 0.375, 1.005, 1.015, 99.95, 99.995, 1e-5, 1e-7, 123456.789, 1e15, 1e21 };
        for (int i = 0; i < 3000; i++)
        {
            values.Add(random.Next(4) switch
            {
                0 => random.NextDouble() * 100,                                     // percentages
                1 => random.NextInt64(1L << 50) / Math.Pow(1024, random.Next(1, 6)), // bytes scaled to kB..PB
                2 => random.Next(100_000) / 1000.0 + 0.0005,                         // near ties at 3 decimals
                _ => random.Next(-10_000, 10_000) / 8.0,                             // exact binary ties
            });
        }

        return [.. values];
    }
}
