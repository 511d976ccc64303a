using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Heapwise.Heap;
using Heapwise.Tests.Cli;
using Heapwise.Tests.Collection;
using Heapwise.Tests.Infrastructure;
using Heapwise.TestTarget;
using Microsoft.Diagnostics.NETCore.Client;

namespace Heapwise.Tests.Heap;

/// <summary><c>heapwise heap --waste</c> and the Waste section of <c>heap report</c>, end to end on the <c>waste</c> target.</summary>
[Collection(EventPipeTests.Name)]
public sealed class HeapWasteCliTests(WasteTarget target) : IClassFixture<WasteTarget>
{
    private const string IntList = "System.Collections.Generic.List<System.Int32>";
    private static readonly long ListWaste = (WasteWorkload.ListCapacity - WasteWorkload.ListCount) * 4L;

    private string Pid => target.Target.Id.ToString(CultureInfo.InvariantCulture);

    [Fact]
    public async Task Waste_is_stored_in_the_snapshot_and_reported_as_text_and_json()
    {
        using var folder = new TemporaryDirectory();
        string dumps = Directory.CreateDirectory(Path.Combine(folder.Path, "dumps")).FullName;
        string profile = Path.Combine(folder.Path, "w.pb.gz");
        var taken = await CliRun.InvokeAsync("heap", "--pid", Pid, "--waste", "--dump-folder", dumps, "-o", profile);
        Assert.True(taken.ExitCode == 0, taken.Stderr);
        Assert.Contains(taken.StderrLines, l => l.StartsWith("heapwise: waste analysis done; heap dump ", StringComparison.Ordinal) && l.EndsWith("then deleted", StringComparison.Ordinal));
        Assert.Contains("Waste (from a heap dump: ", taken.Stdout, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(dumps));

        string snapshot = Path.Combine(folder.Path, "w.hwheap");
        var text = await CliRun.InvokeAsync("heap", "report", snapshot);
        Assert.True(text.ExitCode == 0, text.Stderr);
        var lines = text.Stdout.Split('\n', StringSplitOptions.TrimEntries);
        string listRow = Assert.Single(lines, l => l.EndsWith("  " + IntList, StringComparison.Ordinal) && l.StartsWith(ListWaste.ToString("N0", CultureInfo.InvariantCulture), StringComparison.Ordinal));
        Assert.Equal(
            [ListWaste.ToString("N0", CultureInfo.InvariantCulture), "1", "10", "100,000", IntList],
            listRow.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(lines, l => l.EndsWith("\"" + WasteWorkload.StringContent + "\"", StringComparison.Ordinal) && l.Contains("1,000", StringComparison.Ordinal));

        var json = await CliRun.InvokeAsync("heap", "report", snapshot, "--format", "json");
        Assert.True(json.ExitCode == 0, json.Stderr);
        using var document = JsonDocument.Parse(json.Stdout);
        var root = document.RootElement;
        Assert.Equal("heapwise.heap-report/v1", root.GetProperty("schema").GetString());
        var waste = root.GetProperty("waste");
        Assert.True(waste.GetProperty("dumpBytes").GetInt64() > 0);
        var list = Assert.Single(waste.GetProperty("collections").EnumerateArray(), c => c.GetProperty("type").GetString() == IntList);
        Assert.Equal(ListWaste, list.GetProperty("wastedBytes").GetInt64());
        var empty = Assert.Single(waste.GetProperty("emptyCollections").EnumerateArray(),
            c => c.GetProperty("type").GetString() == "System.Collections.Generic.Dictionary<System.Int32, System.Int32>");
        Assert.Equal(WasteWorkload.EmptyDictionaries, empty.GetProperty("objects").GetInt64());
        var copies = Assert.Single(waste.GetProperty("duplicateStrings").EnumerateArray(),
            s => s.GetProperty("preview").GetString() == "\"" + WasteWorkload.StringContent + "\"");
        Assert.Equal(WasteWorkload.StringCopies, copies.GetProperty("copies").GetInt64());
        Assert.Contains(waste.GetProperty("zeroArrays").EnumerateArray(), a => a.GetProperty("zeroBytes").GetInt64() == WasteWorkload.ZeroArrayLength);

        // The dump is written before the snapshot's EventPipe session, whose event metadata (125 copies of this
        // string among others) would otherwise show as the target's waste.
        Assert.DoesNotContain(waste.GetProperty("duplicateStrings").EnumerateArray(), s => s.GetProperty("preview").GetString() == "\"ClrInstanceID\"");
        Assert.Equal(
            waste.GetProperty("collectionBytes").GetInt64() + waste.GetProperty("emptyCollectionBytes").GetInt64()
            + waste.GetProperty("duplicateStringBytes").GetInt64() + waste.GetProperty("zeroArrayBytes").GetInt64(),
            waste.GetProperty("totalBytes").GetInt64());
    }

    [Fact]
    public async Task An_existing_dump_file_is_reported_and_left_in_place()
    {
        using var folder = new TemporaryDirectory();
        string dump = Path.Combine(folder.Path, "core.dmp");
        await new DiagnosticsClient(target.Target.Id).WriteDumpAsync(DumpType.WithHeap, dump, logDumpGeneration: false, TestContext.Current.CancellationToken);

        var report = await CliRun.InvokeAsync("heap", "report", dump);
        Assert.True(report.ExitCode == 0, report.Stderr);
        Assert.StartsWith("Waste (from a heap dump: the file of ", report.Stdout, StringComparison.Ordinal);
        Assert.Contains(report.Stdout.Split('\n', StringSplitOptions.TrimEntries), l => l.StartsWith(ListWaste.ToString("N0", CultureInfo.InvariantCulture), StringComparison.Ordinal) && l.EndsWith(IntList, StringComparison.Ordinal));
        Assert.True(File.Exists(dump));

        var json = await CliRun.InvokeAsync("heap", "report", dump, "--format", "json");
        using var document = JsonDocument.Parse(json.Stdout);
        Assert.Equal("heapwise.heap-waste/v1", document.RootElement.GetProperty("schema").GetString());
    }

    [Fact]
    public async Task An_old_snapshot_has_no_waste_section()
    {
        string old = Path.Combine(AppContext.BaseDirectory, "Fixtures", "heap", "v1.hwheap");
        var text = await CliRun.InvokeAsync("heap", "report", old);
        Assert.True(text.ExitCode == 0, text.Stderr);
        Assert.DoesNotContain("Waste", text.Stdout, StringComparison.Ordinal);
        Assert.Contains("Generations", text.Stdout, StringComparison.Ordinal);

        var json = await CliRun.InvokeAsync("heap", "report", old, "--format", "json");
        using var document = JsonDocument.Parse(json.Stdout);
        Assert.Equal(JsonValueKind.Null, document.RootElement.GetProperty("waste").ValueKind);
        Assert.Equal(4, document.RootElement.GetProperty("objects").GetInt64());
    }

    [Fact]
    public async Task A_missing_dump_folder_fails_before_the_snapshot()
    {
        var result = await CliRun.InvokeAsync("heap", "--pid", Pid, "--waste", "--dump-folder", "/no/such/folder", "-o", Path.Combine(Path.GetTempPath(), "never.pb.gz"));
        Assert.NotEqual(0, result.ExitCode);
        string line = Assert.Single(result.StderrLines);
        Assert.Equal("heapwise: the dump folder '/no/such/folder' does not exist: create it or choose another --dump-folder.", line);
    }

    [Fact]
    public async Task A_file_that_looks_like_a_dump_but_is_not_is_one_line()
    {
        using var folder = new TemporaryDirectory();
        string fake = Path.Combine(folder.Path, "core.fake");
        await File.WriteAllBytesAsync(fake, [0x7f, (byte)'E', (byte)'L', (byte)'F', 1, 2, 3, 4, 5, 6, 7, 8], TestContext.Current.CancellationToken);
        var result = await CliRun.InvokeAsync("heap", "report", fake);
        Assert.NotEqual(0, result.ExitCode);
        string line = Assert.Single(result.StderrLines);
        Assert.StartsWith($"heapwise: cannot read dump '{fake}'", line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_process_that_is_not_dotnet_is_one_clear_error_and_leaves_no_dump()
    {
        using var folder = new TemporaryDirectory();
        using var sleep = Process.Start(new ProcessStartInfo("sleep", "60") { UseShellExecute = false })!;
        try
        {
            var error = await Assert.ThrowsAsync<HeapwiseException>(() =>
                HeapDumpWaste.TakeAsync(sleep.Id, new WasteOptions { DumpFolder = folder.Path }, cancellationToken: TestContext.Current.CancellationToken));
            Assert.Contains("is not a .NET process", error.Message, StringComparison.Ordinal);
            Assert.Empty(Directory.GetFileSystemEntries(folder.Path));
        }
        finally
        {
            sleep.Kill();
        }
    }

    [Fact]
    public async Task A_process_that_does_not_exist_is_reported_as_such()
    {
        var error = await Assert.ThrowsAsync<HeapwiseException>(() => HeapDumpWaste.TakeAsync(999_999_999, cancellationToken: TestContext.Current.CancellationToken));
        Assert.Contains("was not found", error.Message, StringComparison.Ordinal);
    }
}
