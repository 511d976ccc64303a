using Heapwise.Export;
using Heapwise.Tests.Analysis;
using Heapwise.Tests.Infrastructure;

namespace Heapwise.Tests.Export;

public sealed class FoldedStacksWriterTests
{
    [Fact]
    public void Folded_lines_match_the_golden_text()
    {
        var tree = CallTree.Build(ExportProfiles.Allocations());

        string text = FoldedStacksWriter.ToText(tree);

        Assert.Equal(
            """
            App.Main;App.Load 1000
            App.Main;App.Load;App.Read 5000
            App.Main;App.Parse;App.Token 400
            App.Main;App.Walk;App.Walk;App.Walk 50

            """.ReplaceLineEndings("\n"),
            text);
    }

    [Fact]
    public void Folded_values_sum_to_the_total_for_the_chosen_sample_index()
    {
        var tree = CallTree.Build(ExportProfiles.Allocations(), new CallTreeOptions { SampleIndex = "alloc_objects" });

        long sum = FoldedStacksWriter.ToText(tree).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Sum(line => long.Parse(line[(line.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(15, sum);
    }

    [Fact]
    public void Separators_in_names_cannot_split_frames()
    {
        var profile = new StackProfile(ExportProfiles.AllocTypes).Add("App.Main;Odd;Name", 1, 10).Build();
        profile.StringTable[(int)profile.Function[2].Name] = "Odd;Name\nWith break";

        string text = FoldedStacksWriter.ToText(CallTree.Build(profile));

        Assert.Equal("App.Main;Odd;Odd:Name With break 10\n", text);
    }

    [Fact]
    public void WriteFile_writes_the_same_text()
    {
        using var folder = new TemporaryDirectory();
        var tree = CallTree.Build(ExportProfiles.Allocations());
        string path = Path.Combine(folder.Path, "allocs.folded");

        FoldedStacksWriter.WriteFile(tree, path);

        Assert.Equal(FoldedStacksWriter.ToText(tree), File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(folder.Path)); // no temporary file left behind
    }
}
