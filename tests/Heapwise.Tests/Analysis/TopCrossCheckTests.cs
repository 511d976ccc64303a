using CsCheck;
using Heapwise.Analysis;
using Heapwise.Cli.Rendering;
using Heapwise.Collection;
using Heapwise.Profiles;

namespace Heapwise.Tests.Analysis;

/// <summary>
/// Heapwise's top report against the real <c>go tool pprof -top</c> on the same files: every header
/// line (but Time:) and every row must be equal, character for character.
/// </summary>
public sealed class TopCrossCheckTests : IDisposable
{
    private static readonly string GoFixtures = Path.Combine(AppContext.BaseDirectory, "Fixtures", "go");
    private readonly string _folder = Directory.CreateTempSubdirectory("heapwise-topcheck-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    public static TheoryData<string, string?, bool, int> GoFixtureCases()
    {
        var data = new TheoryData<string, string?, bool, int>();
        foreach (string? index in new[] { null, "alloc_objects", "alloc_space", "inuse_objects", "inuse_space", "0" })
        {
            data.Add("heap.pb.gz", index, false, 0);
        }

        data.Add("heap.pb.gz", "alloc_space", true, 0);
        data.Add("heap.pb.gz", "alloc_objects", false, 3);
        data.Add("cpu.pb.gz", null, false, 0);
        data.Add("cpu.pb.gz", "samples", false, 0);
        data.Add("cpu.pb.gz", null, true, 4);
        return data;
    }

    [Theory]
    [MemberData(nameof(GoFixtureCases))]
    public void Profiles_written_by_go_report_like_go_tool_pprof(string fixture, string? sampleIndex, bool cum, int nodeCount)
    {
        string file = Path.Combine(GoFixtures, fixture);
        Assert.SkipUnless(File.Exists(file), $"the Go fixture {fixture} is not there yet (tests/Heapwise.Tests/Fixtures/go).");

        AssertSameAsPprof(file, sampleIndex, cum, nodeCount);
    }

    [Theory]
    [InlineData(null, false, 0)]
    [InlineData("alloc_objects", false, 0)]
    [InlineData("alloc_space", true, 0)]
    [InlineData("1", false, 3)]
    [InlineData("alloc_objects", true, 2)]
    public void Profiles_written_by_heapwise_report_like_go_tool_pprof(string? sampleIndex, bool cum, int nodeCount)
    {
        string file = Write(AllocationProfile(), "allocs.pb.gz");

        AssertSameAsPprof(file, sampleIndex, cum, nodeCount);
    }

    [Fact]
    public void Time_profiles_with_duration_report_like_go_tool_pprof()
    {
        var builder = new StackProfile(("samples", "count"), ("cpu", "nanoseconds"))
            .Add("main;serve;parse>readInt", 12, 120_000_000)
            .Add("main;serve;parse", 3, 30_000_000)
            .Add("main;gc", 1, 10_000_000)
            .Add("main;serve;log.Printf", 1, 7_000);
        builder.Builder.Period("cpu", "nanoseconds", 10_000_000).Comment("cpu test")
            .Time(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000), TimeSpan.FromMilliseconds(1500));

        string file = Write(builder.Build(module: "/srv/app"), "cpu.pb.gz");

        AssertSameAsPprof(file, null, false, 0);
        AssertSameAsPprof(file, "samples", true, 0);
    }

    [Fact]
    public void Profiles_recorded_by_heapwise_report_like_go_tool_pprof()
    {
        AllocationRecording recording;
        using (var profiler = AllocationProfiler.Start())
        {
            RecordedWorkload.Run();
            recording = profiler.Stop();
        }

        Assert.True(recording.SampleCount > 0, "the workload allocates ~40 MB, so it must be sampled");
        string file = Write(recording.Profile, "recorded.pb.gz");

        AssertSameAsPprof(file, null, false, 0);
        AssertSameAsPprof(file, "alloc_objects", false, 0);
        AssertSameAsPprof(file, "alloc_space", true, 5);
    }

    [Fact]
    public void Extreme_values_report_like_go_tool_pprof()
    {
        var profile = new StackProfile(("objects", "count"), ("space", "bytes"))
            .Add("main;a", 1, long.MaxValue / 2)
            .Add("main;b", -3, -(long.MaxValue / 3))
            .Add("main;c;a", 2, 1)
            .Build();

        string file = Write(profile, "extreme.pb.gz");

        AssertSameAsPprof(file, null, false, 0);
        AssertSameAsPprof(file, "objects", true, 0);
    }

    [Fact]
    public void Random_profiles_report_like_go_tool_pprof()
    {
        int run = 0;
        RandomProfile.Generator.Sample(
            spec =>
            {
                string file = Write(spec.Build(), $"random-{run++}.pb.gz");
                AssertSameAsPprof(file, spec.SampleIndex, spec.Cum, spec.NodeCount);
            },
            iter: 60,
            threads: 1,
            print: spec => spec.ToString());
    }

    public static TheoryData<string, string?, string> GoFixtureUnitCases()
    {
        var data = new TheoryData<string, string?, string>();
        foreach (string unit in new[] { "minimum", "auto", "b", "kb", "KB", "mb", "MB", "gb", "megabyte", "ms", "s", "ns", "bogus" })
        {
            data.Add("heap.pb.gz", null, unit);
        }

        foreach (string unit in new[] { "kb", "auto" })
        {
            data.Add("heap.pb.gz", "alloc_objects", unit);
        }

        foreach (string unit in new[] { "auto", "ns", "us", "ms", "s", "hrs", "kb", "bogus" })
        {
            data.Add("cpu.pb.gz", null, unit);
        }

        data.Add("cpu.pb.gz", "samples", "ms");
        return data;
    }

    [Theory]
    [MemberData(nameof(GoFixtureUnitCases))]
    public void Unit_option_on_go_profiles_reports_like_go_tool_pprof(string fixture, string? sampleIndex, string unit)
    {
        string file = Path.Combine(GoFixtures, fixture);
        Assert.SkipUnless(File.Exists(file), $"the Go fixture {fixture} is not there yet (tests/Heapwise.Tests/Fixtures/go).");

        AssertSameAsPprofWithUnit(file, sampleIndex, unit);
    }

    [Theory]
    [InlineData(null, "auto")]
    [InlineData(null, "kb")]
    [InlineData(null, "MB")]
    [InlineData(null, "gb")]
    [InlineData(null, "ms")]
    [InlineData("alloc_objects", "kb")]
    [InlineData("alloc_objects", "auto")]
    public void Unit_option_on_heapwise_profiles_reports_like_go_tool_pprof(string? sampleIndex, string unit)
    {
        string file = Write(AllocationProfile(), "allocs.pb.gz");

        AssertSameAsPprofWithUnit(file, sampleIndex, unit);
    }

    private static void AssertSameAsPprofWithUnit(string file, string? sampleIndex, string unit)
    {
        string[] flags = sampleIndex is null ? ["-top", "-unit=" + unit] : ["-top", "-unit=" + unit, "-sample_index=" + sampleIndex];
        string[] expected = GoPprof.Run(file, flags);

        var report = TopReport.Compute(PprofReader.ReadFile(file), new TopOptions { SampleIndex = sampleIndex, Unit = unit });
        var text = new StringWriter();
        TopTableWriter.Write(text, report, TextStyle.Plain);

        Assert.Equal(expected, GoPprof.Lines(text.ToString()));
    }

    private string Write(Profile profile, string name)
    {
        string path = Path.Combine(_folder, name);
        PprofWriter.WriteFile(profile, path);
        return path;
    }

    private static void AssertSameAsPprof(string file, string? sampleIndex, bool cum, int nodeCount)
    {
        string[] expected = GoPprof.Top(file, sampleIndex, cum, nodeCount);

        var report = TopReport.Compute(PprofReader.ReadFile(file), new TopOptions { SampleIndex = sampleIndex, Cumulative = cum, NodeCount = nodeCount });
        var text = new StringWriter();
        TopTableWriter.Write(text, report, TextStyle.Plain);

        Assert.Equal(expected, GoPprof.Lines(text.ToString()));
    }

    /// <summary>Two sample types, labels, inlined frames, recursion, a module and a comment.</summary>
    private static Profile AllocationProfile()
    {
        var p = new StackProfile(("alloc_objects", "count"), ("alloc_space", "bytes"));
        var type = p.Builder.Label("type", "System.Byte[]");
        var str = p.Builder.Label("type", "System.String");
        p.AddWithLabels("App.Main;App.Load;System.IO.File.ReadAllBytes", [120, 12L << 20], type)
            .AddWithLabels("App.Main;App.Parse>App.Tokenizer.Next>System.String.Substring", [40_000, 1_920_000], str)
            .AddWithLabels("App.Main;App.Parse;App.Parse;App.Parse>System.String.Concat", [9_000, 700_000], str)
            .Add("App.Main;App.Cache.Add;System.Collections.Generic.Dictionary`2.Resize", 3, 3_000_000)
            .Add("App.Main;App.Cache.Add", 1, 48)
            .Add("App.Main;System.String.Substring", 10, 320)
            .Add("App.Main;App.Log", 2, 10);
        p.Builder.Period("space", "bytes", 102_400).Comment("heapwise test profile");
        return p.Build(module: "/app/App.dll");
    }
}
