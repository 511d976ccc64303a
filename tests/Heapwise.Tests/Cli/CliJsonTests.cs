using System.Text.Json;
using Heapwise.Analysis;
using Heapwise.Profiles;
using Heapwise.Tests.Analysis;

namespace Heapwise.Tests.Cli;

/// <summary><c>--format json</c>: one document per run, in the schema of docs/cli-reports.md, with the numbers of the text reports.</summary>
public sealed class CliJsonTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("heapwise-json-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Top_json_has_the_rows_of_the_report()
    {
        string path = Write();
        var expected = TopReport.Compute(FilterCrossCheckTests.LabelledProfile(), new TopOptions { Filter = new() { Focus = "Parse" } });

        using var json = await RunJson("top", "--focus", "Parse", "--format", "json", path);

        var root = json.RootElement;
        Assert.Equal("heapwise.top/v1", root.GetProperty("schema").GetString());
        Assert.Equal("alloc_space", root.GetProperty("sampleType").GetString());
        Assert.Equal("bytes", root.GetProperty("sampleUnit").GetString());
        Assert.Equal(expected.Total, root.GetProperty("total").GetInt64());
        Assert.Equal(["focus=Parse"], root.GetProperty("filters").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("function", root.GetProperty("by").GetString());
        Assert.Equal(
            expected.Rows.Select(r => (r.Name, r.Flat, r.Cum)),
            root.GetProperty("rows").EnumerateArray().Select(r => (r.GetProperty("name").GetString()!, r.GetProperty("flat").GetInt64(), r.GetProperty("cum").GetInt64())));
        var inlined = root.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("name").GetString() == "App.Tokenizer.Next");
        Assert.Equal("inline", inlined.GetProperty("inline").GetString());
        Assert.Empty(root.GetProperty("warnings").EnumerateArray());
    }

    [Fact]
    public async Task Top_by_type_json_names_the_key()
    {
        using var json = await RunJson("top", "--by", "type", "--format", "json", Write());

        Assert.Equal("type", json.RootElement.GetProperty("by").GetString());
        Assert.Equal("System.Byte[]", json.RootElement.GetProperty("rows")[0].GetProperty("name").GetString());
    }

    [Fact]
    public async Task Traces_json_has_values_labels_and_frames()
    {
        using var json = await RunJson("traces", "--tagfocus", "type=Char", "--format", "json", Write());

        var trace = Assert.Single(json.RootElement.GetProperty("traces").EnumerateArray());
        Assert.Equal(64_000, trace.GetProperty("value").GetInt64());
        Assert.Equal("System.Char[]", trace.GetProperty("labels").GetProperty("type")[0].GetString());
        Assert.Equal("512B", trace.GetProperty("labels").GetProperty("bytes")[0].GetString());
        Assert.Equal(["System.String.ToCharArray", "App.Parse", "App.Main"],
            trace.GetProperty("frames").EnumerateArray().Select(f => f.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task Tags_json_has_totals_and_shares()
    {
        using var json = await RunJson("tags", "--tag", "thread", "--format", "json", Write());

        var key = Assert.Single(json.RootElement.GetProperty("keys").EnumerateArray());
        Assert.Equal("thread", key.GetProperty("key").GetString());
        Assert.Equal(18_266_912, key.GetProperty("total").GetInt64());
        var main = key.GetProperty("values")[0];
        Assert.Equal("main", main.GetProperty("value").GetString());
        Assert.Equal(17_502_912, main.GetProperty("total").GetInt64());
        Assert.Equal(17_502_912.0 / 18_266_912, main.GetProperty("share").GetDouble(), 5);
    }

    [Fact]
    public async Task Peek_json_has_callers_and_callees()
    {
        using var json = await RunJson("peek", "^App\\.Parse$", "--format", "json", Write());

        var entry = Assert.Single(json.RootElement.GetProperty("entries").EnumerateArray());
        Assert.Equal("App.Parse", entry.GetProperty("name").GetString());
        Assert.Equal("App.Main", entry.GetProperty("callers")[0].GetProperty("name").GetString());
        Assert.Equal(1.0, entry.GetProperty("callers")[0].GetProperty("share").GetDouble());
        Assert.Contains(entry.GetProperty("callees").EnumerateArray(), c => c.GetProperty("name").GetString() == "App.Tokenizer.Next" && c.GetProperty("inline").GetBoolean());
    }

    [Fact]
    public async Task Tree_json_has_the_entries_and_totals_of_the_text_report()
    {
        string path = Write();
        var expected = PeekReport.ComputeTree([FilterCrossCheckTests.LabelledProfile()], new TopOptions { NodeCount = 80 });
        var text = await CliRun.InvokeAsync("tree", path);

        using var json = await RunJson("tree", "--format", "json", path);

        var root = json.RootElement;
        Assert.Equal("heapwise.tree/v1", root.GetProperty("schema").GetString());
        Assert.Equal("alloc_space", root.GetProperty("sampleType").GetString());
        Assert.Equal("bytes", root.GetProperty("sampleUnit").GetString());
        Assert.Equal(expected.Total, root.GetProperty("total").GetInt64());
        Assert.Contains($" of {expected.FormatValue(root.GetProperty("total").GetInt64())} total", text.Stdout, StringComparison.Ordinal);
        Assert.Equal(expected.OutputUnit, root.GetProperty("outputUnit").GetString());
        Assert.Equal(
            expected.Entries.Select(e => (e.Name, e.Flat, e.Cum, e.Callers.Count, e.Callees.Count)),
            root.GetProperty("entries").EnumerateArray().Select(e => (e.GetProperty("name").GetString()!, e.GetProperty("flat").GetInt64(),
                e.GetProperty("cum").GetInt64(), e.GetProperty("callers").GetArrayLength(), e.GetProperty("callees").GetArrayLength())));
        Assert.Empty(root.GetProperty("warnings").EnumerateArray());
    }

    [Fact]
    public async Task List_json_has_the_routines_and_totals_of_the_text_report()
    {
        string path = Write();
        var expected = ListReport.Compute([FilterCrossCheckTests.LabelledProfile()], "Parse", sourcePath: _folder);
        var text = await CliRun.InvokeAsync("list", "Parse", "--source-path", _folder, path);

        var result = await CliRun.InvokeAsync("list", "Parse", "--source-path", _folder, "--format", "json", path);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(text.StderrLines, result.StderrLines); // missing source files are still reported on stderr
        using var json = JsonDocument.Parse(result.Stdout);
        var root = json.RootElement;
        Assert.Equal("heapwise.list/v1", root.GetProperty("schema").GetString());
        Assert.Equal("alloc_space", root.GetProperty("sampleType").GetString());
        Assert.Equal("bytes", root.GetProperty("sampleUnit").GetString());
        Assert.Equal(expected.Total, root.GetProperty("total").GetInt64());
        Assert.StartsWith($"Total: {expected.FormatValue(root.GetProperty("total").GetInt64())}", text.Stdout, StringComparison.Ordinal);
        Assert.NotEmpty(expected.Routines);
        Assert.Equal(
            expected.Routines.Select(r => (r.Name, r.File, r.Flat, r.Cum, r.Error, r.Lines.Count)),
            root.GetProperty("routines").EnumerateArray().Select(r => (r.GetProperty("name").GetString()!, r.GetProperty("file").GetString(),
                r.GetProperty("flat").GetInt64(), r.GetProperty("cum").GetInt64(), r.GetProperty("error").GetString(), r.GetProperty("lines").GetArrayLength())));
    }

    [Fact]
    public async Task An_unknown_format_is_bad_input()
    {
        var result = await CliRun.InvokeAsync("tags", "--format", "xml", Write());

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(string.Empty, result.Stdout);
        Assert.Contains("xml", result.StderrLines[0], StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
    }

    private static async Task<JsonDocument> RunJson(params string[] args)
    {
        var result = await CliRun.InvokeAsync(args);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(string.Empty, result.Stderr);
        return JsonDocument.Parse(result.Stdout);
    }

    private string Write()
    {
        string path = Path.Combine(_folder, "labelled.pb.gz");
        PprofWriter.WriteFile(FilterCrossCheckTests.LabelledProfile(), path);
        return path;
    }
}
