using Heapwise.Benchstat;

namespace Heapwise.Cli.Rendering;

/// <summary>
/// benchstat's walk over tables: a blank line between tables, and before each table the configuration
/// lines ("goos: linux") whose values differ from the previous table's (all of them before the first).
/// </summary>
internal static class BenchstatConfigHeaders
{
    /// <summary>Calls <paramref name="writeHeader"/> with each header line (newline included) and <paramref name="writeTable"/> for each table.</summary>
    public static void Write(BenchstatReport report, Action<string> writeHeader, Action<BenchstatTable, int> writeTable)
    {
        var keys = new List<string>();
        foreach (var table in report.Tables)
        {
            foreach (var kv in table.Config)
            {
                if (!keys.Contains(kv.Key))
                {
                    keys.Add(kv.Key);
                }
            }
        }

        BenchstatTable? previous = null;
        for (int i = 0; i < report.Tables.Count; i++)
        {
            var table = report.Tables[i];
            if (i > 0)
            {
                writeHeader("\n");
            }

            foreach (string key in keys)
            {
                string value = ValueOf(table, key);
                if (previous is null || value != ValueOf(previous, key))
                {
                    writeHeader($"{key}: {value}\n");
                }
            }

            previous = table;
            writeTable(table, i);
        }
    }

    private static string ValueOf(BenchstatTable table, string key) =>
        table.Config.FirstOrDefault(kv => kv.Key == key).Value ?? "";
}
