using Heapwise.Profiles;

namespace Heapwise.Tests;

public sealed class SmokeTests
{
    [Fact]
    public void Builder_starts_string_table_with_empty_string()
    {
        var p = new ProfileBuilder(("alloc_space", "bytes")).Build();
        Assert.Equal(string.Empty, p.StringTable[0]);
    }
}
