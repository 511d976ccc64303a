using Heapwise.Analysis;

namespace Heapwise.Tests.Analysis;

public sealed class MeasurementFormatTests
{
    // Expected strings are what go tool pprof (Go 1.19) prints for the same values.
    [Theory]
    [InlineData(0, "bytes", "0")]
    [InlineData(100, "bytes", "100B")]
    [InlineData(1023, "bytes", "1023B")]
    [InlineData(1024, "bytes", "1kB")]
    [InlineData(1536, "bytes", "1.50kB")]
    [InlineData(512 * 1024, "bytes", "512kB")]
    [InlineData(1_572_864, "bytes", "1.50MB")]
    [InlineData(3L << 30, "bytes", "3GB")]
    [InlineData(-1536, "bytes", "-1.50kB")]
    [InlineData(1234, "count", "1234")]
    [InlineData(7, "objects", "7")]
    [InlineData(500, "nanoseconds", "500ns")]
    [InlineData(1500, "nanoseconds", "1.50us")]
    [InlineData(10_000_000, "nanoseconds", "10ms")]
    [InlineData(1_500_000_000, "nanoseconds", "1.50s")]
    [InlineData(7_200_000_000_000, "nanoseconds", "2hrs")]
    [InlineData(10, "milliseconds", "10ms")]
    public void Label_prints_values_in_the_most_readable_unit(long value, string unit, string expected) =>
        Assert.Equal(expected, MeasurementFormat.Label(value, unit));

    [Theory]
    [InlineData(1_572_864, "bytes", "kB", "1536kB")]
    [InlineData(1_572_864, "bytes", "MB", "1.50MB")]
    [InlineData(100, "bytes", "MB", "0")]
    [InlineData(10_486, "bytes", "MB", "0.01MB")]
    [InlineData(5_000_000, "nanoseconds", "s", "0.01s")]
    [InlineData(1234, "count", "count", "1234")]
    [InlineData(1234, "bytes", "furlongs", "1234B")]
    [InlineData(7, "objects", "objects", "7objects")] // units pprof does not know are printed as given
    public void ScaledLabel_converts_to_the_requested_unit(long value, string from, string to, string expected) =>
        Assert.Equal(expected, MeasurementFormat.ScaledLabel(value, from, to));

    [Theory]
    [InlineData(1, 3, "33.33%")]
    [InlineData(0, 10, "    0%")]
    [InlineData(1, 2000, " 0.05%")]
    [InlineData(1, 1, "  100%")]
    [InlineData(9996, 10000, "  100%")]
    [InlineData(9994, 10000, "99.94%")]
    [InlineData(1, 200_000, "0.0005%")]
    [InlineData(1, 10_000_000, "1e-05%")]
    [InlineData(-1, 4, "25.00%")]
    [InlineData(5, 0, "    0%")]
    public void Percentage_matches_pprof(long value, long total, string expected) =>
        Assert.Equal(expected, MeasurementFormat.Percentage(value, total));

    [Theory]
    [InlineData(100, 1_000_000, "bytes", "kB")] // 100B is under 1% of ~1MB: scale up so it prints as 0.10kB
    [InlineData(600, 1000, "bytes", "B")]
    [InlineData(0, 5 << 20, "bytes", "MB")]
    [InlineData(3, 1_000_000, "count", "count")]
    [InlineData(10_000_000, 1_500_000_000, "nanoseconds", "s")] // 10ms is under 1% of 1.5s: prints as 0.01s
    [InlineData(20_000_000, 1_500_000_000, "nanoseconds", "ms")]
    public void SelectOutputUnit_picks_the_unit_pprof_picks(long smallest, long largest, string unit, string expected) =>
        Assert.Equal(expected, MeasurementFormat.SelectOutputUnit(smallest, largest, unit));
}
