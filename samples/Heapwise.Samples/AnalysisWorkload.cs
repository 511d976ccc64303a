using System.Text;

namespace Heapwise.Samples;

/// <summary>
/// Analyses an access log of 300,000 lines (<c>user0042 login 1832</c>): request count and bytes per
/// user and action, and the median bytes of each 64 KiB chunk. The naive variant copies every chunk,
/// line and field into new strings and builds each key by concatenation; the optimized one slices
/// spans of the log, builds keys in a stack buffer, looks them up through the dictionary's
/// <see cref="ReadOnlySpan{T}"/> alternate lookup, and sizes its collections up front.
/// </summary>
public static partial class AnalysisWorkload
{
    internal const int ChunkChars = 64 * 1024;
    private const int Seed = 42;
    private const int LineCount = 300_000;
    private const int UserCount = 2_000;
    private static readonly string[] Actions = ["login", "logout", "view", "search", "purchase", "refund", "upload", "download"];

    // The log is made once per process: both variants analyse the same text, and making it is not the
    // work this workload is about.
    private static readonly string Log = CreateLog(LineCount, Seed);

    /// <summary>Analyses the log the naive way; returns a checksum of the result.</summary>
    public static ulong AnalyzeNaive() => AnalyzeNaive(Log).Checksum();

    /// <summary>Analyses the log without per-line copies; returns the same checksum as <see cref="AnalyzeNaive()"/>.</summary>
    public static ulong AnalyzeOptimized() => AnalyzeOptimized(Log).Checksum();

    /// <summary>Where each chunk ends: 64 KiB after its start, moved back to just past the last line break.</summary>
    private static int ChunkEnd(string text, int start)
    {
        int end = Math.Min(start + ChunkChars, text.Length);
        if (end == text.Length)
        {
            return end;
        }

        int lastBreak = text.AsSpan(start, end - start).LastIndexOf('\n');
        return lastBreak < 0 ? end : start + lastBreak + 1;
    }

    internal static string CreateLog(int lineCount, int seed)
    {
        var random = new Random(seed);
        var log = new StringBuilder(lineCount * 24);
        for (int i = 0; i < lineCount; i++)
        {
            // Squaring skews toward low user numbers: some users are far busier than others.
            int user = (int)(UserCount * Math.Pow(random.NextDouble(), 2));
            string action = Actions[random.Next(Actions.Length)];
            int bytes = random.Next(64, 65_536);
            log.Append("user").Append(user.ToString("D4", System.Globalization.CultureInfo.InvariantCulture))
                .Append(' ').Append(action).Append(' ').Append(bytes).Append('\n');
        }

        return log.ToString();
    }
}
