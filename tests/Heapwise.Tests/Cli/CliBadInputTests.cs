using Heapwise.Profiles;

namespace Heapwise.Tests.Cli;

/// <summary>Every way to hand heapwise bad input ends in one line on stderr and a non-zero exit code, never a stack trace.</summary>
public sealed class CliBadInputTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("heapwise-cli-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Missing_file_says_so()
    {
        string path = Path.Combine(_folder, "missing.pb.gz");

        var result = await CliRun.InvokeAsync("top", path);

        AssertOneLineError(result, 1, $"heapwise: cannot open '{path}': file not found");
    }

    [Fact]
    public async Task Garbage_file_is_a_format_error()
    {
        string path = WriteFile("garbage.pb.gz", [0x0a, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01, 0x02, 0x03]);

        var result = await CliRun.InvokeAsync("top", path);

        AssertOneLineError(result, 2, $"heapwise: '{path}' is not a valid pprof profile");
    }

    [Fact]
    public async Task Corrupt_gzip_is_a_format_error()
    {
        string path = WriteFile("corrupt.pb.gz", [0x1f, 0x8b, 0x08, 0x00, 0xde, 0xad, 0xbe, 0xef, 0x00, 0x00, 0x00]);

        var result = await CliRun.InvokeAsync("top", path);

        AssertOneLineError(result, 2, $"heapwise: '{path}' is not a valid pprof profile");
    }

    [Fact]
    public async Task Empty_file_is_a_format_error()
    {
        string path = WriteFile("empty.pb.gz", []);

        var result = await CliRun.InvokeAsync("top", path);

        AssertOneLineError(result, 2, $"heapwise: '{path}' is not a valid pprof profile: it is empty");
    }

    [Fact]
    public async Task Folder_instead_of_file_is_bad_input()
    {
        var result = await CliRun.InvokeAsync("top", _folder);

        AssertOneLineError(result, 1, $"heapwise: cannot open '{_folder}'");
    }

    [Fact]
    public async Task Unknown_sample_index_lists_the_sample_types()
    {
        string path = WriteProfile();

        var result = await CliRun.InvokeAsync("top", "--sample-index", "inuse_space", path);

        AssertOneLineError(result, 1, "heapwise: unknown sample index 'inuse_space'; this profile has: alloc_objects, alloc_space");
    }

    [Theory]
    [InlineData("run", "--duration", "30x", "--", "dotnet", "--version")]
    [InlineData("record", "--pid", "123", "--duration", "ten")]
    [InlineData("record", "--pid", "123", "--duration", "-5s")]
    [InlineData("record", "--pid", "123", "--duration", "0s")]
    public async Task Bad_duration_is_a_usage_error(params string[] args)
    {
        var result = await CliRun.InvokeAsync(args);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("invalid duration '", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(result.Stdout.Trim());
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("12.5")]
    [InlineData("0")]
    [InlineData("-3")]
    public async Task Bad_pid_is_a_usage_error(string pid)
    {
        var result = await CliRun.InvokeAsync("record", "--pid", pid);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(pid, result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("top")]
    [InlineData("record")]
    [InlineData("run")]
    [InlineData("frobnicate")]
    [InlineData("top", "--nodecount", "-1", "x.pb.gz")]
    [InlineData("top", "--nodecount", "many", "x.pb.gz")]
    [InlineData("top", "--nodefraction", "2", "x.pb.gz")]
    [InlineData("demo", "no-such-workload")]
    [InlineData("demo", "--top", "0")]
    public async Task Bad_command_lines_exit_with_1_without_a_stack_trace(params string[] args)
    {
        var result = await CliRun.InvokeAsync(args);

        Assert.Equal(1, result.ExitCode);
        Assert.NotEmpty(result.Stderr.Trim());
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Output_into_a_missing_folder_fails_before_recording()
    {
        string output = Path.Combine(_folder, "no", "such", "folder", "allocs.pb.gz");

        var result = await CliRun.InvokeAsync("record", "--pid", "1", "-o", output);

        AssertOneLineError(result, 1, $"heapwise: cannot write '{output}': the folder");
    }

    private static void AssertOneLineError(CliResult result, int exitCode, string expectedStart)
    {
        Assert.Equal(exitCode, result.ExitCode);
        Assert.Equal(string.Empty, result.Stdout);
        string line = Assert.Single(result.StderrLines);
        Assert.StartsWith(expectedStart, line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
    }

    private string WriteFile(string name, byte[] content)
    {
        string path = Path.Combine(_folder, name);
        File.WriteAllBytes(path, content);
        return path;
    }

    private string WriteProfile()
    {
        var b = new ProfileBuilder(("alloc_objects", "count"), ("alloc_space", "bytes"));
        b.AddSample([b.Location(b.Function("App.Main"))], [1, 1024]);
        string path = Path.Combine(_folder, "allocs.pb.gz");
        PprofWriter.WriteFile(b.Build(), path);
        return path;
    }
}
