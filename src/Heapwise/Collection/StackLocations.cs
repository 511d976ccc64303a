using Heapwise.Profiles;
using Microsoft.Diagnostics.Tracing.Etlx;

namespace Heapwise.Collection;

/// <summary>
/// Turns TraceLog call stacks into pprof locations of one <see cref="ProfileBuilder"/>: frames leaf first with
/// readable method names, file and line where a portable PDB tells them, and the module as the mapping. Shared by
/// every profile built from a session (allocations, CPU samples, thread stacks), so frames read the same in all.
/// </summary>
internal sealed class StackLocations : IDisposable
{
    private readonly TraceLog? _log;
    private readonly CodeMap _codeMap;
    private readonly ProfileBuilder _builder;
    private readonly SourceLineResolver _lines = new();
    private readonly GenericParameterNames _genericNames = new();
    private readonly Dictionary<ulong, ulong> _locations = [];

    /// <param name="log">The TraceLog the <see cref="CallStackIndex"/> stacks belong to; <see langword="null"/> when only captured stacks are filled.</param>
    /// <param name="codeMap">Names the managed frames.</param>
    /// <param name="builder">The profile the locations are added to.</param>
    public StackLocations(TraceLog? log, CodeMap codeMap, ProfileBuilder builder)
    {
        _log = log;
        _codeMap = codeMap;
        _builder = builder;
    }

    /// <summary>Replaces the contents of <paramref name="locations"/> with the location ids of <paramref name="stack"/>, leaf first.</summary>
    public void Fill(CallStackIndex stack, List<ulong> locations)
    {
        var log = _log ?? throw new InvalidOperationException("These stack locations were made without a TraceLog.");
        locations.Clear();
        for (var frame = stack; frame != CallStackIndex.Invalid; frame = log.CallStacks.Caller(frame))
        {
            var codeAddress = log.CallStacks.CodeAddressIndex(frame);
            ulong address = log.CodeAddresses.Address(codeAddress);
            locations.Add(_locations.TryGetValue(address, out ulong known) ? known : Location(address, ModulePath(log, codeAddress)));
        }
    }

    /// <summary>Replaces the contents of <paramref name="locations"/> with the location ids of <paramref name="stack"/> (captured leaf first).</summary>
    public void Fill(IReadOnlyList<CapturedFrame> stack, List<ulong> locations)
    {
        locations.Clear();
        foreach (var frame in stack)
        {
            locations.Add(_locations.TryGetValue(frame.Address, out ulong known) ? known : Location(frame.Address, frame.NativeModulePath));
        }
    }

    /// <summary>The frames of <paramref name="stack"/>, leaf first, kept apart from <paramref name="log"/> so they can be read on another thread.</summary>
    public static CapturedFrame[] Capture(TraceLog log, CallStackIndex stack)
    {
        var frames = new List<CapturedFrame>();
        for (var frame = stack; frame != CallStackIndex.Invalid; frame = log.CallStacks.Caller(frame))
        {
            var codeAddress = log.CallStacks.CodeAddressIndex(frame);
            frames.Add(new CapturedFrame(log.CodeAddresses.Address(codeAddress), ModulePath(log, codeAddress)));
        }

        return [.. frames];
    }

    /// <summary><see cref="RegisterEntryModuleFirst(IEnumerable{IEnumerable{ulong}})"/> for stacks of the TraceLog.</summary>
    public void RegisterEntryModuleFirst(IEnumerable<CallStackIndex> stacks)
    {
        var log = _log ?? throw new InvalidOperationException("These stack locations were made without a TraceLog.");
        RegisterEntryModuleFirst(stacks.Select(top => Capture(log, top).Select(frame => frame.Address)));
    }

    /// <summary>
    /// Makes the program's own module the profile's first mapping: pprof and <c>heapwise top</c> name the
    /// first mapping in their <c>File:</c> line. The program's module is the one of the outermost managed frame
    /// outside the shared framework, in the first (largest) stack that has one: threads of a service start in
    /// System.Private.CoreLib (thread pool, timers), and its own code sits below. Without any, the outermost
    /// frame's module of the first stack.
    /// </summary>
    /// <param name="stacks">Each stack's frame addresses, leaf first.</param>
    public void RegisterEntryModuleFirst(IEnumerable<IEnumerable<ulong>> stacks)
    {
        string? fallback = null;
        foreach (var addresses in stacks)
        {
            string? outermost = null;
            string? program = null;
            foreach (ulong address in addresses)
            {
                var method = _codeMap.Find(address - 1);
                if (method is not null && _codeMap.ModulePath(method.ModuleId) is { } path)
                {
                    outermost = path;
                    program = IsSharedFramework(path) ? program : path;
                }
            }

            if (program is not null)
            {
                _builder.Mapping(program);
                return;
            }

            fallback ??= outermost;
        }

        if (fallback is not null)
        {
            _builder.Mapping(fallback);
        }
    }

    // The runtime's and ASP.NET Core's assemblies live under <dotnet>/shared/Microsoft.*/<version>/.
    private static bool IsSharedFramework(string modulePath)
    {
        string normalized = modulePath.Replace('\\', '/');
        return normalized.Contains("/shared/Microsoft.", StringComparison.OrdinalIgnoreCase);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _lines.Dispose();
        _genericNames.Dispose();
    }

    private ulong Location(ulong address, string? nativeModulePath)
    {
        // Every frame but an interrupted leaf is a return address: the call is the byte before it, which also
        // keeps a call that ends a method inside that method.
        var method = _codeMap.Find(address - 1);
        ulong location = method is null ? UnresolvedLocation(nativeModulePath) : ManagedLocation(method, address - 1);
        _locations[address] = location;
        return location;
    }

    // The module TraceLog places a code address in, when it knows one.
    private static string? ModulePath(TraceLog log, CodeAddressIndex codeAddress) =>
        log.CodeAddresses.ModuleFileIndex(codeAddress) == ModuleFileIndex.Invalid ? null : log.CodeAddresses.ModuleFile(codeAddress)?.FilePath;

    private ulong ManagedLocation(ManagedMethod method, ulong address)
    {
        string? modulePath = _codeMap.ModulePath(method.ModuleId);
        var generics = modulePath is not null && (method.TypeName.Contains("__Canon", StringComparison.Ordinal) || method.Name.Contains("__Canon", StringComparison.Ordinal))
            ? _genericNames.Find(modulePath, method.Token)
            : null;
        string name = MethodNameFormatter.Format(method.TypeName, method.Name, generics?.Type, generics?.Method);
        int parameters = method.Signature.IndexOf('(', StringComparison.Ordinal);
        string systemName = $"{method.TypeName}.{method.Name}{(parameters >= 0 ? method.Signature[parameters..] : string.Empty)}";
        SourceLocation? source = null;
        if (modulePath is not null && method.IlMap is { } map)
        {
            source = _lines.Resolve(modulePath, method.Token, map.ILOffsetAt((uint)(address - method.Start)));
        }

        ulong function = _builder.Function(name, source?.File ?? string.Empty, systemName);
        ulong mapping = modulePath is null ? 0 : _builder.Mapping(modulePath);
        return _builder.Location(function, source?.Line ?? 0, mapping);
    }

    private ulong UnresolvedLocation(string? nativeModulePath)
    {
        // Not in any method the runtime told us about: a stub or native code. Keep the frame, named by its module
        // when TraceLog knows it, so stacks never lose depth.
        string name = string.IsNullOrEmpty(nativeModulePath) ? "[native]" : $"[{Path.GetFileName(nativeModulePath)}]";
        return _builder.Location(_builder.Function(name));
    }
}
