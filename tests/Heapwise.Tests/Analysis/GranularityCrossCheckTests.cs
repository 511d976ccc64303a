using Heapwise.Analysis;
using Heapwise.Cli.Rendering;
using Heapwise.Profiles;

namespace Heapwise.Tests.Analysis;

/// <summary>
/// <c>top</c>, <c>traces</c> and <c>peek</c> at every granularity against the real
/// <c>go tool pprof -functions|-filefunctions|-files|-lines</c>: every line (but Time:) equal.
/// </summary>
public sealed class GranularityCrossCheckTests : IDisposable
{
    private static readonly string GoFixtures = Path.Combine(AppContext.BaseDirectory, "Fixtures", "go");
    private readonly string _folder = Directory.CreateTempSubdirectory("heapwise-granularity-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    public static TheoryData<string, Granularity> GoCases()
    {
        var data = new TheoryData<string, Granularity>();
        foreach (string fixture in new[] { "heap.pb.gz", "cpu.pb.gz" })
        {
            foreach (var g in Enum.GetValues<Granularity>())
            {
                data.Add(fixture, g);
            }
        }

        return data;
    }

    public static TheoryData<Granularity> Granularities() => new(Enum.GetValues<Granularity>());

    [Theory]
    [MemberData(nameof(GoCases))]
    public void Go_profiles_at_each_granularity_like_go_tool_pprof(string fixture, Granularity granularity)
    {
        string file = Path.Combine(GoFixtures, fixture);
        Assert.SkipUnless(File.Exists(file), $"the Go fixture {fixture} is not there (tests/Heapwise.Tests/Fixtures/go).");

        AssertTopSame(file, granularity, []);
        AssertTopSame(file, granularity, ["-cum"]);
        AssertTracesSame(file, granularity);
        AssertPeekSame(file, granularity, "main");
    }

    [Theory]
    [MemberData(nameof(Granularities))]
    public void Recorded_style_profiles_at_each_granularity_like_go_tool_pprof(Granularity granularity)
    {
        string file = Path.Combine(_folder, "recorded.pb.gz");
        PprofWriter.WriteFile(RecordedStyleProfile(), file);

        AssertTopSame(file, granularity, []);
        AssertTopSame(file, granularity, ["-cum"]);
        AssertTopSame(file, granularity, ["-sample_index=alloc_objects", "-focus=Parse"]);
        AssertTracesSame(file, granularity);
        AssertPeekSame(file, granularity, "Parse");
        AssertPeekSame(file, granularity, "Tokenizer");
    }

    [Fact]
    public void Lines_names_are_function_then_file_colon_line()
    {
        var report = TopReport.Compute(RecordedStyleProfile(), new TopOptions { Granularity = Granularity.Lines, NodeFraction = 0 });

        Assert.Contains(report.Rows, r => r.Name == "App.Parser.Parse /src/App/Parser.cs:42");
        Assert.Contains(report.Rows, r => r.Name == "App.Tokenizer.Next /src/App/Tok/Tokenizer.cs:7");
        Assert.Contains(report.Rows, r => r.Name == "App.Interop.Call :5");
    }

    /// <summary>
    /// A profile shaped like Heapwise's own: .NET names, .cs files with lines (some paths needing
    /// cleaning), a function in several lines, one inlined frame, one without file (and one more with a line), one nameless frame.
    /// </summary>
    internal static Profile RecordedStyleProfile()
    {
        var b = new ProfileBuilder(("alloc_objects", "count"), ("alloc_space", "bytes"));
        b.DefaultSampleType("alloc_space").Period("space", "bytes", 102400);
        ulong app = b.Mapping("/srv/App.dll");
        ulong core = b.Mapping("/usr/share/dotnet/System.Private.CoreLib.dll");
        ulong main = b.Function("App.Program.Main", "/src/App/Program.cs");
        ulong parse = b.Function("App.Parser.Parse", "/src/App/Parser.cs");
        ulong parseItem = b.Function("App.Parser.ParseItem", "/src/App/Parser.cs");
        ulong next = b.Function("App.Tokenizer.Next", "/src/App/./Tok//Tokenizer.cs");
        ulong cache = b.Function("App.Cache.Get", "/src/x/../App/Cache.cs");
        ulong concat = b.Function("System.String.Concat");
        ulong nameless = b.Function("");
        ulong fileless = b.Function("App.Interop.Call");

        ulong mainAt = b.Location(main, 12, app);
        ulong parse42 = b.Location(parse, 42, app);
        ulong parse47 = b.Location(parse, 47, app);
        ulong item = b.Location(parseItem, 60, app);
        ulong next7 = b.Location(next, 7, app);
        ulong cache3 = b.Location(cache, 3, app);
        ulong concatAt = b.Location(concat, 0, core);
        ulong anon = b.Location(nameless, 0, core);
        ulong filelessAt = b.Location(fileless, 5, app);
        var profile = b.Build();

        // Tokenizer.Next inlined into ParseItem at one address.
        var inlined = new Location { Id = (ulong)profile.Location.Count + 1, MappingId = app };
        inlined.Line.Add(new Line { FunctionId = next, Line_ = 9 });
        inlined.Line.Add(new Line { FunctionId = parseItem, Line_ = 61 });
        profile.Location.Add(inlined);

        b.AddSample([parse42, mainAt], [10, 40960]);
        b.AddSample([parse47, mainAt], [5, 20480]);
        b.AddSample([next7, item, parse42, mainAt], [20, 102400]);
        b.AddSample([inlined.Id, parse47, mainAt], [3, 9000]);
        b.AddSample([concatAt, cache3, parse47, mainAt], [7, 7000]);
        b.AddSample([anon, cache3, mainAt], [2, 3000]);
        b.AddSample([concatAt, mainAt], [1, 1500]);
        b.AddSample([filelessAt, mainAt], [4, 2500]);
        return profile;
    }

    private static string Flag(Granularity g) => "-" + g.ToString().ToLowerInvariant();

    private static void AssertTopSame(string file, Granularity granularity, string[] flags)
    {
        string expected = GoPprof.RunRaw(file, ["-top", Flag(granularity), .. flags]);

        var report = TopReport.Compute([PprofReader.ReadFile(file)], new TopOptions
        {
            Granularity = granularity,
            Cumulative = flags.Contains("-cum"),
            SampleIndex = flags.Where(f => f.StartsWith("-sample_index=", StringComparison.Ordinal)).Select(f => f[14..]).FirstOrDefault(),
            Filter = new SampleFilterOptions { Focus = flags.Where(f => f.StartsWith("-focus=", StringComparison.Ordinal)).Select(f => f[7..]).FirstOrDefault() },
        });
        var text = new StringWriter { NewLine = "\n" };
        TopTableWriter.Write(text, report, TextStyle.Plain);

        Assert.Equal(WithoutTime(expected), WithoutTime(text.ToString()));
    }

    [Theory]
    [InlineData("heap.pb.gz", "kb")]
    [InlineData("heap.pb.gz", "auto")]
    [InlineData("heap.pb.gz", "ms")]
    [InlineData("cpu.pb.gz", "ms")]
    [InlineData("cpu.pb.gz", "auto")]
    [InlineData("cpu.pb.gz", "kb")]
    [InlineData("recorded", "MB")]
    [InlineData("recorded", "auto")]
    public void Traces_with_unit_like_go_tool_pprof(string fixture, string unit)
    {
        string file;
        if (fixture == "recorded")
        {
            file = Path.Combine(_folder, "recorded.pb.gz");
            PprofWriter.WriteFile(RecordedStyleProfile(), file);
        }
        else
        {
            file = Path.Combine(GoFixtures, fixture);
            Assert.SkipUnless(File.Exists(file), $"the Go fixture {fixture} is not there (tests/Heapwise.Tests/Fixtures/go).");
        }

        AssertTracesSame(file, Granularity.Functions, unit);
    }

    private static void AssertTracesSame(string file, Granularity granularity, string unit = "minimum")
    {
        string expected = GoPprof.RunRaw(file, ["-traces", Flag(granularity), "-unit=" + unit]);

        var report = TracesReport.Compute([PprofReader.ReadFile(file)], new ReportOptions { Granularity = granularity, Unit = unit });
        var text = new StringWriter { NewLine = "\n" };
        TracesWriter.Write(text, report);

        Assert.Equal(WithoutTime(expected), WithoutTime(text.ToString()));
    }

    private static void AssertPeekSame(string file, Granularity granularity, string expression)
    {
        string expected = GoPprof.RunRaw(file, ["-peek=" + expression, Flag(granularity)]);

        var report = PeekReport.Compute([PprofReader.ReadFile(file)], expression, new ReportOptions { Granularity = granularity });
        var text = new StringWriter { NewLine = "\n" };
        PeekWriter.Write(text, report);

        Assert.Equal(WithoutTime(expected), WithoutTime(text.ToString()));
    }

    private static string WithoutTime(string output) =>
        string.Join('\n', output.Split('\n').Where(l => !l.StartsWith("Time: ", StringComparison.Ordinal)));
}
