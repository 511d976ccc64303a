using System.Globalization;
using Heapwise.Tests.Infrastructure;

namespace Heapwise.Tests.Analysis;

/// <summary>Runs the real <c>go tool pprof</c> (skipping the test where Go is missing, failing in CI).</summary>
internal static class GoPprof
{
    /// <summary>The output lines of <c>go tool pprof -top</c> with the given flags.</summary>
    public static string[] Top(string file, string? sampleIndex = null, bool cum = false, int nodeCount = 0, double? nodeFraction = null)
    {
        string go = ExternalTool.RequireGo();
        var arguments = new List<string> { "tool", "pprof", "-top" };
        if (sampleIndex is not null)
        {
            arguments.Add("-sample_index=" + sampleIndex);
        }

        if (cum)
        {
            arguments.Add("-cum");
        }

        if (nodeCount > 0)
        {
            arguments.Add("-nodecount=" + nodeCount.ToString(CultureInfo.InvariantCulture));
        }

        if (nodeFraction is not null)
        {
            arguments.Add("-nodefraction=" + nodeFraction.Value.ToString("R", CultureInfo.InvariantCulture));
        }

        arguments.Add(file);
        var result = ExternalTool.Run(go, arguments, environment: new Dictionary<string, string> { ["PPROF_TMPDIR"] = Path.GetTempPath() });
        Assert.True(result.ExitCode == 0, $"go tool pprof failed ({result.ExitCode}): {result.Stderr}");
        return Lines(result.Stdout);
    }

    /// <summary>The output lines of <c>go tool pprof</c> with <paramref name="flags"/> (e.g. <c>-top</c>, <c>-focus=Parse</c>) on <paramref name="file"/>.</summary>
    public static string[] Run(string file, params string[] flags) => Lines(RunRaw(file, flags));

    /// <summary>The raw standard output of <c>go tool pprof</c> with <paramref name="flags"/> on <paramref name="file"/>.</summary>
    public static string RunRaw(string file, params string[] flags)
    {
        var (exitCode, stdout, stderr) = TryRun(file, flags);
        Assert.True(exitCode == 0, $"go tool pprof {string.Join(' ', flags)} failed ({exitCode}): {stderr}");
        return stdout;
    }

    /// <summary>Runs <c>go tool pprof</c> with <paramref name="flags"/> on <paramref name="file"/>, failing or not.</summary>
    public static (int ExitCode, string Stdout, string Stderr) TryRun(string file, params string[] flags)
    {
        string go = ExternalTool.RequireGo();
        var arguments = new List<string> { "tool", "pprof" };
        arguments.AddRange(flags);
        arguments.Add(file);
        var result = ExternalTool.Run(go, arguments, environment: new Dictionary<string, string> { ["PPROF_TMPDIR"] = Path.GetTempPath() });
        return (result.ExitCode, result.Stdout, result.Stderr);
    }

    /// <summary>
    /// Lines to compare: trailing spaces removed (pprof leaves one after some headers) and the
    /// <c>Time:</c> line dropped, because its zone abbreviation depends on tzdata that .NET does not expose.
    /// </summary>
    public static string[] Lines(string output) =>
        [.. output.Split('\n')
            .Select(l => l.TrimEnd('\r', ' '))
            .Where(l => l.Length != 0 && !l.StartsWith("Time: ", StringComparison.Ordinal))];
}
