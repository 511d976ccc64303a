using Microsoft.Diagnostics.Tracing.Etlx;
using Microsoft.Diagnostics.Tracing.Parsers;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;

namespace Heapwise.Collection;

/// <summary>
/// Which managed method, module and IL offset a code address belongs to, learnt from the runtime's own events:
/// module loads, method loads (JIT) with their IL-to-native maps while recording, and the rundown the runtime
/// sends when the session stops (every method then in memory, ReadyToRun code included).
/// </summary>
/// <remarks>
/// TraceLog resolves names too, but lower-cases module paths (unusable on case-sensitive file systems) and only
/// attaches IL maps to methods it learns about at unload, so live-jitted frames would get no line numbers. Keeping
/// our own table costs one entry per method version and gives both. Addresses are resolved after the session
/// ends, when the rundown has filled in everything that ran before the session started.
/// </remarks>
internal sealed class CodeMap
{
    private readonly Dictionary<long, string> _modulePaths = [];
    private readonly Dictionary<ulong, ManagedMethod> _methodsByStart = [];
    private readonly Dictionary<long, ManagedMethod> _lastLoadedById = [];
    private readonly Dictionary<long, IlMap> _pendingRundownMaps = [];
    private ManagedMethod[]? _sorted;

    /// <summary>Listens to the events of <paramref name="source"/>; call before it is processed.</summary>
    public void Attach(TraceLogEventSource source)
    {
        source.Clr.LoaderModuleLoad += OnModule;
        source.Clr.MethodLoadVerbose += OnMethodLoad;
        source.Clr.MethodILToNativeMap += OnLiveIlMap;
        var rundown = new ClrRundownTraceEventParser(source);
        rundown.LoaderModuleDCStop += OnModule;
        rundown.LoaderModuleDCStart += OnModule;
        rundown.MethodDCStopVerbose += OnRundownMethod;
        rundown.MethodDCStartVerbose += OnRundownMethod;
        rundown.MethodILToNativeMapDCStop += OnRundownIlMap;
        rundown.MethodILToNativeMapDCStart += OnRundownIlMap;
    }

    /// <summary>
    /// Path of the module with id <paramref name="moduleId"/>, or <see langword="null"/>. Looked up late because in the
    /// rundown a module's event may follow its methods'.
    /// </summary>
    public string? ModulePath(long moduleId) => _modulePaths.GetValueOrDefault(moduleId);

    /// <summary>Number of methods known.</summary>
    public int MethodCount => _methodsByStart.Count;

    /// <summary>The method whose code contains <paramref name="address"/>, or <see langword="null"/>.</summary>
    public ManagedMethod? Find(ulong address)
    {
        _sorted ??= [.. _methodsByStart.Values.OrderBy(m => m.Start)];
        int low = 0, high = _sorted.Length - 1;
        while (low <= high)
        {
            int middle = low + ((high - low) / 2);
            var method = _sorted[middle];
            if (address < method.Start)
            {
                high = middle - 1;
            }
            else if (address >= method.Start + method.Size)
            {
                low = middle + 1;
            }
            else
            {
                return method;
            }
        }

        return null;
    }

    private void OnModule(ModuleLoadUnloadTraceData data)
    {
        if (data.ModuleILPath.Length > 0)
        {
            _modulePaths[data.ModuleID] = data.ModuleILPath;
        }
    }

    private void OnMethodLoad(MethodLoadUnloadVerboseTraceData data)
    {
        var method = Add(data);
        _lastLoadedById[data.MethodID] = method;
    }

    private void OnRundownMethod(MethodLoadUnloadVerboseTraceData data)
    {
        var method = Add(data);

        // In the rundown each method's IL map comes just before the method itself.
        if (_pendingRundownMaps.Remove(data.MethodID, out var map))
        {
            method.IlMap ??= map;
        }
    }

    // While recording, the runtime sends a method's IL map right after its load event, on the same thread.
    private void OnLiveIlMap(MethodILToNativeMapTraceData data)
    {
        if (data.MethodExtent == 0 && _lastLoadedById.TryGetValue(data.MethodID, out var method))
        {
            method.IlMap ??= IlMap.From(data);
        }
    }

    private void OnRundownIlMap(MethodILToNativeMapTraceData data)
    {
        if (data.MethodExtent == 0)
        {
            _pendingRundownMaps[data.MethodID] = IlMap.From(data);
        }
    }

    private ManagedMethod Add(MethodLoadUnloadVerboseTraceData data)
    {
        ulong start = data.MethodStartAddress;
        if (_methodsByStart.TryGetValue(start, out var known) && known.Token == data.MethodToken)
        {
            return known;
        }

        var method = new ManagedMethod(start, (uint)data.MethodSize, data.MethodNamespace, data.MethodName, data.MethodSignature,
            data.MethodToken, data.ModuleID, data.IsJitted);
        _methodsByStart[start] = method;
        _sorted = null;
        return method;
    }
}

/// <summary>One version of a method's machine code, and what is known about its source.</summary>
internal sealed class ManagedMethod(ulong start, uint size, string typeName, string name, string signature, int token, long moduleId, bool isJitted)
{
    public ulong Start { get; } = start;

    public uint Size { get; } = size;

    /// <summary>Declaring type as the runtime spells it, e.g. <c>App.Worker+&lt;DoWork&gt;d__3</c>.</summary>
    public string TypeName { get; } = typeName;

    public string Name { get; } = name;

    public string Signature { get; } = signature;

    /// <summary>Metadata token of the method definition in its module (0 for dynamic methods).</summary>
    public int Token { get; } = token;

    /// <summary>The runtime's id of the module; see <see cref="CodeMap.ModulePath"/>.</summary>
    public long ModuleId { get; } = moduleId;

    public bool IsJitted { get; } = isJitted;

    /// <summary>Native-to-IL offsets for jitted code; <see langword="null"/> for ReadyToRun code or when not sent.</summary>
    public IlMap? IlMap { get; set; }
}

/// <summary>A method's native-offset-to-IL-offset map, sorted by native offset.</summary>
internal sealed class IlMap
{
    private readonly uint[] _native;
    private readonly int[] _il;

    private IlMap(uint[] native, int[] il)
    {
        _native = native;
        _il = il;
    }

    public static IlMap From(MethodILToNativeMapTraceData data)
    {
        var pairs = new (uint Native, int Il)[data.CountOfMapEntries];
        for (int i = 0; i < pairs.Length; i++)
        {
            pairs[i] = ((uint)data.NativeOffset(i), data.ILOffset(i));
        }

        return Create(pairs);
    }

    /// <summary>A map from (native offset, IL offset) pairs in any order.</summary>
    public static IlMap Create(IEnumerable<(uint Native, int Il)> pairs)
    {
        var sorted = pairs.OrderBy(p => p.Native).ToArray();
        return new IlMap([.. sorted.Select(p => p.Native)], [.. sorted.Select(p => p.Il)]);
    }

    /// <summary>
    /// The IL offset of the instruction at <paramref name="nativeOffset"/>, or -1. Entries with negative IL offsets
    /// (prolog, epilog, no mapping) are skipped in favour of the closest real one before them.
    /// </summary>
    public int ILOffsetAt(uint nativeOffset)
    {
        int index = Array.BinarySearch(_native, nativeOffset);
        if (index < 0)
        {
            index = ~index - 1;
        }

        for (; index >= 0; index--)
        {
            if (_il[index] >= 0)
            {
                return _il[index];
            }
        }

        return -1;
    }
}
