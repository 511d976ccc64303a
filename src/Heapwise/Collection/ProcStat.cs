namespace Heapwise.Collection;

/// <summary>Reads Linux's <c>/proc/.../stat</c> files (of a process or of one of its threads).</summary>
internal static class ProcStat
{
    /// <summary>
    /// The fields after the command name of the stat file at <paramref name="path"/>: the state (<c>R</c>, <c>S</c>,
    /// <c>Z</c>, ...) first, utime 12th, stime 13th; <see langword="null"/> when the file is gone, unreadable or malformed.
    /// The command name is in parentheses and may hold spaces and parentheses itself, so the fields follow the last ')'.
    /// </summary>
    public static string[]? FieldsAfterName(string path)
    {
        try
        {
            string stat = File.ReadAllText(path);
            int close = stat.LastIndexOf(')');
            return close >= 0 && close + 2 < stat.Length ? stat[(close + 2)..].Split(' ') : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null; // The process or thread ended meanwhile, or is not ours to read.
        }
    }
}
