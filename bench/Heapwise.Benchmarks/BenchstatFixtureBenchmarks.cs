using System.Text;
using BenchmarkDotNet.Attributes;

namespace Heapwise.Benchmarks;

/// <summary>
/// A tiny suite whose full JSON export is the BenchmarkDotNet input of the <c>heapwise benchstat</c> tests
/// (tests/Heapwise.Tests/Fixtures/benchstat/make-bdn-fixtures.sh runs it twice). <c>HEAPWISE_VARIANT=new</c>
/// switches <see cref="Concat"/> to the optimized code, so the two exports differ where they should
/// (time, bytes, Gen0) and agree where they should (<see cref="Parse"/>).
/// </summary>
// Not sealed: BenchmarkDotNet generates a class deriving from it.
[MemoryDiagnoser]
public class BenchstatFixtureBenchmarks
{
    private readonly bool _optimized = Environment.GetEnvironmentVariable("HEAPWISE_VARIANT") == "new";
    private readonly string _fields = string.Concat(Enumerable.Repeat("12345,", 32));

    /// <summary>Builds a 64-part string: by repeated concatenation (old) or with a presized builder (new).</summary>
    [Benchmark]
    public string Concat()
    {
        if (_optimized)
        {
            var builder = new StringBuilder(64 * 3);
            for (int i = 0; i < 64; i++)
            {
                builder.Append(i % 10).Append("ab");
            }

            return builder.ToString();
        }

        string s = "";
        for (int i = 0; i < 64; i++)
        {
            s += (i % 10).ToString(System.Globalization.CultureInfo.InvariantCulture) + "ab";
        }

        return s;
    }

    /// <summary>The same code in both variants: time differs by noise only, bytes not at all.</summary>
    [Benchmark]
    public int Parse()
    {
        int total = 0;
        foreach (string field in _fields.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            total += int.Parse(field, System.Globalization.CultureInfo.InvariantCulture);
        }

        return total;
    }
}
