using Heapwise.Collection;

namespace Heapwise.Tests.Collection;

public sealed class TypeNameFormatterTests
{
    // Inputs are spelled as .NET 10 spells TypeName in AllocationSampled events.
    public static TheoryData<string, string> Cases => new()
    {
        { "System.Byte[]", "System.Byte[]" },
        { "System.String", "System.String" },
        { "System.Int32[,]", "System.Int32[,]" },
        { "System.String[][]", "System.String[][]" },
        { "System.Collections.Generic.Dictionary`2[System.String,System.Int32]", "System.Collections.Generic.Dictionary<System.String, System.Int32>" },
        { "Entry[System.Int32,System.Diagnostics.Tracing.EventSource+EventMetadata][]", "Entry<System.Int32, System.Diagnostics.Tracing.EventSource.EventMetadata>[]" },
        { "System.Collections.Generic.List`1[System.Collections.Generic.KeyValuePair`2[System.String,System.Int32]]", "System.Collections.Generic.List<System.Collections.Generic.KeyValuePair<System.String, System.Int32>>" },
        { "System.Collections.Generic.Dictionary`2+Entry[System.String,System.Int32][]", "System.Collections.Generic.Dictionary<System.String, System.Int32>.Entry[]" },
        { "App.Outer+Inner", "App.Outer.Inner" },
        { "System.Collections.Generic.List`1[[System.String, System.Private.CoreLib]]", "System.Collections.Generic.List<System.String>" },
        { "System.Nullable`1[System.Int32][]", "System.Nullable<System.Int32>[]" },
        { "", "" },
        { "Weird]name", "Weird]name" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Formats_type_names_as_csharp_spells_them(string runtimeName, string expected) =>
        Assert.Equal(expected, TypeNameFormatter.Format(runtimeName));
}
