using System.Text.Json;
using System.Text.Json.Serialization;

namespace Heapwise.Runtime;

/// <summary>
/// <see cref="MemStats"/> as JSON (camelCase names, enums as names, durations as <c>d.hh:mm:ss.fffffff</c>), the
/// format of <c>/debug/pprof/memstats</c>. Source-generated, so it needs no reflection.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true, WriteIndented = true)]
[JsonSerializable(typeof(MemStats))]
public sealed partial class MemStatsJson : JsonSerializerContext
{
    /// <summary>Serializes <paramref name="stats"/> to UTF-8 JSON.</summary>
    public static byte[] ToUtf8(MemStats stats) => JsonSerializer.SerializeToUtf8Bytes(stats, Default.MemStats);

    /// <summary>Reads a <see cref="MemStats"/> written by <see cref="ToUtf8"/>.</summary>
    /// <exception cref="JsonException">The text is not such JSON.</exception>
    public static MemStats? Parse(string json) => JsonSerializer.Deserialize(json, Default.MemStats);
}
