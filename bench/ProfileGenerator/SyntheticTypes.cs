using Heapwise.Profiles;

namespace Heapwise.Bench.ProfileGenerator;

/// <summary>
/// The allocated types: names, a typical size each (arrays and strings vary per object, up to 1 MiB;
/// other objects have a fixed size) and the two types each allocator usually allocates.
/// </summary>
internal sealed class SyntheticTypes
{
    private readonly Label[] _labels;
    private readonly long[] _baseSize;
    private readonly bool[] _variable;
    private readonly int[] _primary;
    private readonly int[] _secondary;

    public SyntheticTypes(GeneratorOptions options, ProfileBuilder builder, SkewedRandom random)
    {
        _labels = new Label[options.Types];
        _baseSize = new long[options.Types];
        _variable = new bool[options.Types];
        for (int t = 0; t < options.Types; t++)
        {
            string name = SyntheticNames.Type(t);
            _labels[t] = builder.Label("type", name);
            _variable[t] = name.EndsWith("[]", StringComparison.Ordinal) || name == "System.String";

            // Log-uniform with a squared skew: most objects are small, a few arrays are large.
            double logSize = _variable[t] ? Math.Log(32) + (Math.Pow(random.Next(), 2) * (Math.Log(1 << 20) - Math.Log(32))) : Math.Log(24) + (random.Next() * (Math.Log(200) - Math.Log(24)));
            _baseSize[t] = Math.Max(24, (long)Math.Exp(logSize) / 8 * 8);
        }

        _primary = new int[options.AllocatorCount];
        _secondary = new int[options.AllocatorCount];
        for (int a = 0; a < options.AllocatorCount; a++)
        {
            _primary[a] = random.Index(options.Types, 2.5);
            _secondary[a] = random.Index(options.Types, 1.5);
        }
    }

    /// <summary>A type for a sample at <paramref name="allocator"/>: usually its primary type.</summary>
    public int Pick(SkewedRandom random, int allocator) => random.Next() < 0.8 ? _primary[allocator] : _secondary[allocator];

    /// <summary>Size of the sampled object: fixed for plain objects, 0.5–1.5 times typical for arrays and strings.</summary>
    public long SampleSize(SkewedRandom random, int type) =>
        _variable[type] ? Math.Max(24, (long)(_baseSize[type] * (0.5 + random.Next())) / 8 * 8) : _baseSize[type];

    /// <summary>The shared <c>type</c> label of <paramref name="type"/>: one instance for all its samples.</summary>
    public Label Label(int type) => _labels[type];
}
