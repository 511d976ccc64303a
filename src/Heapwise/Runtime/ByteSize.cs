using System.Globalization;

namespace Heapwise.Runtime;

/// <summary>Byte counts as people read them in monitors and messages.</summary>
public static class ByteSize
{
    /// <summary><c>512 B</c>, <c>3.4 MB</c>, <c>1.2 GB</c>: powers of 1024, one decimal at most.</summary>
    public static string Format(long bytes)
    {
        string[] units = ["B", "KB", "MB", "GB", "TB"];
        double value = bytes;
        int unit = 0;
        while (Math.Abs(value) >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }

        return unit == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{bytes} B")
            : string.Create(CultureInfo.InvariantCulture, $"{value:0.#} {units[unit]}");
    }
}
