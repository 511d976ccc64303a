namespace Heapwise.Testing;

/// <summary>
/// Where a measured operation allocates: one type allocated at one place of your code, with the profiler's
/// estimates per run of the operation.
/// </summary>
/// <param name="Type">The allocated type, e.g. <c>System.Byte[]</c>.</param>
/// <param name="Function">
/// The innermost frame of your code that allocated it (library frames hidden, see
/// <see cref="AllocationAssertOptions.HideFrames"/>), e.g. <c>MyApp.Parser.Parse</c>.
/// </param>
/// <param name="Location">The source file and line of that frame (<c>/src/Parser.cs:42</c>), or <see langword="null"/> without a PDB.</param>
/// <param name="BytesPerRun">Estimated bytes per run of the operation (sampled, up-scaled: an estimate, not a count).</param>
/// <param name="ObjectsPerRun">Estimated objects per run of the operation (sampled, up-scaled: an estimate, not a count).</param>
/// <param name="Share">This site's part of everything sampled, from 0 to 1.</param>
public sealed record AllocationSite(string Type, string Function, string? Location, double BytesPerRun, double ObjectsPerRun, double Share);
