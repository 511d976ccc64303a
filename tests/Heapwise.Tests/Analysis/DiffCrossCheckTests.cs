using CsCheck;
using Heapwise.Analysis;
using Heapwise.Cli.Rendering;
using Heapwise.Export;
using Heapwise.Profiles;
using Heapwise.Tests.Cli;

namespace Heapwise.Tests.Analysis;

/// <summary>
/// Profile differences (<c>--base</c>, <c>--diff-base</c>, <c>--normalize</c>) against the real
/// <c>go tool pprof -base/-diff_base/-normalize</c>: every line (but Time:) equal, for top, traces, tags and peek.
/// </summary>
public sealed class DiffCrossCheckTests : IDisposable
{
    private static readonly string GoFixtures = Path.Combine(AppContext.BaseDirectory, "Fixtures", "go");
    private readonly string _folder = Directory.CreateTempSubdirectory("heapwise-diffcheck-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    public static TheoryData<string, string> Cases() => new()
    {
        { "-top", "-base" },
        { "-top", "-diff_base" },
        { "-top", "-base -normalize" },
        { "-top", "-diff_base -normalize" },
        { "-top", "-diff_base -sample_index=alloc_objects" },
        { "-top", "-diff_base -cum" },
        { "-top", "-base -nodecount=3" },
        { "-top", "-diff_base -focus=Parse" },
        { "-top", "-diff_base -tagfocus=type=String" },
        { "-traces", "-base" },
        { "-traces", "-diff_base" },
        { "-traces", "-diff_base -normalize" },
        { "-tags", "-base" },
        { "-tags", "-diff_base" },
        { "-peek=.", "-base" },
        { "-peek=App", "-diff_base" },
        { "-peek=Parse", "-diff_base -normalize -cum" },
        { "-tree", "-base" },
        { "-tree", "-diff_base" },
        { "-tree", "-diff_base -normalize -focus=Parse" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Differences_report_like_go_tool_pprof(string report, string flags)
    {
        string source = Write(After(), "after.pb.gz");
        string baseFile = Write(FilterCrossCheckTests.LabelledProfile(), "before.pb.gz");

        await AssertSameAsPprof(report, source, [baseFile], flags.Split(' '));
    }

    // go tool pprof keeps only the last -base; upstream pprof adds several bases together, as
    // Heapwise does: checked against go tool pprof given the bases merged into one file.
    [Theory]
    [InlineData("-top", "-base")]
    [InlineData("-top", "-diff_base")]
    [InlineData("-traces", "-diff_base")]
    public async Task Several_bases_are_subtracted_together(string report, string flag)
    {
        string source = Write(After(), "after.pb.gz");
        var (before1, before2) = (FilterCrossCheckTests.LabelledProfile(), Halved(FilterCrossCheckTests.LabelledProfile()));
        string base1 = Write(before1, "before1.pb.gz");
        string base2 = Write(before2, "before2.pb.gz");
        string merged = Write(ProfileMerger.Merge([before1, before2]), "before-merged.pb.gz");

        await AssertSameAsPprof(report, source, [base1, base2], [flag], pprofBases: [merged]);
    }

    [Theory]
    [InlineData("-top", "-base")]
    [InlineData("-top", "-diff_base")]
    [InlineData("-traces", "-base")]
    [InlineData("-tags", "-diff_base")]
    public async Task A_go_heap_profile_minus_itself_is_all_zeros(string report, string flag)
    {
        string heap = GoFixture("heap.pb.gz");

        await AssertSameAsPprof(report, heap, [heap], [flag]);
    }

    [Theory]
    [InlineData("-top", "-base")]
    [InlineData("-top", "-diff_base")]
    [InlineData("-top", "-diff_base -sample_index=inuse_space")]
    [InlineData("-top", "-base -normalize -sample_index=alloc_objects")]
    [InlineData("-top", "-diff_base -normalize -cum")]
    [InlineData("-traces", "-diff_base")]
    [InlineData("-tags", "-base")]
    [InlineData("-peek=main\\.", "-diff_base")]
    [InlineData("-tree", "-diff_base")]
    [InlineData("-list=main\\.", "-diff_base")]
    [InlineData("-list=main\\.", "-base -sample_index=alloc_objects")]
    public async Task Go_heap_profiles_differ_like_go_tool_pprof(string report, string flags)
    {
        string heap = GoFixture("heap.pb.gz");
        string changed = Write(Changed(PprofReader.ReadFile(heap)), "heap-changed.pb.gz");

        await AssertSameAsPprof(report, changed, [heap], flags.Split(' '));
        await AssertSameAsPprof(report, heap, [changed], flags.Split(' '));
    }

    [Fact]
    public async Task Go_cpu_profile_diff_like_go_tool_pprof()
    {
        string cpu = GoFixture("cpu.pb.gz");
        string changed = Write(Changed(PprofReader.ReadFile(cpu)), "cpu-changed.pb.gz");

        await AssertSameAsPprof("-top", changed, [cpu], ["-diff_base"]);
    }

    [Fact]
    public void Random_profile_differences_report_like_go_tool_pprof()
    {
        int run = 0;
        var pairs = Gen.Select(RandomProfile.Generator, RandomProfile.Generator, Gen.Int[0, 3], (a, b, mode) => (A: a, B: b with { Unit = a.Unit }, Mode: mode));
        pairs.Sample(
            pair =>
            {
                int n = run++;
                string source = Write(pair.A.Build(), $"random-{n}-a.pb.gz");
                string baseFile = Write(pair.B.Build(), $"random-{n}-b.pb.gz");
                bool diff = pair.Mode % 2 == 1, normalize = pair.Mode >= 2;
                var flags = new List<string> { "-top", (diff ? "-diff_base=" : "-base=") + baseFile };
                if (normalize)
                {
                    flags.Add("-normalize");
                }

                if (pair.A.SampleIndex is not null)
                {
                    flags.Add("-sample_index=" + pair.A.SampleIndex);
                }

                if (pair.A.Cum)
                {
                    flags.Add("-cum");
                }

                string[] expected = GoPprof.Run(source, [.. flags]);
                var profiles = ProfileDiff.Combine([PprofReader.ReadFile(source)], [PprofReader.ReadFile(baseFile)], diff, normalize);
                var report = TopReport.Compute(profiles, new TopOptions { SampleIndex = pair.A.SampleIndex, Cumulative = pair.A.Cum });
                var text = new StringWriter();
                TopTableWriter.Write(text, report, TextStyle.Plain);

                Assert.Equal(expected, GoPprof.Lines(text.ToString()));
            },
            iter: 40,
            threads: 1,
            print: pair => $"mode={pair.Mode}\nsource: {pair.A}\nbase: {pair.B}");
    }

    [Theory]
    [InlineData("-base -normalize")]
    [InlineData("-diff_base -normalize")]
    public async Task Normalize_rounds_samples_with_the_same_stack_once(string flags)
    {
        // Each "main;f" sample alone scales to round(1/3) = 0; merged first, as pprof does, round(2/3) = 1.
        string source = Write(new StackProfile(("space", "bytes")).Add("main;f", 1).Add("main;f", 1).Add("main;g", 1).Build(), "dup.pb.gz");
        string baseFile = Write(new StackProfile(("space", "bytes")).Add("main;h", 1).Build(), "one.pb.gz");

        await AssertSameAsPprof("-top", source, [baseFile], flags.Split(' '));
    }

    [Fact]
    public void Library_subtracts_base_values()
    {
        var after = new StackProfile(("space", "bytes")).Add("main;f", 300).Add("main;g", 100).Build();
        var before = new StackProfile(("space", "bytes")).Add("main;f", 100).Add("main;g", 250).Build();

        var report = TopReport.Compute(ProfileDiff.Combine([after], [before], diffBase: true, normalize: false));

        Assert.Equal([("f", 200L), ("g", -150L), ("main", 0L)], report.Rows.Select(r => (r.Name, r.Flat)));
        Assert.Equal(350, report.Total);
        Assert.Equal("-150B", report.FormatValue(-150));
    }

    [Fact]
    public void Incompatible_base_is_an_error()
    {
        var after = new StackProfile(("space", "bytes")).Add("main;f", 300).Build();
        var before = new StackProfile(("cpu", "nanoseconds")).Add("main;f", 100).Build();

        var e = Assert.Throws<HeapwiseException>(() => ProfileDiff.Combine([after], [before], false, false, ["a.pb.gz"], ["b.pb.gz"]));

        Assert.Equal("cannot compare 'a.pb.gz' with base 'b.pb.gz': their sample types differ (space/bytes vs cpu/nanoseconds).", e.Message);
    }

    private static async Task AssertSameAsPprof(string report, string source, string[] bases, string[] flags, string[]? pprofBases = null)
    {
        bool diff = flags.Contains("-diff_base");
        var pprofFlags = new List<string> { report };
        pprofFlags.AddRange((pprofBases ?? bases).Select(b => (diff ? "-diff_base=" : "-base=") + b));
        pprofFlags.AddRange(flags.Where(f => f is not "-base" and not "-diff_base"));
        string expected = GoPprof.RunRaw(source, [.. pprofFlags]);

        // "-peek=REGEX" and "-list=REGEX" are subcommands with an argument here.
        var args = new List<string>(report[1..].Split('=', 2));

        foreach (string b in bases)
        {
            args.Add(diff ? "--diff-base" : "--base");
            args.Add(b);
        }

        foreach (string f in flags.Where(f => f is not "-base" and not "-diff_base"))
        {
            args.Add("-" + f);
        }

        args.Add(source);
        var result = await CliRun.InvokeAsync([.. args]);

        Assert.True(result.ExitCode == 0, $"heapwise {string.Join(' ', args)} failed: {result.Stderr}");
        Assert.Equal(WithoutTime(expected), WithoutTime(result.Stdout));
    }

    // The labelled profile, changed: one stack grows, one shrinks, one is new, one is gone, one is the same.
    private static Profile After()
    {
        var p = new StackProfile(("alloc_objects", "count"), ("alloc_space", "bytes"));
        var b = p.Builder;
        var bytes = b.Label("type", "System.Byte[]");
        var str = b.Label("type", "System.String");
        var main = b.Label("thread", "main");
        var worker = b.Label("thread", "worker");
        p.AddWithLabels("App.Main;App.Load;System.IO.File.ReadAllBytes", [60, 6L << 20], bytes, main, b.NumericLabel("bytes", 100 << 10, "bytes"))
            .AddWithLabels("App.Main;App.Parse>App.Tokenizer.Next>System.String.Substring", [90_000, 4_320_000], str, main, b.NumericLabel("bytes", 48, "bytes"))
            .AddWithLabels("App.Main;App.Parse;App.Parse;App.Parse>System.String.Concat", [9_000, 700_000], str, worker, b.NumericLabel("bytes", 32 << 10, "bytes"))
            .AddWithLabels("App.Main;App.Cache.Add;System.Collections.Generic.Dictionary`2.Resize", [3, 3_000_000], main, b.NumericLabel("bytes", 1 << 20, "bytes"), b.NumericLabel("count", 1))
            .Add("App.Main;App.Cache.Add", 5, 240)
            .AddWithLabels("App.Main;App.Render;System.Text.StringBuilder.ToString", [700, 1_500_000], str, worker)
            .Add("App.Main;App.Log", 2, 10);
        b.Period("space", "bytes", 102_400).Comment("heapwise diff test profile (after)");
        return p.Build(module: "/app/App.dll");
    }

    private static Profile Halved(Profile profile)
    {
        foreach (var s in profile.Sample)
        {
            for (int i = 0; i < s.Value.Count; i++)
            {
                s.Value[i] /= 2;
            }
        }

        return profile;
    }

    // A Go-like second profile: the same stacks with other values, some dropped, one doubled.
    private static Profile Changed(Profile profile)
    {
        var kept = new List<Sample>();
        for (int n = 0; n < profile.Sample.Count; n++)
        {
            var s = profile.Sample[n];
            if (n % 5 == 4)
            {
                continue;
            }

            for (int i = 0; i < s.Value.Count; i++)
            {
                s.Value[i] = n % 3 == 0 ? s.Value[i] * 2 : n % 3 == 1 ? s.Value[i] / 3 : s.Value[i] + 4096;
            }

            kept.Add(s);
        }

        profile.Sample.Clear();
        profile.Sample.AddRange(kept);
        return profile;
    }

    private static string GoFixture(string name)
    {
        string file = Path.Combine(GoFixtures, name);
        Assert.SkipUnless(File.Exists(file), $"the Go fixture {name} is not there yet (tests/Heapwise.Tests/Fixtures/go).");
        return file;
    }

    private string Write(Profile profile, string name)
    {
        string path = Path.Combine(_folder, name);
        PprofWriter.WriteFile(profile, path);
        return path;
    }

    private static string WithoutTime(string output) =>
        string.Join('\n', output.Split('\n').Where(l => !l.StartsWith("Time: ", StringComparison.Ordinal)));
}
