using System.Globalization;
using System.Text;
using Heapwise.Profiles;

namespace Heapwise.Analysis;

/// <summary>
/// Identity keys for one profile's locations, equal exactly when pprof's merge
/// treats two of them as the same: a location by its module (size, offset, build id or file),
/// its address within the module and its frames (function name, system name, file, start line,
/// line). Keys are comparable across profiles, so samples of several profiles merge too.
/// </summary>
internal sealed class ProfileKeys
{
    private readonly Profile _profile;
    private readonly Dictionary<ulong, Function> _functions;
    private readonly Dictionary<ulong, Mapping> _mappings;
    private readonly StringBuilder _key = new(); // reused: one key per location, 100,000 on a large profile

    public ProfileKeys(Profile profile)
    {
        _profile = profile;
        _functions = profile.Function.ToDictionary(f => f.Id);
        _mappings = profile.Mapping.ToDictionary(m => m.Id);
    }

    /// <summary>The function with this id, or <see langword="null"/> for id 0 or an unknown id.</summary>
    public Function? Function(ulong id) => id != 0 ? _functions.GetValueOrDefault(id) : null;

    /// <summary>The file of the mapping with this id, or empty.</summary>
    public string MappingFile(ulong id) =>
        id != 0 && _mappings.TryGetValue(id, out var m) ? ProfileSet.At(_profile, m.Filename) : string.Empty;

    /// <summary>The merge identity of <paramref name="location"/>.</summary>
    public string LocationKey(Location location)
    {
        var key = _key.Clear();
        ulong address = location.Address;
        if (location.MappingId != 0 && _mappings.TryGetValue(location.MappingId, out var m))
        {
            // Addresses relative to the module, so the same code loaded elsewhere is the same location.
            address -= m.MemoryStart;
            ulong size = m.MemoryLimit - m.MemoryStart;
            size = size + 0xFFF - ((size + 0xFFF) % 0x1000);
            string buildId = ProfileSet.At(_profile, m.BuildId);
            key.Append(CultureInfo.InvariantCulture, $"m{size:x}/{m.FileOffset:x}/{(buildId.Length != 0 ? buildId : ProfileSet.At(_profile, m.Filename))}");
        }

        key.Append(CultureInfo.InvariantCulture, $"\u001f{address:x}\u001f{location.IsFolded}");
        foreach (var line in location.Line)
        {
            var f = Function(line.FunctionId);
            key.Append('\u001f');
            if (f is not null)
            {
                key.Append(CultureInfo.InvariantCulture, $"{f.StartLine}\u0000{At(f.Name)}\u0000{At(f.SystemName)}\u0000{At(f.Filename)}");
            }

            key.Append(CultureInfo.InvariantCulture, $"\u0000{line.Line_}");
        }

        return key.ToString();
    }

    private string At(long index) => ProfileSet.At(_profile, index);
}
