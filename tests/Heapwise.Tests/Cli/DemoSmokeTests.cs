using Heapwise.Analysis;
using Heapwise.Profiles;
using Heapwise.Samples;

namespace Heapwise.Tests.Cli;

/// <summary>
/// The demo end to end, lightly: it profiles every workload in-process, says so, and writes
/// profiles that read back. Collection itself is tested in depth elsewhere.
/// </summary>
public sealed class DemoSmokeTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("heapwise-demo-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Demo_profiles_every_workload_and_writes_valid_profiles()
    {
        var result = await CliRun.InvokeAsync("demo", "--output-dir", _folder);

        Assert.True(result.ExitCode == 0, result.Stderr);
        foreach (var workload in DemoWorkloads.All)
        {
            Assert.Contains($"== {workload.Name} ==", result.Stdout, StringComparison.Ordinal);
            var files = new List<string> { $"demo-{workload.Name}.pb.gz" };
            if (workload.Optimized is not null)
            {
                files.Add($"demo-{workload.Name}-optimized.pb.gz");
            }

            foreach (string file in files)
            {
                string path = Path.Combine(_folder, file);
                Assert.Contains(path, result.Stdout, StringComparison.Ordinal);
                var profile = PprofReader.ReadFile(path);
                TopReport.Compute(profile);
            }

            // Optimized variants may allocate too little to be sampled at all; the naive ones allocate megabytes.
            Assert.NotEmpty(PprofReader.ReadFile(Path.Combine(_folder, files[0])).Sample);
        }

        Assert.Contains("bytes allocated (exact)", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
    }
}
