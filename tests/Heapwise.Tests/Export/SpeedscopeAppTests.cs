using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Heapwise.Export;
using Heapwise.Profiles;
using Heapwise.Tests.Infrastructure;

namespace Heapwise.Tests.Export;

/// <summary>
/// Our speedscope JSON opened in speedscope itself (its released web app from npm, in headless
/// Chromium): the import succeeds and the sandwich view lists exactly the functions of our call tree.
/// </summary>
public sealed partial class SpeedscopeAppTests : IDisposable
{
    private const string Version = "1.25.0";
    private readonly TemporaryDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void A_go_heap_profile_exported_by_heapwise_loads_in_speedscope()
    {
        var profile = PprofReader.ReadFile(Path.Combine(AppContext.BaseDirectory, "Fixtures", "go", "heap.pb.gz"));
        AssertLoads(CallTree.Build(profile), "heap.pb.gz");
    }

    [Fact]
    public void A_heapwise_profile_with_recursion_and_inlining_loads_in_speedscope()
    {
        AssertLoads(CallTree.Build(ExportProfiles.Allocations()), "allocs.pb.gz");
    }

    private void AssertLoads(CallTree tree, string name)
    {
        string app = RequireSpeedscope();
        string json = Path.Combine(_folder.Path, "profile.json");
        SpeedscopeWriter.WriteFile(tree, json, name);

        using var server = new StaticFileServer(app, json);
        string url = $"{server.Root}index.html#profileURL={Uri.EscapeDataString(server.Root + "profile.json")}&view=sandwich";
        string dom = FlameGraphPages.RenderedDom(url, _folder.Path, waitForTimers: true);

        Assert.Contains($"<title>{name} ({tree.SampleType}) - speedscope</title>", dom, StringComparison.Ordinal);
        string[] shown = [.. SandwichSymbol().Matches(dom).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).Distinct().Order(StringComparer.Ordinal)];
        string[] expected = [.. Enumerable.Range(1, tree.NodeCount - 1).Select(i => tree[i].Name).Distinct().Order(StringComparer.Ordinal)];
        Assert.Equal(expected, shown);
    }

    // The folder holding speedscope's index.html; .ci/run installs it and sets HEAPWISE_SPEEDSCOPE_DIR.
    private static string RequireSpeedscope()
    {
        string? dir = Environment.GetEnvironmentVariable("HEAPWISE_SPEEDSCOPE_DIR");
        string app = dir is null ? string.Empty : Path.Combine(dir, "node_modules", "speedscope", "dist", "release");
        if (File.Exists(Path.Combine(app, "index.html")))
        {
            return app;
        }

        string reason = $"speedscope is not installed: run 'npm install --prefix DIR speedscope@{Version}' and set HEAPWISE_SPEEDSCOPE_DIR=DIR.";
        if (ExternalTool.InCi)
        {
            Assert.Fail(reason + " CI must install it (.ci/run).");
        }

        Assert.Skip(reason);
        return string.Empty; // not reached
    }

    // A symbol cell of the sandwich view's table: a colour swatch, then the name.
    [GeneratedRegex("</span>([^<]+)</td>")]
    private static partial Regex SandwichSymbol();

    /// <summary>Serves speedscope's files and one profile on a loopback port, as speedscope fetches profiles by URL.</summary>
    private sealed class StaticFileServer : IDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly Task _serving;

        public StaticFileServer(string folder, string profile)
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            int port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            Root = $"http://127.0.0.1:{port}/";
            _listener.Prefixes.Add(Root);
            _listener.Start();
            _serving = Task.Run(() => Serve(folder, profile));
        }

        public string Root { get; }

        public void Dispose()
        {
            _listener.Close();
            _serving.Wait(TimeSpan.FromSeconds(5));
        }

        private async Task Serve(string folder, string profile)
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
                {
                    return;
                }

                string name = context.Request.Url!.AbsolutePath.TrimStart('/');
                string path = name == "profile.json" ? profile : Path.Combine(folder, name);
                using var response = context.Response;
                if (name.Contains("..", StringComparison.Ordinal) || !File.Exists(path))
                {
                    response.StatusCode = 404;
                    continue;
                }

                response.ContentType = Path.GetExtension(path) switch
                {
                    ".html" => "text/html",
                    ".js" => "text/javascript",
                    ".css" => "text/css",
                    ".json" => "application/json",
                    _ => "application/octet-stream",
                };
                byte[] body = await File.ReadAllBytesAsync(path);
                await response.OutputStream.WriteAsync(body);
            }
        }
    }
}
