using System.Globalization;
using System.Text;
using Heapwise.Profiles;

namespace Heapwise.Analysis;

/// <summary>
/// Identity keys for one profile's locations and sample labels, equal exactly when pprof's merge
/// treats two of them as the same: a location by its module (size, offset, build id or file),
/// its address within the module and its frames (function name, system name, file, start line,
/// line); a sample's labels by key and values, in any order of keys. Keys are comparable across
/// profiles, so samples of several profiles merge too.
/// </summary>
internal sealed class ProfileKeys
{
    private readonly Profile _profile;
    private readonly Dictionary<ulong, Function> _functions;
    private readonly Dictionary<ulong, Mapping> _mappings;

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
        var key = new StringBuilder();
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

    /// <summary>
    /// The merge identity of a sample's labels. As in pprof, a label with a string value is a string
    /// label, one with a number or unit a numeric label, and one with neither is ignored.
    /// </summary>
    public string LabelKey(Sample sample)
    {
        if (sample.Label.Count == 0)
        {
            return string.Empty;
        }

        var strings = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        var numbers = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var label in sample.Label)
        {
            string key = At(label.Key);
            if (label.Str != 0)
            {
                Values(strings, key).Add(At(label.Str));
            }
            else if (label.Num != 0 || label.NumUnit != 0)
            {
                Values(numbers, key).Add(string.Create(CultureInfo.InvariantCulture, $"{label.Num}\u0000{At(label.NumUnit)}"));
            }
        }

        var text = new StringBuilder();
        foreach (var (key, values) in strings)
        {
            text.Append('s').Append(key).Append('\u0001').AppendJoin('\u0002', values).Append('\u0003');
        }

        foreach (var (key, values) in numbers)
        {
            text.Append('n').Append(key).Append('\u0001').AppendJoin('\u0002', values).Append('\u0003');
        }

        return text.ToString();
    }

    private static List<string> Values(SortedDictionary<string, List<string>> labels, string key)
    {
        if (!labels.TryGetValue(key, out var values))
        {
            values = [];
            labels[key] = values;
        }

        return values;
    }

    private string At(long index) => ProfileSet.At(_profile, index);
}
