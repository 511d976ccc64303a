using Heapwise.Profiles;

namespace Heapwise.Tests.Collection;

/// <summary>Reading a recorded profile the way the tests need it.</summary>
internal static class ProfileQueries
{
    public static string Str(this Profile profile, long index) => profile.StringTable[(int)index];

    /// <summary>Function names of a sample's stack, leaf first.</summary>
    public static IEnumerable<Function> Frames(this Profile profile, Sample sample)
    {
        var locations = profile.Location.ToDictionary(l => l.Id);
        var functions = profile.Function.ToDictionary(f => f.Id);
        return sample.LocationId.Select(id => functions[locations[id].Line[0].FunctionId]);
    }

    /// <summary>Sum of <paramref name="sampleType"/> (alloc_space: bytes) of samples whose stack has a function named <paramref name="functionName"/>.</summary>
    public static long BytesUnder(this Profile profile, string functionName, string sampleType = "alloc_space")
    {
        int space = profile.SampleType.Select((t, i) => (t, i)).Single(x => profile.Str(x.t.Type) == sampleType).i;
        var locations = profile.Location.ToDictionary(l => l.Id);
        var names = profile.Function.ToDictionary(f => f.Id, f => profile.Str(f.Name));
        return profile.Sample
            .Where(s => s.LocationId.Any(id => names[locations[id].Line[0].FunctionId] == functionName))
            .Sum(s => s.Value[space]);
    }

    /// <summary>The string label <paramref name="key"/> of <paramref name="sample"/>, or null.</summary>
    public static string? Label(this Profile profile, Sample sample, string key) =>
        sample.Label.Where(l => profile.Str(l.Key) == key && l.Str != 0).Select(l => profile.Str(l.Str)).FirstOrDefault();

    /// <summary>Encodes with the real writer and decodes with the real reader: what a user's file would hold.</summary>
    public static Profile RoundTrip(this Profile profile)
    {
        using var buffer = new MemoryStream();
        PprofWriter.Write(profile, buffer);
        buffer.Position = 0;
        return PprofReader.Read(buffer);
    }

    /// <summary>Over all samples' frames: the share resolved to a method (not <c>[native]</c>), and the share with a line.</summary>
    public static (double Resolved, double WithLines, int Frames) FrameResolution(this Profile profile)
    {
        var locations = profile.Location.ToDictionary(l => l.Id);
        var names = profile.Function.ToDictionary(f => f.Id, f => profile.Str(f.Name));
        var frames = profile.Sample.SelectMany(s => s.LocationId).Select(id => locations[id]).ToList();
        if (frames.Count == 0)
        {
            return (0, 0, 0);
        }

        double resolved = frames.Count(l => !names[l.Line[0].FunctionId].StartsWith('[')) / (double)frames.Count;
        double withLines = frames.Count(l => l.Line[0].Line_ > 0) / (double)frames.Count;
        return (resolved, withLines, frames.Count);
    }
}
