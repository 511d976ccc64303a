using System.Globalization;
using Heapwise.Profiles;

namespace Heapwise.Analysis;

/// <summary>
/// Identity keys for one profile's locations, equal exactly when pprof's merge
/// treats two of them as the same: a location by its module (size, offset, build id or file),
/// its address within the module and its frames (function name, system name, file, start line,
/// line). Keys of profiles that share one <see cref="MergeNameIds"/> compare, so samples of several profiles merge too.
/// </summary>
internal sealed class ProfileKeys
{
    private readonly Profile _profile;
    private readonly Dictionary<ulong, Function> _functions;
    private readonly Dictionary<ulong, Mapping> _mappings;
    private readonly Dictionary<ulong, int> _functionMergeIds = [];
    private readonly Dictionary<ulong, int> _moduleMergeIds = [];
    private readonly List<long> _parts = []; // reused: one identity per location, 100,000 on a large profile

    public ProfileKeys(Profile profile, MergeNameIds names)
    {
        _profile = profile;
        _functions = profile.Function.ToDictionary(f => f.Id);
        _mappings = profile.Mapping.ToDictionary(m => m.Id);

        // Names are turned into numbers once per function and module, not once per location that uses them.
        foreach (var f in profile.Function)
        {
            _functionMergeIds[f.Id] = names.Function(f.StartLine, At(f.Name), At(f.SystemName), At(f.Filename));
        }

        foreach (var m in profile.Mapping)
        {
            ulong size = m.MemoryLimit - m.MemoryStart;
            size = size + 0xFFF - ((size + 0xFFF) % 0x1000);
            string buildId = At(m.BuildId);
            _moduleMergeIds[m.Id] = names.Module(string.Create(CultureInfo.InvariantCulture,
                $"{size:x}/{m.FileOffset:x}/{(buildId.Length != 0 ? buildId : At(m.Filename))}"));
        }
    }

    /// <summary>The function with this id, or <see langword="null"/> for id 0 or an unknown id.</summary>
    public Function? Function(ulong id) => id != 0 ? _functions.GetValueOrDefault(id) : null;

    /// <summary>The file of the mapping with this id, or empty.</summary>
    public string MappingFile(ulong id) =>
        id != 0 && _mappings.TryGetValue(id, out var m) ? ProfileSet.At(_profile, m.Filename) : string.Empty;

    /// <summary>
    /// The merge identity of <paramref name="location"/> as numbers: its module (by merge name id), its address within
    /// it, whether it is folded, and per line its function (by merge name id) and line number.
    /// </summary>
    public SequenceKey<long> Identity(Location location)
    {
        var parts = _parts;
        parts.Clear();
        ulong address = location.Address;
        if (location.MappingId != 0 && _mappings.TryGetValue(location.MappingId, out var m))
        {
            // Addresses relative to the module, so the same code loaded elsewhere is the same location.
            address -= m.MemoryStart;
            parts.Add(_moduleMergeIds[m.Id]);
        }
        else
        {
            parts.Add(-1);
        }

        parts.Add((long)address);
        parts.Add(location.IsFolded ? 1 : 0);
        foreach (var line in location.Line)
        {
            parts.Add(line.FunctionId != 0 && _functionMergeIds.TryGetValue(line.FunctionId, out int f) ? f : -1);
            parts.Add(line.Line_);
        }

        return new SequenceKey<long>([.. parts]);
    }

    private string At(long index) => ProfileSet.At(_profile, index);
}
