using System.Diagnostics;
using System.Reflection;
using System.Text;

namespace Heapwise.Tests.SampleService;

/// <summary>
/// The sample memory-monitor service running as a child process (<c>dotnet Heapwise.Samples.Service.dll</c>, from its
/// own build folder so it reads its own appsettings.json), on free loopback ports. Dispose to kill it.
/// </summary>
internal sealed class SampleServiceProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private SampleServiceProcess(Process process)
    {
        _process = process;
        Client = new HttpClient { Timeout = TimeSpan.FromMinutes(1) };
    }

    /// <summary>The folder of the service's build output, set by the test project from its configuration.</summary>
    public static string Directory { get; } = typeof(SampleServiceProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "SampleServiceDirectory").Value!;

    /// <summary>The service's own address, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri Address { get; private set; } = null!;

    /// <summary>Its <c>/debug/pprof/</c> address on the management server.</summary>
    public Uri PprofAddress { get; private set; } = null!;

    public HttpClient Client { get; }

    /// <summary>Everything the service printed so far, for failure messages.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>A URL on the service, e.g. <c>Url("health")</c>.</summary>
    public Uri Url(string path) => new(Address, path);

    /// <summary>A URL under <c>/debug/pprof/</c>, e.g. <c>Pprof("captures")</c>.</summary>
    public Uri Pprof(string path) => new(PprofAddress, path);

    /// <summary>Starts the service on free ports with the given settings (<c>--Section:Key=value</c>) and waits for its addresses.</summary>
    public static async Task<SampleServiceProcess> StartAsync(params string[] settings)
    {
        var process = Launch(["--Service:Port=0", "--Heapwise:ManagementPort=0", .. settings]);
        var service = new SampleServiceProcess(process);
        var addresses = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) => service.Take(e.Data, addresses);
        process.ErrorDataReceived += (_, e) => service.Take(e.Data, addresses);
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) => addresses.TrySetResult();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await addresses.Task.WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
        }
        catch (TimeoutException)
        {
            // Reported below, with what it printed.
        }

        if (service.PprofAddress is null)
        {
            await service.DisposeAsync();
            throw new InvalidOperationException("the sample service did not print its addresses (within 60 s); it printed:\n" + service.Output);
        }

        return service;
    }

    /// <summary>Runs the service to its end with <paramref name="arguments"/> (for settings it refuses): exit code and stderr.</summary>
    public static async Task<(int ExitCode, string Error)> RunToExitAsync(params string[] arguments)
    {
        using var process = Launch(arguments);
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        _ = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        return (process.ExitCode, await error);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync(CancellationToken.None);
        _process.Dispose();
    }

    private static Process Launch(string[] arguments)
    {
        var startInfo = new ProcessStartInfo(TestTarget.DotnetHost)
        {
            // The content root, where appsettings.json is read from, is the working folder.
            WorkingDirectory = Directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add(Path.Combine(Directory, "Heapwise.Samples.Service.dll"));
        foreach (string argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        return Process.Start(startInfo) ?? throw new InvalidOperationException("could not start the sample service");
    }

    // Both streams are drained for the whole run: a child blocked on a full pipe would stall the test.
    private void Take(string? line, TaskCompletionSource addresses)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }

        if (line.StartsWith("service: ", StringComparison.Ordinal))
        {
            Address = new Uri(line["service: ".Length..]);
        }
        else if (line.StartsWith("pprof: ", StringComparison.Ordinal))
        {
            PprofAddress = new Uri(line["pprof: ".Length..]);
            addresses.TrySetResult();
        }
    }
}
