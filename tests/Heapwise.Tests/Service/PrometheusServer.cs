using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Heapwise.Tests.Infrastructure;

namespace Heapwise.Tests.Service;

/// <summary>
/// A real Prometheus server (<c>/usr/bin/prometheus</c>) on a free loopback port, scraping one target every second,
/// with its storage in a temporary folder; killed and removed on dispose.
/// </summary>
internal sealed class PrometheusServer : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    private readonly Process _process;
    private readonly TemporaryDirectory _directory;
    private readonly HttpClient _client = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly StringWriter _log = new(CultureInfo.InvariantCulture);

    private PrometheusServer(Process process, TemporaryDirectory directory, Uri address)
    {
        _process = process;
        _directory = directory;
        Address = address;
    }

    /// <summary>The server's address, e.g. <c>http://127.0.0.1:40123/</c>.</summary>
    public Uri Address { get; }

    /// <summary>What the server printed, for failure messages.</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>Starts <paramref name="executable"/> scraping <paramref name="target"/> (<c>http://host:port/</c>) at <c>/metrics</c> every second.</summary>
    public static PrometheusServer Start(string executable, Uri target)
    {
        var directory = new TemporaryDirectory();
        string config = Path.Combine(directory.Path, "prometheus.yml");
        File.WriteAllText(config, $"""
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            scrape_configs:
              - job_name: heapwise
                metrics_path: /metrics
                static_configs:
                  - targets: ['{target.Host}:{target.Port}']
            """);
        int port = FreePort();
        var psi = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = directory.Path,
        };
        foreach (string argument in new[]
        {
            $"--config.file={config}", $"--storage.tsdb.path={Path.Combine(directory.Path, "data")}",
            $"--web.listen-address=127.0.0.1:{port}", "--log.level=warn",
        })
        {
            psi.ArgumentList.Add(argument);
        }

        var process = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {executable}");
        var server = new PrometheusServer(process, directory, new Uri($"http://127.0.0.1:{port}/"));
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return server;
    }

    /// <summary>Waits until Prometheus has scraped the target successfully (<c>up == 1</c>).</summary>
    public Task WaitForTargetUpAsync(CancellationToken cancel) => WaitForValueAsync("up{job=\"heapwise\"}", v => v == 1, cancel);

    /// <summary>
    /// Asks <c>/api/v1/query</c> for <paramref name="query"/> until its (single) value satisfies <paramref name="accept"/>,
    /// and returns that value; fails the test with the last answer and the server's log after 90 s.
    /// </summary>
    public async Task<double> WaitForValueAsync(string query, Func<double, bool> accept, CancellationToken cancel)
    {
        var deadline = Stopwatch.StartNew();
        string last = "(no answer yet)";
        while (deadline.Elapsed < Patience)
        {
            if (_process.HasExited)
            {
                Assert.Fail($"prometheus exited with {_process.ExitCode}:\n{Log}");
            }

            try
            {
                last = await _client.GetStringAsync(new Uri(Address, "api/v1/query?query=" + Uri.EscapeDataString(query)), cancel);
                if (SingleValue(last) is double value && accept(value))
                {
                    return value;
                }
            }
            catch (HttpRequestException e)
            {
                last = e.Message; // not listening yet
            }

            await Task.Delay(250, cancel);
        }

        Assert.Fail($"Prometheus never answered an acceptable value for {query}; last answer: {last}\nlog:\n{Log}");
        return double.NaN; // not reached
    }

    public void Dispose()
    {
        _client.Dispose();
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(TimeSpan.FromSeconds(10));
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
        _directory.Dispose();
    }

    /// <summary>The value of a query answer holding exactly one series, or null.</summary>
    private static double? SingleValue(string json)
    {
        using var document = JsonDocument.Parse(json);
        var result = document.RootElement.GetProperty("data").GetProperty("result");
        return result.GetArrayLength() == 1
            ? double.Parse(result[0].GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture)
            : null;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_log)
            {
                _log.WriteLine(line);
            }
        }
    }
}
