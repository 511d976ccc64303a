using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace Heapwise.Collection;

/// <summary>
/// The declared names of a method's generic parameters and its type's (<c>TKey</c>, <c>TValue</c>), read from the
/// module's metadata, so shared generic code reads <c>Dictionary&lt;TKey, TValue&gt;.TryInsert</c> rather than
/// <c>Dictionary&lt;T1, T2&gt;.TryInsert</c>. Modules that cannot be read give no names, and the formatter falls back.
/// </summary>
internal sealed class GenericParameterNames : IDisposable
{
    private readonly Dictionary<string, PEReader?> _modules = new(StringComparer.Ordinal);

    /// <summary>
    /// Names of the generic parameters of method <paramref name="methodToken"/>'s declaring type (nested types list
    /// their outer types' too, as the runtime's instantiations do) and of the method itself; <see langword="null"/>
    /// when the module or method cannot be read.
    /// </summary>
    public (IReadOnlyList<string> Type, IReadOnlyList<string> Method)? Find(string modulePath, int methodToken)
    {
        var reader = Open(modulePath);
        if (reader is null || (methodToken >> 24) != 0x06)
        {
            return null;
        }

        int row = methodToken & 0xFFFFFF;
        if (row == 0 || row > reader.MethodDefinitions.Count)
        {
            return null;
        }

        var method = reader.GetMethodDefinition(MetadataTokens.MethodDefinitionHandle(row));
        var type = reader.GetTypeDefinition(method.GetDeclaringType());
        return (Names(reader, type.GetGenericParameters()), Names(reader, method.GetGenericParameters()));
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (var module in _modules.Values)
        {
            module?.Dispose();
        }

        _modules.Clear();
    }

    private static string[] Names(MetadataReader reader, GenericParameterHandleCollection parameters) =>
        [.. parameters.Select(p => reader.GetString(reader.GetGenericParameter(p).Name))];

    private MetadataReader? Open(string modulePath)
    {
        if (!_modules.TryGetValue(modulePath, out var module))
        {
            try
            {
                module = File.Exists(modulePath) ? new PEReader(File.OpenRead(modulePath)) : null;
                if (module is not null && !module.HasMetadata)
                {
                    module.Dispose();
                    module = null;
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or BadImageFormatException)
            {
                module = null;
            }

            _modules[modulePath] = module;
        }

        try
        {
            return module?.GetMetadataReader();
        }
        catch (BadImageFormatException)
        {
            return null;
        }
    }
}
