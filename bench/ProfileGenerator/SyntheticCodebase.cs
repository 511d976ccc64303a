using Heapwise.Profiles;

namespace Heapwise.Bench.ProfileGenerator;

/// <summary>
/// A made-up program's static structure: functions in call-graph layers (a few roots, then layers of
/// hosting, application and library code), their call sites (one location each) and the allocating
/// leaves, all registered in a <see cref="ProfileBuilder"/>. Each call site calls one fixed function of
/// the next layer, chosen with a skew so that a few framework functions sit on most stacks.
/// </summary>
internal sealed class SyntheticCodebase
{
    private readonly GeneratorOptions _options;
    private readonly int[] _layerStart;
    private readonly int[] _firstSite;
    private readonly int[] _siteCount;
    private readonly ulong[] _siteLocation;
    private readonly int[] _siteCallee;
    private readonly int[] _siteAllocator;
    private readonly int _allocatorStart;

    public SyntheticCodebase(GeneratorOptions options, ProfileBuilder builder, SkewedRandom random)
    {
        _options = options;
        builder.Mapping(SyntheticNames.MainModule);
        _allocatorStart = options.Functions - options.AllocatorCount;
        _layerStart = LayerStarts(options);

        // Every function has at least one site; the rest are spread at random, so some have many.
        _siteCount = new int[options.Functions];
        Array.Fill(_siteCount, 1);
        for (int extra = options.Locations - options.Functions; extra > 0; extra--)
        {
            _siteCount[random.Between(0, options.Functions - 1)]++;
        }

        _firstSite = new int[options.Functions];
        for (int f = 1; f < options.Functions; f++)
        {
            _firstSite[f] = _firstSite[f - 1] + _siteCount[f - 1];
        }

        _siteLocation = new ulong[options.Locations];
        _siteCallee = new int[options.Locations];
        _siteAllocator = new int[options.Locations];
        string[] roots = SyntheticNames.Roots(GeneratorOptions.RootCount);
        string[] allocators = SyntheticNames.Allocators(options.AllocatorCount);
        for (int layer = 0; layer < options.LayerCount; layer++)
        {
            for (int f = _layerStart[layer]; f < _layerStart[layer + 1]; f++)
            {
                string name = layer == 0 ? roots[f] : SyntheticNames.Function(f, (double)layer / options.LayerCount);
                AddSites(builder, random, f, name, layer + 1 < options.LayerCount ? layer + 1 : -1);
            }
        }

        for (int f = _allocatorStart; f < options.Functions; f++)
        {
            AddSites(builder, random, f, allocators[f - _allocatorStart], nextLayer: -1);
        }
    }

    /// <summary>A root function to start a stack from: a few roots take most stacks.</summary>
    public static int PickRoot(SkewedRandom random) => random.Index(GeneratorOptions.RootCount, 2);

    /// <summary>One of the function's call sites, the first ones the hottest.</summary>
    public int PickSite(SkewedRandom random, int function) => _firstSite[function] + random.Index(_siteCount[function], 2);

    public ulong LocationOf(int site) => _siteLocation[site];

    /// <summary>The function a call site calls in the next layer.</summary>
    public int CalleeOf(int site) => _siteCallee[site];

    /// <summary>The allocating leaf the site calls when the stack ends there.</summary>
    public int AllocatorOf(int site) => _siteAllocator[site];

    /// <summary>Index of an allocator among the allocators, e.g. to give it its usual types.</summary>
    public int AllocatorIndex(int function) => function - _allocatorStart;

    private void AddSites(ProfileBuilder builder, SkewedRandom random, int function, string name, int nextLayer)
    {
        ulong functionId = builder.Function(name, SyntheticNames.FileOf(name));
        ulong mappingId = builder.Mapping(SyntheticNames.ModuleOf(name));
        int line = random.Between(10, 2_000);
        for (int site = _firstSite[function]; site < _firstSite[function] + _siteCount[function]; site++)
        {
            line += random.Between(1, 6);
            _siteLocation[site] = builder.Location(functionId, line, mappingId);
            _siteCallee[site] = nextLayer < 0
                ? -1
                : _layerStart[nextLayer] + random.Index(_layerStart[nextLayer + 1] - _layerStart[nextLayer], 2.5);
            _siteAllocator[site] = _allocatorStart + random.Index(_options.AllocatorCount, 3);
        }
    }

    /// <summary>First function index of each layer; the last entry is where the allocators start.</summary>
    private static int[] LayerStarts(GeneratorOptions options)
    {
        int[] starts = new int[options.LayerCount + 1];
        int layered = options.Functions - GeneratorOptions.RootCount - options.AllocatorCount;
        starts[1] = GeneratorOptions.RootCount;
        for (int layer = 1; layer < options.LayerCount; layer++)
        {
            starts[layer + 1] = GeneratorOptions.RootCount + (int)((long)layered * layer / (options.LayerCount - 1));
        }

        return starts;
    }
}
