using Heapwise.Analysis;
using Heapwise.Cli.Rendering;
using Heapwise.Profiles;

namespace Heapwise.Tests.Analysis;

/// <summary>
/// <c>list</c> against the real <c>go tool pprof -list</c> with the same <c>-source_path</c> and
/// <c>-trim_path</c>: the output equal byte for byte, found files and missing ones alike.
/// </summary>
public sealed class ListCrossCheckTests : IDisposable
{
    private static readonly string GoFixtures = Path.Combine(AppContext.BaseDirectory, "Fixtures", "go");
    private readonly string _folder = Directory.CreateTempSubdirectory("heapwise-list-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData("heap.pb.gz", "main")]
    [InlineData("heap.pb.gz", "main.main")]
    [InlineData("heap.pb.gz", "makeBuffers")]
    [InlineData("cpu.pb.gz", "main")]
    [InlineData("cpu.pb.gz", ".")]
    public void Go_profiles_list_like_go_tool_pprof(string fixture, string expression)
    {
        string file = Path.Combine(GoFixtures, fixture);
        Assert.SkipUnless(File.Exists(file), $"the Go fixture {fixture} is not there (tests/Heapwise.Tests/Fixtures/go).");

        // The profiles name gen/main.go where they were generated; map that folder to this checkout's copy.
        string recorded = PprofReader.ReadFile(file).StringTable.First(s => s.EndsWith("/gen/main.go", StringComparison.Ordinal));
        string trim = recorded[..^"/gen/main.go".Length];
        string report = AssertSame(file, expression, GoFixtures, trim);
        Assert.Contains(" in gen/main.go\n", report, StringComparison.Ordinal);
        Assert.DoesNotContain("Error: could not find file gen/main.go", report, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("main")]
    [InlineData("runtime.main")]
    public void Go_profiles_list_missing_files_like_go_tool_pprof(string expression)
    {
        string file = Path.Combine(GoFixtures, "heap.pb.gz");
        Assert.SkipUnless(File.Exists(file), "the Go fixture heap.pb.gz is not there (tests/Heapwise.Tests/Fixtures/go).");

        string recorded = PprofReader.ReadFile(file).StringTable.First(s => s.EndsWith("/gen/main.go", StringComparison.Ordinal));
        string report = AssertSame(file, expression, _folder + "/nowhere:" + _folder, recorded[..^"/gen/main.go".Length] + ":/usr/lib:/usr/local");
        Assert.Contains(" Error: could not find file ", report, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Parse", "/src", "", "\tvar items = new List<Item>(); // größe")]
    [InlineData("App", "/src", "", "line 12")]
    [InlineData(".", "/src", "", "tok 9")]
    [InlineData("Tokenizer|Concat", "/src", "", "No source information for System.String.Concat")]
    [InlineData("Parser", "", "App", "    // line 63")]
    [InlineData("Parse", "/elsewhere", "", " Error: open /src/App/Parser.cs: no such file or directory")]
    public void Recorded_style_profiles_list_like_go_tool_pprof(string expression, string trim, string sourceSubfolder, string expectedText)
    {
        string file = Path.Combine(_folder, "recorded.pb.gz");
        PprofWriter.WriteFile(GranularityCrossCheckTests.RecordedStyleProfile(), file);
        WriteSources();

        string report = AssertSame(file, expression, Path.Combine(_folder, "root", sourceSubfolder).TrimEnd('/'), trim.Length == 0 ? null : trim);
        Assert.Contains(expectedText, report, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_files_name_the_places_looked_at()
    {
        var report = ListReport.Compute([GranularityCrossCheckTests.RecordedStyleProfile()], "Cache", sourcePath: "/nowhere/a:/nowhere/b", trimPath: "/src");

        var routine = Assert.Single(report.Routines);
        Assert.Equal("could not find file App/Cache.cs on path /nowhere/a:/nowhere/b", routine.Error);
        Assert.Equal(["/nowhere/a/App/Cache.cs", "/nowhere/App/Cache.cs", "/App/Cache.cs", "/nowhere/b/App/Cache.cs", "/nowhere/App/Cache.cs", "/App/Cache.cs"], routine.Tried);
        Assert.Single(ListWriter.Warnings(report));
    }

    [Fact]
    public void An_expression_that_matches_nothing_is_an_error()
    {
        var e = Assert.Throws<HeapwiseException>(() => ListReport.Compute([GranularityCrossCheckTests.RecordedStyleProfile()], "Parze"));

        Assert.Contains("Parze", e.Message, StringComparison.Ordinal);
    }

    private void WriteSources()
    {
        string app = Path.Combine(_folder, "root", "App");
        Directory.CreateDirectory(Path.Combine(app, "Tok"));
        // Parser.cs: Windows line ends, a tab, a line with non-ASCII text; ends before line 47 + 5.
        File.WriteAllText(Path.Combine(app, "Parser.cs"), string.Join("\r\n",
            Enumerable.Range(1, 63).Select(i => i == 42 ? "\tvar items = new List<Item>(); // größe" : $"    // line {i}")) + "\r\n");
        // Program.cs: no newline at the end.
        File.WriteAllText(Path.Combine(app, "Program.cs"), string.Join("\n", Enumerable.Range(1, 14).Select(i => $"line {i}")));
        File.WriteAllText(Path.Combine(app, "Tok", "Tokenizer.cs"), string.Join("\n", Enumerable.Range(1, 30).Select(i => $"tok {i}")) + "\n");
        // Cache.cs is missing on purpose.
    }

    private static string AssertSame(string file, string expression, string sourcePath, string? trimPath)
    {
        var flags = new List<string> { "-list=" + expression, "-source_path=" + sourcePath };
        if (trimPath is not null)
        {
            flags.Add("-trim_path=" + trimPath);
        }

        string expected = GoPprof.RunRaw(file, [.. flags]);

        var report = ListReport.Compute([PprofReader.ReadFile(file)], expression, sourcePath: sourcePath, trimPath: trimPath);
        var text = new StringWriter { NewLine = "\n" };
        ListWriter.Write(text, report);

        Assert.Equal(expected, text.ToString());
        return expected;
    }
}
