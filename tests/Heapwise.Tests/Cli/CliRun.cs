using Heapwise.Cli;

namespace Heapwise.Tests.Cli;

/// <summary>Runs <c>heapwise</c> in-process with captured output.</summary>
internal static class CliRun
{
    public static async Task<CliResult> InvokeAsync(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int exitCode = await CliApp.InvokeAsync(args, stdout, stderr, TestContext.Current.CancellationToken);
        return new CliResult(exitCode, stdout.ToString(), stderr.ToString());
    }
}

internal sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    public string[] StderrLines => Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
