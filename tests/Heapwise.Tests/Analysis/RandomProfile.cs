using CsCheck;
using Heapwise.Profiles;

namespace Heapwise.Tests.Analysis;

/// <summary>
/// A random profile and report options for cross-checking with pprof: stacks with recursion and
/// inlined frames, names that sort differently by case, values spanning many units' magnitudes,
/// zeros and (sometimes) negative values as in diff profiles.
/// </summary>
internal sealed record RandomProfile(string[] Stacks, long[][] Values, string Unit, string? SampleIndex, bool Cum, int NodeCount)
{
    private static readonly string[] Names =
        ["main", "a.Alloc", "a.alloc", "B.Grow", "b.grow", "c.Parse", "c.Parse2", "d.Lambda", "e.Run", "f.Do", "g.x", "runtime.mallocgc", "Ünicode.Name"];

    public static Gen<RandomProfile> Generator { get; } = CreateGenerator();

    public Profile Build()
    {
        var builder = new StackProfile(("objects", "count"), ("space", Unit));
        for (int i = 0; i < Stacks.Length; i++)
        {
            builder.Add(Stacks[i], Values[i]);
        }

        return builder.Build(module: "/bin/app");
    }

    public override string ToString() =>
        $"unit={Unit} index={SampleIndex ?? "default"} cum={Cum} nodecount={NodeCount}\n" +
        string.Join('\n', Stacks.Select((s, i) => $"  {s} {string.Join(' ', Values[i])}"));

    private static Gen<RandomProfile> CreateGenerator()
    {
        var group = Gen.OneOf(Names).Array[1, 3].Select(frames => string.Join('>', frames));
        var stack = group.Array[1, 6].Select(groups => string.Join(';', groups));
        var magnitude = Gen.Frequency(
            (1, (IGen<long>)Gen.Const(0L)),
            (4, Gen.Long[1, 2_000]),
            (4, Gen.Long[2_000, 1L << 32]),
            (1, Gen.Long[1L << 32, 1L << 42]));
        var sample = Gen.Select(stack, magnitude, magnitude, (s, v1, v2) => (Stack: s, Values: new[] { v1, v2 }));
        var options = Gen.Select(
            Gen.OneOf("count", "bytes", "nanoseconds"),
            Gen.OneOf<string?>(null, "0", "1", "objects", "space"),
            Gen.Bool,
            Gen.Frequency((3, (IGen<int>)Gen.Const(0)), (2, Gen.Int[1, 6])));
        var negate = Gen.Frequency((5, (IGen<bool>)Gen.Const(false)), (1, Gen.Bool.Array[1, 1].Select(_ => true)));
        return Gen.Select(sample.Array[1, 40], options, negate, Gen.Int.Array[40, 40], (samples, o, neg, signs) =>
        {
            var values = samples.Select((s, i) => neg && signs[i] % 3 == 0 ? s.Values.Select(v => -v).ToArray() : s.Values).ToArray();
            return new RandomProfile([.. samples.Select(s => s.Stack)], values, o.Item1, o.Item2, o.Item3, o.Item4);
        });
    }
}
