using CsCheck;
using Google.Protobuf;
using Heapwise.Analysis;
using Heapwise.Profiles;
using Heapwise.Tests.Analysis;

namespace Heapwise.Tests.Profiles;

/// <summary>
/// Reading with <see cref="PprofReadOptions.CompactSamples"/> must lose nothing a report can see: the
/// samples come back merged exactly as a merge of the messages would merge them, every other field as
/// the generated parser reads it, and reports give the same rows either way.
/// </summary>
public sealed class CompactSamplesTests
{
    private static readonly PprofReadOptions Compact = new() { CompactSamples = true };

    [Fact]
    public void Compact_samples_expand_to_the_merged_sample_messages_and_other_fields_are_unchanged()
    {
        Gen.Int.Sample(seed =>
        {
            Profile original = WithDuplicates(RandomProfiles.Create(seed), new Random(seed));
            byte[] bytes = original.ToByteArray();

            Profile compact = PprofReader.Parse(bytes, Compact);
            Assert.True(ProfileSamples.IsCompact(compact));
            Assert.Empty(compact.Sample);
            ProfileSamples.Expand(compact);
            Assert.False(ProfileSamples.IsCompact(compact));

            Assert.Equal(Merged(original.Sample), compact.Sample);
            var withoutSamples = original.Clone();
            withoutSamples.Sample.Clear();
            compact.Sample.Clear();
            Assert.Equal(withoutSamples, compact);
        }, iter: 500);
    }

    [Fact]
    public void Reports_on_compact_profiles_equal_reports_on_sample_messages()
    {
        RandomProfile.Generator.Sample(random =>
        {
            byte[] bytes = random.Build().ToByteArray();
            var options = new TopOptions { SampleIndex = random.SampleIndex, Cumulative = random.Cum, NodeCount = random.NodeCount };

            var expected = TopReport.Compute(PprofReader.Parse(bytes), options);
            var actual = TopReport.Compute(PprofReader.Parse(bytes, Compact), options);
            Assert.Equal(expected.Labels, actual.Labels);
            Assert.Equal(expected.Rows, actual.Rows);

            var traces = TracesReport.Compute([PprofReader.Parse(bytes)], new ReportOptions { SampleIndex = random.SampleIndex });
            var compactTraces = TracesReport.Compute([PprofReader.Parse(bytes, Compact)], new ReportOptions { SampleIndex = random.SampleIndex });
            Assert.Equal(Describe(traces), Describe(compactTraces));
        }, iter: 300);
    }

    [Fact]
    public void A_compact_profile_is_written_with_its_samples()
    {
        Profile original = RandomProfiles.Create(5);
        Profile compact = PprofReader.Parse(original.ToByteArray(), Compact);

        using var stream = new MemoryStream();
        PprofWriter.Write(compact, stream);
        Profile back = PprofReader.Parse(stream.ToArray());

        Assert.Equal(Merged(original.Sample), back.Sample);
    }

    [Fact]
    public void Thousands_of_mutated_files_only_ever_raise_PprofFormatException_when_read_compactly()
    {
        var rejected = 0;
        Gen.Int.Sample(seed =>
        {
            var random = new Random(seed);
            byte[] mutated = PprofCodecTests.Mutate(random, RandomProfiles.Create(seed).ToByteArray());
            try
            {
                PprofReader.Parse(mutated, Compact);
            }
            catch (PprofFormatException)
            {
                Interlocked.Increment(ref rejected);
            }
        }, iter: 5000);

        Assert.True(rejected > 500, $"only {rejected} of 5000 mutated files were rejected");
    }

    [Fact]
    public void Samples_with_different_numbers_of_values_are_rejected_with_the_sample_named()
    {
        Profile p = RandomProfiles.Create(9);
        p.Sample.Clear();
        p.Sample.Add(new Sample { Value = { 1, 2 } });
        p.Sample.Add(new Sample { Value = { 3 } });

        var e = Assert.Throws<PprofFormatException>(() => PprofReader.Parse(p.ToByteArray(), Compact));
        Assert.Equal("sample 1 has 1 values but sample 0 has 2.", e.Message);
    }

    [Fact]
    public void A_sample_naming_an_undefined_location_is_rejected()
    {
        Profile p = RandomProfiles.Create(9);
        p.Sample.Clear();
        p.Sample.Add(new Sample { LocationId = { 123456789 }, Value = { Enumerable.Repeat(1L, p.SampleType.Count) } });

        var e = Assert.Throws<PprofFormatException>(() => PprofReader.Parse(p.ToByteArray(), Compact));
        Assert.Equal("a sample refers to location 123456789, which is not defined.", e.Message);
    }

    // Copies of some samples, so merging has work to do.
    private static Profile WithDuplicates(Profile profile, Random random)
    {
        int count = profile.Sample.Count;
        for (int i = 0; i < count; i++)
        {
            if (random.Next(3) == 0)
            {
                profile.Sample.Add(profile.Sample[random.Next(count)].Clone());
            }
        }

        return profile;
    }

    // The reference merge: all-zero samples go, equal location ids and labels (in order) add up, first seen first.
    private static List<Sample> Merged(IEnumerable<Sample> samples)
    {
        var merged = new List<Sample>();
        var byKey = new Dictionary<string, Sample>(StringComparer.Ordinal);
        foreach (var s in samples)
        {
            if (s.Value.All(v => v == 0))
            {
                continue;
            }

            string key = string.Join(',', s.LocationId) + "|" + string.Join(';', s.Label.Select(l => $"{l.Key}:{l.Str}:{l.Num}:{l.NumUnit}"));
            if (byKey.TryGetValue(key, out var first))
            {
                for (int i = 0; i < first.Value.Count; i++)
                {
                    first.Value[i] = unchecked(first.Value[i] + s.Value[i]);
                }

                continue;
            }

            var copy = s.Clone();
            byKey[key] = copy;
            merged.Add(copy);
        }

        return merged;
    }

    private static string Describe(TracesReport report) =>
        string.Join('\n', report.Traces.Select(t => $"{t.Value} {string.Join(';', t.Frames.Select(f => f.Name))}"));
}
