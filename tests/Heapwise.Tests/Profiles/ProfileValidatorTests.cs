using Heapwise.Profiles;

namespace Heapwise.Tests.Profiles;

public sealed class ProfileValidatorTests
{
    public static TheoryData<string, string> Breakages => new()
    {
        { "string table without empty first entry", "string_table[0]" },
        { "sample type name out of range", "sample_type.type" },
        { "sample with too few values", "values but the profile has" },
        { "sample pointing at a missing location", "refers to location" },
        { "location pointing at a missing function", "refers to function" },
        { "location pointing at a missing mapping", "refers to mapping" },
        { "function id defined twice", "defined twice" },
        { "label key out of range", "label.key" },
        { "comment out of range", "comment" },
    };

    [Theory]
    [MemberData(nameof(Breakages))]
    public void Each_broken_reference_is_reported(string breakage, string expected)
    {
        Profile p = Valid();
        switch (breakage)
        {
            case "string table without empty first entry": p.StringTable[0] = "x"; break;
            case "sample type name out of range": p.SampleType[0].Type = 999; break;
            case "sample with too few values": p.Sample[0].Value.RemoveAt(0); break;
            case "sample pointing at a missing location": p.Sample[0].LocationId.Add(77); break;
            case "location pointing at a missing function": p.Location[0].Line[0].FunctionId = 77; break;
            case "location pointing at a missing mapping": p.Location[0].MappingId = 77; break;
            case "function id defined twice": p.Function.Add(p.Function[0].Clone()); break;
            case "label key out of range": p.Sample[0].Label.Add(new Label { Key = -1 }); break;
            case "comment out of range": p.Comment.Add(1000); break;
        }

        var e = Assert.Throws<PprofFormatException>(() => ProfileValidator.Validate(p));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_built_profile_is_valid() => ProfileValidator.Validate(Valid());

    private static Profile Valid()
    {
        var b = new ProfileBuilder(("alloc_objects", "count"), ("alloc_space", "bytes"));
        ulong leaf = b.Location(b.Function("App.Leaf", "Leaf.cs"), 3, b.Mapping("App.dll"));
        ulong root = b.Location(b.Function("App.Main", "Program.cs"), 9);
        b.AddSample([leaf, root], [2, 64], [b.Label("type", "System.Object")]);
        return b.Build();
    }
}
