using CsCheck;
using Heapwise.Analysis;
using Heapwise.Cli.Rendering;
using Heapwise.Profiles;

namespace Heapwise.Tests.Analysis;

/// <summary>
/// The sample filters (<c>--focus</c>, <c>--ignore</c>, <c>--hide</c>, <c>--show</c>, <c>--tagfocus</c>,
/// <c>--tagignore</c>) on <c>top</c>, against the real <c>go tool pprof -top</c> with the same flags:
/// every header line (but Time:) and every row must be equal.
/// </summary>
public sealed class FilterCrossCheckTests : IDisposable
{
    private static readonly string GoFixtures = Path.Combine(AppContext.BaseDirectory, "Fixtures", "go");
    private readonly string _folder = Directory.CreateTempSubdirectory("heapwise-filtercheck-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    public static TheoryData<string, string> NameFilterCases() => new()
    {
        { "focus", "Parse" },
        { "focus", "Tokenizer" },
        { "focus", "^App\\.Cache" },
        { "focus", "System\\.cs" },          // a source file name
        { "focus", "App\\.dll" },            // the module: every sample
        { "focus", "NoSuchFunction" },       // nothing left
        { "ignore", "Substring" },
        { "ignore", "Parse|Cache" },
        { "ignore", "App\\.dll" },
        { "hide", "^System\\." },
        { "hide", "Tokenizer" },             // an inlined frame
        { "hide", "App\\.Main" },            // the root
        { "hide", "App\\.dll" },             // the module: whole locations go
        { "hide", "." },                     // everything: no sample left
        { "show", "^App\\." },
        { "show", "Parse|Concat" },
        { "show", "App\\.dll" },
        { "show", "NoSuchFunction" },
    };

    [Theory]
    [MemberData(nameof(NameFilterCases))]
    public void Name_filters_report_like_go_tool_pprof(string filter, string expression)
    {
        string file = Write(LabelledProfile(), "labelled.pb.gz");

        AssertSameAsPprof(file, [$"-{filter}={expression}"], Options(filter, expression));
        AssertSameAsPprof(file, [$"-{filter}={expression}", "-sample_index=alloc_objects", "-cum"],
            new TopOptions { Filter = Options(filter, expression).Filter, SampleIndex = "alloc_objects", Cumulative = true });
    }

    public static TheoryData<string, string> TagFilterCases() => new()
    {
        { "tagfocus", "type=String" },
        { "tagfocus", "type=^System\\.Byte\\[\\]$" },
        { "tagfocus", "type=Byte,Char" },         // either expression
        { "tagfocus", "type:System.String" },     // no key: matched against key:value
        { "tagfocus", "type:System,thread:main" }, // no key, several: all must match
        { "tagfocus", "nosuchkey=.*" },
        { "tagfocus", "bytes=1kb:64kb" },
        { "tagfocus", "bytes=:100" },
        { "tagfocus", "bytes=512:" },
        { "tagfocus", "bytes=32kb" },
        { "tagfocus", "bytes=1mb:" },
        { "tagfocus", "1kb:64kb" },               // any numeric key
        { "tagfocus", "count=2:" },               // a key without unit: its own name is its unit
        { "tagfocus", "count=:1" },
        { "tagignore", "type=String" },
        { "tagignore", "bytes=:100" },          // no unit: as in pprof, byte values never match
        { "tagignore", "bytes=:1kb" },
        { "tagignore", "type:System.Char" },
        { "tagignore", "thread=worker" },
    };

    [Theory]
    [MemberData(nameof(TagFilterCases))]
    public void Tag_filters_report_like_go_tool_pprof(string filter, string expression)
    {
        string file = Write(LabelledProfile(), "labelled.pb.gz");

        AssertSameAsPprof(file, [$"-{filter}={expression}"], Options(filter, expression));
    }

    [Theory]
    [InlineData("latency=1ms:1s")]
    [InlineData("latency=2s")]
    [InlineData("latency=:1500us")]
    [InlineData("request=4kb")]
    [InlineData("request=:1kb")]
    [InlineData("attempts=2")]
    [InlineData("10ms:")]
    public void Numeric_tag_filters_with_time_and_size_units_report_like_go_tool_pprof(string expression)
    {
        var p = new StackProfile(("samples", "count"), ("cpu", "nanoseconds"));
        var b = p.Builder;
        p.AddWithLabels("main;work", [3, 30_000_000], b.NumericLabel("latency", 1_500_000, "nanoseconds"), b.NumericLabel("request", 4096))
            .AddWithLabels("main;work;sleep", [1, 10_000_000], b.NumericLabel("latency", 2_000_000_000, "nanoseconds"), b.NumericLabel("request", 100))
            .AddWithLabels("main;idle", [1, 7_000], b.NumericLabel("attempts", 2))
            .AddWithLabels("main;work;parse", [2, 20_000_000], b.NumericLabel("latency", 900_000, "nanoseconds"), b.NumericLabel("request", 600));
        b.Period("cpu", "nanoseconds", 10_000_000);
        string file = Write(p.Build(module: "/srv/app"), "numeric.pb.gz");

        AssertSameAsPprof(file, [$"-tagfocus={expression}"], Options("tagfocus", expression));
        AssertSameAsPprof(file, [$"-tagignore={expression}"], Options("tagignore", expression));
    }

    [Fact]
    public void Combined_filters_report_like_go_tool_pprof()
    {
        string file = Write(LabelledProfile(), "labelled.pb.gz");
        var filter = new SampleFilterOptions { Focus = "App\\.Main", Ignore = "Cache", Hide = "^System\\.", TagIgnore = "bytes=:100" };

        AssertSameAsPprof(file, ["-focus=App\\.Main", "-ignore=Cache", "-hide=^System\\.", "-tagignore=bytes=:100"],
            new TopOptions { Filter = filter });
        AssertSameAsPprof(file, ["-show=Parse|Load", "-hide=Next", "-tagfocus=type=String|Byte", "-nodecount=2"],
            new TopOptions { Filter = new() { Show = "Parse|Load", Hide = "Next", TagFocus = "type=String|Byte" }, NodeCount = 2 });
        AssertSameAsPprof(file, ["-focus=App", "-nodefraction=0.2"],
            new TopOptions { Filter = new() { Focus = "App" }, NodeFraction = 0.2 });
        AssertSameAsPprof(file, ["-focus=App", "-nodefraction=0", "-nodecount=3", "-cum"],
            new TopOptions { Filter = new() { Focus = "App" }, NodeFraction = 0, NodeCount = 3, Cumulative = true });
    }

    [Fact]
    public void Long_filters_are_cut_in_the_legend_like_go_tool_pprof()
    {
        string file = Write(LabelledProfile(), "labelled.pb.gz");
        string focus = "App\\.Main|" + string.Join('|', Enumerable.Range(0, 20).Select(i => $"Function{i}"));

        AssertSameAsPprof(file, [$"-focus={focus}"], new TopOptions { Filter = new() { Focus = focus } });
    }

    [Theory]
    [InlineData("-focus=runtime", "runtime")]
    [InlineData("-ignore=runtime\\.mallocgc", "runtime\\.mallocgc")]
    [InlineData("-hide=runtime", "runtime")]
    [InlineData("-show=main\\.", "main\\.")]
    [InlineData("-focus=\\.go$", "\\.go$")]
    public void Go_heap_profiles_filter_like_go_tool_pprof(string flag, string expression)
    {
        string file = Path.Combine(GoFixtures, "heap.pb.gz");
        Assert.SkipUnless(File.Exists(file), "the Go fixture heap.pb.gz is not there yet (tests/Heapwise.Tests/Fixtures/go).");
        string name = flag[1..flag.IndexOf('=', StringComparison.Ordinal)];

        AssertSameAsPprof(file, [flag], Options(name, expression));
        AssertSameAsPprof(file, [flag, "-sample_index=alloc_space"],
            new TopOptions { Filter = Options(name, expression).Filter, SampleIndex = "alloc_space" });
    }

    [Fact]
    public void Drop_frames_apply_before_filters_like_go_tool_pprof()
    {
        var profile = LabelledProfile();
        StackProfile.SetDropFrames(profile, "App\\.Cache\\.Add");
        string file = Write(profile, "dropframes.pb.gz");

        AssertSameAsPprof(file, ["-focus=Resize"], new TopOptions { Filter = new() { Focus = "Resize" } });
        AssertSameAsPprof(file, ["-focus=Cache"], new TopOptions { Filter = new() { Focus = "Cache" } });
    }

    [Fact]
    public void Random_profiles_filter_like_go_tool_pprof()
    {
        string[] expressions = ["main", "a\\.", "alloc", "B\\.Grow", "grow", "Parse", "^c\\.", "Lambda", "Run$", "mallocgc", "Ünicode", "^f\\.cs$", "app", "."];
        var cases = Gen.Select(RandomProfile.Generator, Gen.OneOf("focus", "ignore", "hide", "show"), Gen.OneOf(expressions), Gen.OneOf(expressions),
            (spec, filter, first, second) => (Spec: spec, Filter: filter, Expression: first == second ? first : first + "|" + second));
        int run = 0;
        cases.Sample(
            c =>
            {
                string file = Write(c.Spec.Build(), $"random-{run++}.pb.gz");
                var flags = new List<string> { $"-{c.Filter}={c.Expression}" };
                if (c.Spec.SampleIndex is not null)
                {
                    flags.Add("-sample_index=" + c.Spec.SampleIndex);
                }

                var options = Options(c.Filter, c.Expression) with { SampleIndex = c.Spec.SampleIndex };
                AssertSameAsPprof(file, [.. flags], options);
            },
            iter: 40,
            threads: 1,
            print: c => $"{c.Filter}={c.Expression} {c.Spec}");
    }

    [Fact]
    public void Filters_never_change_the_profile()
    {
        var profile = LabelledProfile();
        var before = profile.Clone();

        TopReport.Compute(profile, new TopOptions { Filter = new() { Hide = "Tokenizer", Show = "App", TagFocus = "type=String" } });

        Assert.Equal(before, profile);
    }

    private static TopOptions Options(string filter, string expression) => new()
    {
        Filter = filter switch
        {
            "focus" => new() { Focus = expression },
            "ignore" => new() { Ignore = expression },
            "hide" => new() { Hide = expression },
            "show" => new() { Show = expression },
            "tagfocus" => new() { TagFocus = expression },
            "tagignore" => new() { TagIgnore = expression },
            _ => throw new ArgumentOutOfRangeException(nameof(filter), filter, null),
        },
    };

    private string Write(Profile profile, string name)
    {
        string path = Path.Combine(_folder, name);
        PprofWriter.WriteFile(profile, path);
        return path;
    }

    private static void AssertSameAsPprof(string file, string[] flags, TopOptions options)
    {
        string[] expected = GoPprof.Run(file, ["-top", .. flags]);

        var report = TopReport.Compute(PprofReader.ReadFile(file), options);
        var text = new StringWriter();
        TopTableWriter.Write(text, report, TextStyle.Plain);

        Assert.Equal(expected, GoPprof.Lines(text.ToString()));
    }

    /// <summary>
    /// Inlined frames, recursion, a module, and string labels (type, thread) and numeric labels
    /// (bytes with a unit, count without) on the samples.
    /// </summary>
    internal static Profile LabelledProfile()
    {
        var p = new StackProfile(("alloc_objects", "count"), ("alloc_space", "bytes"));
        var b = p.Builder;
        var bytes = b.Label("type", "System.Byte[]");
        var str = b.Label("type", "System.String");
        var chars = b.Label("type", "System.Char[]");
        var main = b.Label("thread", "main");
        var worker = b.Label("thread", "worker");
        p.AddWithLabels("App.Main;App.Load;System.IO.File.ReadAllBytes", [120, 12L << 20], bytes, main, b.NumericLabel("bytes", 100 << 10, "bytes"))
            .AddWithLabels("App.Main;App.Parse>App.Tokenizer.Next>System.String.Substring", [40_000, 1_920_000], str, main, b.NumericLabel("bytes", 48, "bytes"))
            .AddWithLabels("App.Main;App.Parse;App.Parse;App.Parse>System.String.Concat", [9_000, 700_000], str, worker, b.NumericLabel("bytes", 32 << 10, "bytes"))
            .AddWithLabels("App.Main;App.Parse;System.String.ToCharArray", [500, 64_000], chars, worker, b.NumericLabel("bytes", 512, "bytes"), b.NumericLabel("count", 3))
            .AddWithLabels("App.Main;App.Cache.Add;System.Collections.Generic.Dictionary`2.Resize", [3, 3_000_000], main, b.NumericLabel("bytes", 1 << 20, "bytes"), b.NumericLabel("count", 1))
            .Add("App.Main;App.Cache.Add", 1, 48)
            .AddWithLabels("App.Main;System.String.Substring", [10, 320], str, b.NumericLabel("count", 2))
            .Add("App.Main;App.Log", 2, 10);
        b.Period("space", "bytes", 102_400).Comment("heapwise filter test profile");
        return p.Build(module: "/app/App.dll");
    }
}
