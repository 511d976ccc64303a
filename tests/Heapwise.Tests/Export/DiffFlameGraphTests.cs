using Heapwise.Export;
using Heapwise.Profiles;
using Heapwise.Tests.Analysis;
using Heapwise.Tests.Cli;
using Heapwise.Tests.Infrastructure;

namespace Heapwise.Tests.Export;

/// <summary>The difference flame graph (<c>flamegraph --diff-base</c>): tree values, page data, colours in a real browser.</summary>
public sealed class DiffFlameGraphTests
{
    private static Profile After() =>
        new StackProfile(("space", "bytes")).Add("main;f", 3000).Add("main;g", 1000).Add("main;h", 500).Build();

    private static Profile Before() =>
        new StackProfile(("space", "bytes")).Add("main;f", 1000).Add("main;g", 2500).Add("main;k", 200).Build();

    [Fact]
    public void Diff_tree_has_both_values_as_width_and_the_change()
    {
        var tree = CallTree.BuildDiff([After()], [Before()]);

        Assert.True(tree.IsDiff);
        Assert.Equal(8200, tree.Total);
        Assert.Equal(800, tree.DeltaOf(0));
        var main = tree.Root.Child("main")!.Value;
        var byName = main.Children.ToDictionary(c => c.Name, c => (c.Total, tree.DeltaOf(c.Index)));
        Assert.Equal((4000L, 2000L), byName["f"]);
        Assert.Equal((3500L, -1500L), byName["g"]);
        Assert.Equal((500L, 500L), byName["h"]);
        Assert.Equal((200L, -200L), byName["k"]);
    }

    [Fact]
    public void Page_embeds_the_changes()
    {
        string html = FlameGraphWriter.ToHtml(CallTree.BuildDiff([After()], [Before()]));

        using var data = FlameGraphPages.EmbeddedData(html);
        var dv = data.RootElement.GetProperty("dv").EnumerateArray().Select(e => e.GetInt64()).ToList();
        Assert.Contains(dv, d => d > 0);
        Assert.Contains(dv, d => d < 0);
        using var plain = FlameGraphPages.EmbeddedData(FlameGraphWriter.ToHtml(CallTree.Build([After()])));
        Assert.False(plain.RootElement.TryGetProperty("dv", out _));
    }

    [Fact]
    public async Task Cli_writes_a_diff_page()
    {
        using var folder = new TemporaryDirectory();
        string after = Path.Combine(folder.Path, "after.pb.gz"), before = Path.Combine(folder.Path, "before.pb.gz");
        PprofWriter.WriteFile(After(), after);
        PprofWriter.WriteFile(Before(), before);
        string output = Path.Combine(folder.Path, "diff.html");

        var result = await CliRun.InvokeAsync("flamegraph", "--diff-base", before, "-o", output, after);

        Assert.True(result.ExitCode == 0, result.Stderr);
        using var data = FlameGraphPages.EmbeddedData(File.ReadAllText(output));
        Assert.True(data.RootElement.TryGetProperty("dv", out _));
    }

    [Fact]
    public async Task Cli_refuses_an_incompatible_base_in_one_line()
    {
        using var folder = new TemporaryDirectory();
        string after = Path.Combine(folder.Path, "after.pb.gz"), before = Path.Combine(folder.Path, "before.pb.gz");
        PprofWriter.WriteFile(After(), after);
        PprofWriter.WriteFile(new StackProfile(("cpu", "nanoseconds")).Add("main;f", 10).Build(), before);

        var result = await CliRun.InvokeAsync("flamegraph", "--diff-base", before, "-o", Path.Combine(folder.Path, "x.html"), after);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(
            $"heapwise: cannot compare '{after}' with base '{before}': their sample types differ (space/bytes vs cpu/nanoseconds).",
            Assert.Single(result.StderrLines));
    }

    [Fact]
    public void Headless_chromium_colours_grown_and_shrunk_frames()
    {
        string html = FlameGraphWriter.ToHtml(CallTree.BuildDiff([After()], [Before()]));
        using var seen = FlameGraphPages.Probe(html, UserScript);
        var r = seen.RootElement;
        Assert.Equal(4, r.GetProperty("grew").GetInt32());   // all, main, f, h: all and main grew too
        Assert.Equal(2, r.GetProperty("shrank").GetInt32()); // g, k
        Assert.Contains("change -1.46kB (before 2.44kB, after 1000B)", r.GetProperty("tooltip").GetString(), StringComparison.Ordinal);
        Assert.Contains("Difference: change +800B", r.GetProperty("summary").GetString(), StringComparison.Ordinal);
    }

    private const string UserScript = """
        <script>
        (function () {
          setTimeout(function () {
            var seen = {};
            seen.grew = document.querySelectorAll('.frame.grew').length;
            seen.shrank = document.querySelectorAll('.frame.shrank').length;
            var g = Array.prototype.find.call(document.querySelectorAll('.frame'), function (e) { return e.textContent === 'g'; });
            g.dispatchEvent(new MouseEvent('mousemove', { bubbles: true, clientX: 20, clientY: 20 }));
            seen.tooltip = document.getElementById('tooltip').textContent;
            seen.summary = document.getElementById('summary').textContent;
            var out = document.createElement('pre');
            out.id = 'probe';
            out.textContent = JSON.stringify(seen);
            document.body.appendChild(out);
          }, 300);
        })();
        </script>
        """;
}
