using Heapwise.Analysis;

namespace Heapwise.Tests.Analysis;

public sealed class GoFloatFormatTests
{
    [Theory]
    [InlineData(0.125, 2, "0.12")] // exact tie: half to even, unlike .NET's "F2"
    [InlineData(0.375, 2, "0.38")]
    [InlineData(1.015, 2, "1.01")] // 1.015 is 1.01499999... in binary
    [InlineData(2.5, 0, "2")]
    [InlineData(3.5, 0, "4")]
    [InlineData(0.0001, 2, "0.00")]
    [InlineData(0.009, 2, "0.01")]
    [InlineData(99.999, 2, "100.00")]
    [InlineData(0, 2, "0.00")]
    [InlineData(-1.5, 1, "-1.5")]
    [InlineData(123456789012.0, 2, "123456789012.00")]
    public void Fixed_rounds_the_exact_binary_value_half_to_even(double value, int decimals, string expected) =>
        Assert.Equal(expected, GoFloatFormat.Fixed(value, decimals));

    [Theory]
    [InlineData(0.5, 2, "0.5")]
    [InlineData(0.0123, 2, "0.012")]
    [InlineData(0, 2, "0")]
    [InlineData(0.99999, 2, "1")]
    [InlineData(0.00001, 2, "1e-05")]
    [InlineData(0.000012345, 2, "1.2e-05")]
    [InlineData(123, 2, "1.2e+02")]
    [InlineData(12, 2, "12")]
    public void General_follows_go_g_verb(double value, int precision, string expected) =>
        Assert.Equal(expected, GoFloatFormat.General(value, precision));
}
