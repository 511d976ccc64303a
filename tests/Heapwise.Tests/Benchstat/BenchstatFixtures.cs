using Heapwise.Benchstat;
using Heapwise.Cli.Rendering;

namespace Heapwise.Tests.Benchstat;

/// <summary>
/// The benchstat fixtures (tests/Heapwise.Tests/Fixtures/benchstat): real <c>go test -bench</c> and
/// BenchmarkDotNet outputs, and what the real golang.org/x/perf benchstat printed for them
/// (expected/, made by make-fixtures.sh, which records the perf commit and the commands).
/// </summary>
internal static class BenchstatFixtures
{
    public static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "Fixtures", "benchstat");

    public static string PathOf(string name) => Path.Combine(Folder, name);

    /// <summary>Reads an input labelled as benchstat labelled it (the relative path given on its command line).</summary>
    public static BenchmarkFile Read(string name, string? label = null) =>
        BenchmarkFileReader.Read(File.ReadAllBytes(PathOf(name)), label ?? name);

    public static string Expected(string name) => File.ReadAllText(PathOf(Path.Combine("expected", name)));

    public static BenchstatReport Compare(BenchstatOptions options, params BenchmarkFile[] inputs) =>
        BenchstatComparer.Compare(inputs, options);

    public static string Text(BenchstatReport report)
    {
        var writer = new StringWriter();
        BenchstatTextWriter.Write(writer, report);
        return writer.ToString();
    }

    public static (string Csv, string Warnings) Csv(BenchstatReport report)
    {
        var output = new StringWriter();
        var warnings = new StringWriter();
        BenchstatCsvWriter.Write(output, warnings, report);
        return (output.ToString(), warnings.ToString());
    }
}
