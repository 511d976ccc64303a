using System.Text.Json;
using System.Text.RegularExpressions;
using Heapwise.Tests.Infrastructure;

namespace Heapwise.Tests.Export;

/// <summary>Reads flame graph pages the way the tests check them: their embedded data, and what headless Chromium renders.</summary>
internal static partial class FlameGraphPages
{
    /// <summary>The page's embedded call-tree data.</summary>
    public static JsonDocument EmbeddedData(string html)
    {
        var match = DataScript().Match(html);
        Assert.True(match.Success, "the page has no embedded data");
        return JsonDocument.Parse(match.Groups[1].Value);
    }

    /// <summary>
    /// The DOM headless Chromium renders for the page at <paramref name="pagePath"/>; with
    /// <paramref name="waitForTimers"/> timers in the page get 5 s of virtual time to run first.
    /// Skips (fails in CI) when Chromium is not installed.
    /// </summary>
    public static string RenderedDom(string pagePath, string scratchFolder, bool waitForTimers = false)
    {
        string chromium = ExternalTool.Require("chromium", "install Chromium (Debian: apt-get install chromium)");
        List<string> arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--user-data-dir=" + Path.Combine(scratchFolder, "profile")];
        if (waitForTimers)
        {
            arguments.Add("--virtual-time-budget=5000");
        }

        arguments.AddRange(["--dump-dom", pagePath]);
        var result = ExternalTool.Run(chromium, arguments, timeout: TimeSpan.FromMinutes(2));
        Assert.True(result.ExitCode == 0, $"chromium exited with {result.ExitCode}: {result.Stderr}");
        return result.Stdout;
    }

    /// <summary>
    /// Loads <paramref name="html"/> with <paramref name="userScript"/> added at the end of its body in
    /// headless Chromium, and returns what the script recorded: the JSON it puts in <c>&lt;pre id="probe"&gt;</c>.
    /// </summary>
    public static JsonDocument Probe(string html, string userScript)
    {
        using var folder = new TemporaryDirectory();
        string path = Path.Combine(folder.Path, "page.html");
        File.WriteAllText(path, html.Replace("</body>", userScript + "</body>", StringComparison.Ordinal));
        string dom = RenderedDom(path, folder.Path, waitForTimers: true);
        var probe = ProbeResult().Match(dom);
        Assert.True(probe.Success, $"the user script did not finish; DOM was:\n{dom}");
        return JsonDocument.Parse(System.Net.WebUtility.HtmlDecode(probe.Groups[1].Value));
    }

    [GeneratedRegex("""<script type="application/json" id="heapwise-data">(.*?)</script>""", RegexOptions.Singleline)]
    private static partial Regex DataScript();

    [GeneratedRegex("""<pre id="probe">(.*?)</pre>""", RegexOptions.Singleline)]
    private static partial Regex ProbeResult();
}
