using Heapwise.Cli.Parsing;

namespace Heapwise.Tests.Cli;

public sealed class GoDurationTests
{
    [Theory]
    [InlineData("30s", 30_000)]
    [InlineData("2m", 120_000)]
    [InlineData("500ms", 500)]
    [InlineData("1h", 3_600_000)]
    [InlineData("1h30m", 5_400_000)]
    [InlineData("1.5s", 1_500)]
    [InlineData(".5s", 500)]
    [InlineData("2m0.5s", 120_500)]
    [InlineData("1500us", 1.5)]
    [InlineData("1500µs", 1.5)]
    [InlineData("0", 0)]
    [InlineData("+10s", 10_000)]
    public void Parses_go_durations(string text, double milliseconds)
    {
        Assert.True(GoDuration.TryParse(text, out var duration));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), duration);
    }

    [Theory]
    [InlineData("")]
    [InlineData("30")]
    [InlineData("s")]
    [InlineData("30x")]
    [InlineData("30 s")]
    [InlineData("-5s")]
    [InlineData("1.2.3s")]
    [InlineData("five seconds")]
    [InlineData("00:30")]
    [InlineData("99999999999999h")]
    public void Rejects_what_go_rejects(string text) =>
        Assert.False(GoDuration.TryParse(text, out _));

    [Theory]
    [InlineData(30_000, "30s")]
    [InlineData(500, "500ms")]
    [InlineData(90_000, "1m30s")]
    [InlineData(3_600_000, "1h0m0s")]
    [InlineData(1_500, "1.5s")]
    public void Formats_as_go_does(double milliseconds, string expected) =>
        Assert.Equal(expected, GoDuration.Format(TimeSpan.FromMilliseconds(milliseconds)));
}
