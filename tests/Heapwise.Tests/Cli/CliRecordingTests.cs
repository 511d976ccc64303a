using System.Diagnostics;
using Heapwise.Profiles;
using Heapwise.Tests.Collection;

namespace Heapwise.Tests.Cli;

/// <summary>
/// <c>run</c> and <c>record</c> end to end, lightly (the recorder is tested in depth elsewhere):
/// exit codes, the written profile, and one-line failures.
/// </summary>
public sealed class CliRecordingTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("heapwise-rec-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Run_writes_the_profile_and_passes_the_exit_code_through()
    {
        string output = Path.Combine(_folder, "child.pb.gz");

        var result = await CliRun.InvokeAsync(["run", "-o", output, "--", TestTarget.DotnetHost, .. TestTarget.Arguments("exit", "7")]);

        Assert.True(result.ExitCode == 7, result.Stderr);
        Assert.NotNull(PprofReader.ReadFile(output));
        Assert.Contains("      flat  flat%   sum%        cum   cum%", result.Stdout, StringComparison.Ordinal);
        Assert.Contains($"heapwise: wrote {output}", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Record_writes_a_profile_of_a_running_process()
    {
        using var target = TestTarget.StartLoop();
        string output = Path.Combine(_folder, "attached.pb.gz");

        var result = await CliRun.InvokeAsync("record", "--pid", target.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--duration", "1500ms", "-o", output);

        Assert.True(result.ExitCode == 0, result.Stderr);
        var profile = PprofReader.ReadFile(output);
        Assert.NotEmpty(profile.Sample);
        Assert.Contains("Heapwise.TestTarget.LoopWorkload", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Record_of_a_missing_process_is_a_collection_failure()
    {
        int pid = UnusedProcessId();

        var result = await CliRun.InvokeAsync("record", "--pid", pid.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-o", Path.Combine(_folder, "none.pb.gz"));

        Assert.Equal(3, result.ExitCode);
        string line = Assert.Single(result.StderrLines);
        Assert.StartsWith("heapwise: ", line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_folder, "none.pb.gz")));
    }

    [Fact]
    public async Task Run_of_a_missing_program_is_a_collection_failure()
    {
        var result = await CliRun.InvokeAsync("run", "-o", Path.Combine(_folder, "none.pb.gz"), "--", Path.Combine(_folder, "no-such-program"));

        Assert.Equal(3, result.ExitCode);
        Assert.Single(result.StderrLines);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
    }

    private static int UnusedProcessId()
    {
        for (int pid = 4_000_000; ; pid--)
        {
            try
            {
                using var _ = Process.GetProcessById(pid);
            }
            catch (ArgumentException)
            {
                return pid;
            }
        }
    }
}
