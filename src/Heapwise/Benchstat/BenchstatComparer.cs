namespace Heapwise.Benchstat;

/// <summary>
/// Builds benchstat's report from benchmark inputs, as golang.org/x/perf's benchstat with its default
/// projections (-table .config, -row .fullname, -col .file): a table per file configuration and unit,
/// a row per benchmark, a column per input, the first input the baseline.
/// </summary>
public static class BenchstatComparer
{
    /// <summary>Summarizes and compares <paramref name="inputs"/> (the first is the baseline; inputs with the same label share a column).</summary>
    /// <exception cref="HeapwiseException">No input, or no benchmark left after the name filter.</exception>
    public static BenchstatReport Compare(IReadOnlyList<BenchmarkFile> inputs, BenchstatOptions options)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(options);
        if (inputs.Count == 0)
        {
            throw new HeapwiseException("No benchmark inputs; pass at least one file (two or more to compare).");
        }

        var exactUnits = new HashSet<string>(inputs.SelectMany(f => f.ExactUnits), StringComparer.Ordinal);
        // Inputs with the same label share a column, as in benchstat (label=path arguments can merge files).
        string[] labels = [.. inputs.Select(f => f.Label).Distinct()];
        int[] columnOf = [.. inputs.Select(f => Array.IndexOf(labels, f.Label))];

        // Group values by table (config + unit), then row (name), then column, keeping first-seen order.
        var tables = new List<TableBuilder>();
        var nameOrder = new Dictionary<string, int>(StringComparer.Ordinal);
        var tableIndex = new Dictionary<string, TableBuilder>(StringComparer.Ordinal);
        IReadOnlyList<KeyValuePair<string, string>>? lastConfig = null;
        string lastConfigKey = "";
        for (int column = 0; column < inputs.Count; column++)
        {
            foreach (var m in inputs[column].Measurements)
            {
                if (options.NameFilter is { } filter && !filter.IsMatch(m.Name))
                {
                    continue;
                }

                // Parsers share one config list between the measurements it applies to: join it once per list.
                if (!ReferenceEquals(m.Config, lastConfig))
                {
                    lastConfig = m.Config;
                    lastConfigKey = string.Join('\n', m.Config.Select(kv => kv.Key + ": " + kv.Value)) + "\n\u0001";
                }

                string key = lastConfigKey + m.Unit;
                if (!tableIndex.TryGetValue(key, out var table))
                {
                    table = new TableBuilder(m.Config, m.Unit, labels.Length);
                    tableIndex.Add(key, table);
                    tables.Add(table);
                }

                nameOrder.TryAdd(m.Name, nameOrder.Count);
                table.Add(m.Name, columnOf[column], m.Value);
            }
        }

        if (tables.Count == 0)
        {
            throw new HeapwiseException($"No benchmark matches the filter '{options.NameFilter}'; check the pattern against the benchmark names in the inputs.");
        }

        // benchstat orders tables by their configuration values (ordinally, key by key in the order the keys
        // first appear; it records no first-seen order for them), then by unit in first-seen order.
        var configKeys = tables.SelectMany(t => t.Config.Select(kv => kv.Key)).Distinct().ToList();
        var unitOrder = tables.Select(t => t.Unit).Distinct().Select((unit, i) => (unit, i)).ToDictionary(x => x.unit, x => x.i);
        var ordered = tables
            .OrderBy(t => string.Join('\u0000', configKeys.Select(k => t.Config.FirstOrDefault(kv => kv.Key == k).Value ?? "")), StringComparer.Ordinal)
            .ThenBy(t => unitOrder[t.Unit]);
        return new BenchstatReport([.. ordered.Select(t => t.Build(labels, nameOrder, exactUnits.Contains(t.Unit), options))], options);
    }

    private sealed class TableBuilder(IReadOnlyList<KeyValuePair<string, string>> config, string unit, int columnCount)
    {
        private readonly List<string> _rowNames = [];
        private readonly Dictionary<string, List<double>?[]> _values = new(StringComparer.Ordinal);

        public string Unit => unit;

        public IReadOnlyList<KeyValuePair<string, string>> Config => config;

        public void Add(string name, int column, double value)
        {
            if (!_values.TryGetValue(name, out var row))
            {
                row = new List<double>?[columnCount];
                _values.Add(name, row);
                _rowNames.Add(name);
            }

            (row[column] ??= []).Add(value);
        }

        // As benchstat: a table's columns are the inputs that have values in it (the first of them is
        // the baseline), its rows the benchmarks in the order they were first seen in any table.
        public BenchstatTable Build(string[] labels, Dictionary<string, int> nameOrder, bool exact, BenchstatOptions options)
        {
            int[] present = [.. Enumerable.Range(0, columnCount).Where(c => _values.Values.Any(v => v[c] is not null))];
            string[] columns = [.. present.Select(c => labels[c])];
            var rows = new List<BenchstatRow>();
            foreach (string name in _rowNames.OrderBy(n => nameOrder[n]))
            {
                var values = _values[name];
                var cells = new BenchstatCell?[present.Length];
                SampleSummary? baseline = null;
                for (int column = 0; column < present.Length; column++)
                {
                    if (values[present[column]] is not { } sample)
                    {
                        continue;
                    }

                    var summary = exact ? SampleSummary.Exact(sample) : SampleSummary.Median(sample, options.Confidence);
                    SampleComparison? comparison = null;
                    if (column == 0)
                    {
                        baseline = summary;
                    }
                    else if (baseline is not null)
                    {
                        comparison = exact ? SampleComparison.Exact(baseline, summary) : SampleComparison.Test(baseline, summary, options.Alpha);
                    }

                    cells[column] = new BenchstatCell(summary, comparison);
                }

                rows.Add(new BenchstatRow(name, cells));
            }

            int baselineRows = rows.Count(r => r.Cells[0] is not null);
            var summaries = new BenchstatColumnSummary[present.Length];
            for (int column = 0; column < present.Length; column++)
            {
                summaries[column] = Summarize(rows, column, baselineRows);
            }

            return new BenchstatTable(config, unit, exact, columns, rows, summaries);
        }

        // benchstat's summarizeCol: geomean of centers; geomean of ratios to the baseline (1 where equal).
        private static BenchstatColumnSummary Summarize(List<BenchstatRow> rows, int column, int baselineRows)
        {
            var centers = new List<double>();
            var ratios = new List<double>();
            bool badRatio = false;
            foreach (var row in rows)
            {
                if (row.Cells[column] is not { } cell)
                {
                    continue;
                }

                centers.Add(cell.Summary.Center);
                if (cell.Comparison is { } comparison)
                {
                    double a = cell.Summary.Center, b = comparison.Baseline.Center;
                    if (a == b)
                    {
                        ratios.Add(1);
                    }
                    else if (b == 0)
                    {
                        badRatio = true;
                        ratios.Add(0);
                    }
                    else
                    {
                        ratios.Add(a / b);
                    }
                }
            }

            var warnings = new List<string>();
            bool isBase = column == 0;
            if (!isBase && baselineRows != ratios.Count)
            {
                warnings.Add("benchmark set differs from baseline; geomeans may not be comparable");
            }

            double? geomean = null;
            double gm = BenchstatMath.GeometricMean(centers);
            if (double.IsNaN(gm))
            {
                warnings.Add("summaries must be >0 to compute geomean");
            }
            else
            {
                geomean = gm;
            }

            double? ratio = null;
            if (!isBase && !badRatio)
            {
                double gr = BenchstatMath.GeometricMean(ratios);
                if (double.IsNaN(gr))
                {
                    warnings.Add("ratios must be >0 to compute geomean");
                }
                else
                {
                    ratio = gr;
                }
            }

            return new BenchstatColumnSummary(geomean, ratio, warnings);
        }
    }
}
