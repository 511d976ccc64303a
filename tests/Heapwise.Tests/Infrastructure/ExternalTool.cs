using System.Diagnostics;

namespace Heapwise.Tests.Infrastructure;

/// <summary>
/// Finds and runs the real external tools tests compare against (go tool pprof, ...).
/// Where a tool is missing the test is skipped with the reason, except in CI
/// (environment variable CI=true), where a missing tool fails the test: CI must install it.
/// </summary>
internal static class ExternalTool
{
    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Path of the <c>go</c> command, or skips (fails in CI) when it is not installed.</summary>
    public static string RequireGo() => Require("go", "install Go (Debian: apt-get install golang-go)");

    /// <summary>Path of <paramref name="name"/> on PATH, or skips (fails in CI) saying how to install it.</summary>
    public static string Require(string name, string howToInstall)
    {
        string? path = FindOnPath(name);
        if (path is not null)
        {
            return path;
        }

        string reason = $"'{name}' is not on PATH: {howToInstall}.";
        if (InCi)
        {
            Assert.Fail(reason + " CI must install it (.ci/run).");
        }

        Assert.Skip(reason);
        return string.Empty; // not reached
    }

    public static string? FindOnPath(string name)
    {
        foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator))
        {
            string candidate = Path.Combine(dir, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>Runs a command to completion and returns its exit code and output. Fails the test on timeout.</summary>
    public static ToolResult Run(string fileName, IEnumerable<string> arguments, string? workingDirectory = null,
        IReadOnlyDictionary<string, string>? environment = null, TimeSpan? timeout = null)
    {
        var psi = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (string a in arguments)
        {
            psi.ArgumentList.Add(a);
        }

        if (environment is not null)
        {
            foreach (var (k, v) in environment)
            {
                psi.Environment[k] = v;
            }
        }

        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {fileName}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout ?? TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{fileName} {string.Join(' ', arguments)} did not finish in time.");
        }

        process.WaitForExit();
        return new ToolResult(process.ExitCode, stdout.Result, stderr.Result);
    }
}

internal sealed record ToolResult(int ExitCode, string Stdout, string Stderr);
