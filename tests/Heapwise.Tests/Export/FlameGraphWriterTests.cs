using System.Text.Json;
using System.Text.RegularExpressions;
using Heapwise.Export;
using Heapwise.Tests.Infrastructure;

namespace Heapwise.Tests.Export;

public sealed partial class FlameGraphWriterTests
{
    private const string HostileName = "App.</script><script>alert(1)</script>&amp;<!--";

    [Fact]
    public void Page_references_nothing_on_the_network()
    {
        string html = FlameGraphWriter.ToHtml(CallTree.Build(ExportProfiles.Allocations()));

        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("http://", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("https://", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch(ExternalResource(), html);
    }

    [Fact]
    public void Embedded_names_are_escaped_and_come_back_intact()
    {
        var tree = CallTree.Build(ExportProfiles.Hostile(HostileName));

        string html = FlameGraphWriter.ToHtml(tree, new FlameGraphOptions { Title = "<b>title</b>" });

        Assert.DoesNotContain(HostileName, html, StringComparison.Ordinal);
        Assert.Equal(2, Regex.Count(html, "</script>")); // the page's own two scripts
        Assert.Contains("<title>&lt;b&gt;title&lt;/b&gt;</title>", html, StringComparison.Ordinal);
        using var data = EmbeddedData(html);
        Assert.Contains(HostileName, data.RootElement.GetProperty("names").EnumerateArray().Select(n => n.GetString()));
    }

    [Fact]
    public void Embedded_tree_has_the_values_of_the_call_tree()
    {
        var tree = CallTree.Build(ExportProfiles.Allocations());

        using var data = EmbeddedData(FlameGraphWriter.ToHtml(tree));

        var root = data.RootElement;
        Assert.Equal(tree.Total, root.GetProperty("total").GetInt64());
        Assert.Equal("bytes", root.GetProperty("unit").GetString());
        string[] names = [.. root.GetProperty("names").EnumerateArray().Select(n => n.GetString()!)];
        int[] nameIds = [.. root.GetProperty("n").EnumerateArray().Select(n => n.GetInt32())];
        int[] depths = [.. root.GetProperty("d").EnumerateArray().Select(n => n.GetInt32())];
        long[] totals = [.. root.GetProperty("v").EnumerateArray().Select(n => n.GetInt64())];
        Assert.Equal(tree.NodeCount, nameIds.Length);
        for (int i = 0; i < tree.NodeCount; i++)
        {
            Assert.Equal((tree[i].Name, tree[i].Depth, tree[i].Total), (names[nameIds[i]], depths[i], totals[i]));
        }
    }

    [Fact]
    public void Frames_below_the_minimum_fraction_are_left_out_with_their_callees()
    {
        var tree = CallTree.Build(ExportProfiles.Allocations());

        var stats = FlameGraphWriter.Write(tree, Stream.Null, new FlameGraphOptions { MinFrameFraction = 0.05 });

        // App.Walk (50 of 6450, under 5%) and its two recursive calls go; App.Parse/App.Token (400) stay.
        Assert.Equal(tree.NodeCount - 3, stats.Frames);
        Assert.Equal(3, stats.HiddenFrames);
        Assert.True(stats.Bytes > 0);
    }

    [Fact]
    public void WriteFile_reports_the_size_written()
    {
        using var folder = new TemporaryDirectory();
        string path = Path.Combine(folder.Path, "allocs.html");

        var stats = FlameGraphWriter.WriteFile(CallTree.Build(ExportProfiles.Allocations()), path);

        Assert.Equal(new FileInfo(path).Length, stats.Bytes);
        Assert.Single(Directory.GetFiles(folder.Path));
    }

    [Fact]
    public void Headless_chromium_renders_frames()
    {
        using var folder = new TemporaryDirectory();
        string path = Path.Combine(folder.Path, "allocs.html");
        FlameGraphWriter.WriteFile(CallTree.Build(ExportProfiles.Hostile(HostileName)), path, new FlameGraphOptions { Title = "allocs.pb.gz" });

        string dom = FlameGraphPages.RenderedDom(path, folder.Path);
        Assert.Contains("<title>allocs.pb.gz</title>", dom, StringComparison.Ordinal);
        var frames = FrameElement().Matches(dom);
        Assert.True(frames.Count >= 4, $"expected frame elements for all, App.Main and two callees; DOM was:\n{dom}");
        Assert.Contains(">App.Main<", dom, StringComparison.Ordinal);
        Assert.Contains("Total: 3kB", dom, StringComparison.Ordinal);

        // The hostile name is text in the DOM (escaped), never markup that ran.
        Assert.Contains("App.&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;", dom, StringComparison.Ordinal);
    }

    [Fact]
    public void Headless_chromium_search_zoom_and_tooltip_work()
    {
        // The page plus a script that acts like a user and records what the page shows.
        string html = FlameGraphWriter.ToHtml(CallTree.Build(ExportProfiles.Allocations()));
        using var seen = FlameGraphPages.Probe(html, UserScript);
        var r = seen.RootElement;
        Assert.Equal("Matched: 5.86kB (93.02% of total)", r.GetProperty("matches").GetString());
        Assert.Equal(1, r.GetProperty("highlighted").GetInt32());
        Assert.Equal("Zoomed into: App.Main \u2192 App.Parse  (400B, 6.20%)", r.GetProperty("path").GetString());
        Assert.False(r.GetProperty("resetDisabled").GetBoolean());
        Assert.True(r.GetProperty("parseFillsWidth").GetBoolean());
        Assert.False(r.GetProperty("loadShown").GetBoolean());
        Assert.Contains("total 400B (6.20% of all)", r.GetProperty("tooltip").GetString(), StringComparison.Ordinal);
        Assert.Equal(9, r.GetProperty("framesAfterReset").GetInt32());
    }

    private const string UserScript = """
        <script>
        (function () {
          function frame(name) {
            return Array.prototype.find.call(document.querySelectorAll('.frame'), function (e) { return e.textContent === name; });
          }
          var search = document.getElementById('search');
          search.value = 'Load';
          search.dispatchEvent(new Event('input'));
          setTimeout(function () {
            var seen = {};
            seen.matches = document.getElementById('matches').textContent;
            seen.highlighted = document.querySelectorAll('.frame.match').length;
            search.value = '';
            search.dispatchEvent(new Event('input'));
            frame('App.Parse').click();
            seen.path = document.getElementById('path').textContent;
            seen.resetDisabled = document.getElementById('reset').disabled;
            var parse = frame('App.Parse');
            seen.parseFillsWidth = Math.abs(parse.offsetWidth - document.getElementById('chart').clientWidth) <= 1;
            seen.loadShown = !!frame('App.Load');
            parse.dispatchEvent(new MouseEvent('mousemove', { bubbles: true, clientX: 20, clientY: 20 }));
            seen.tooltip = document.getElementById('tooltip').textContent;
            setTimeout(function () {
              document.getElementById('reset').click();
              seen.framesAfterReset = document.querySelectorAll('.frame').length;
              var out = document.createElement('pre');
              out.id = 'probe';
              out.textContent = JSON.stringify(seen);
              document.body.appendChild(out);
            }, 300);
          }, 500);
        })();
        </script>
        """;

    private static JsonDocument EmbeddedData(string html) => FlameGraphPages.EmbeddedData(html);

    [GeneratedRegex("""<div class="frame[^"]*"[^>]*data-i=""")]
    private static partial Regex FrameElement();

    [GeneratedRegex("""(src|href)\s*=\s*["']?(//|[a-z]+:)""", RegexOptions.IgnoreCase)]
    private static partial Regex ExternalResource();
}
