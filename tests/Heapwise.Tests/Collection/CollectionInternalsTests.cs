using System.Reflection;
using Heapwise.Collection;
using Microsoft.Diagnostics.Tracing.Etlx;

namespace Heapwise.Tests.Collection;

/// <summary>The small decisions of collection, tested without a session.</summary>
public sealed class CollectionInternalsTests
{
    [Theory]
    [InlineData("10.0.12", "AllocationSampled")]
    [InlineData("10.0.0", "AllocationSampled")]
    [InlineData("11.0.1", "AllocationSampled")]
    [InlineData("9.0.10", "AllocationTick")]
    [InlineData("8.0.21", "AllocationTick")]
    [InlineData(null, "Both")]
    public void The_allocation_event_follows_the_runtime_version(string? version, string expected) =>
        Assert.Equal(Enum.Parse<AllocationEventChoice>(expected), AllocationEventSelector.Choose(version is null ? null : Version.Parse(version)));

    [Theory]
    [InlineData("/usr/share/dotnet/shared/Microsoft.NETCore.App/10.0.12/libcoreclr.so", "10.0.12")]
    [InlineData("/usr/share/dotnet/shared/Microsoft.NETCore.App/9.0.0-rc.2.24473.5/libcoreclr.so", "9.0.0")]
    [InlineData(@"C:\Program Files\dotnet\shared\Microsoft.NETCore.App\8.0.11\coreclr.dll", "8.0.11")]
    public void The_runtime_version_is_read_from_the_shared_framework_folder(string coreClrPath, string expected)
    {
        // Windows paths only split on Windows; elsewhere the folder name is the whole path and the test has nothing to check.
        if (coreClrPath.Contains('\\', StringComparison.Ordinal) && !OperatingSystem.IsWindows())
        {
            return;
        }

        Assert.Equal(Version.Parse(expected), RuntimeVersionProbe.FromCoreClrPath(coreClrPath));
    }

    [Fact]
    public void The_runtime_version_of_a_self_contained_app_comes_from_its_corelib()
    {
        string folder = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        string copy = Path.Combine(Path.GetTempPath(), $"heapwise-selfcontained-{Guid.NewGuid():N}");
        Directory.CreateDirectory(copy);
        try
        {
            File.Copy(Path.Combine(folder, "System.Private.CoreLib.dll"), Path.Combine(copy, "System.Private.CoreLib.dll"));
            Assert.Equal(Environment.Version.Major, RuntimeVersionProbe.FromCoreClrPath(Path.Combine(copy, "libcoreclr.so"))?.Major);
        }
        finally
        {
            Directory.Delete(copy, recursive: true);
        }
    }

    [Fact]
    public void The_runtime_version_of_this_process_is_known() =>
        Assert.Equal(Environment.Version, RuntimeVersionProbe.Probe(Environment.ProcessId));

    [Fact]
    public void Dropped_events_are_readable_with_the_pinned_TraceEvent()
    {
        // If this fails after a TraceEvent upgrade, EventPipeDropCounter must find the raw source another way.
        var field = typeof(TraceLog).GetField("rawEventSourceToConvert", BindingFlags.NonPublic | BindingFlags.Instance);
        Assert.NotNull(field);
        Assert.Equal(typeof(Microsoft.Diagnostics.Tracing.TraceEventDispatcher), field.FieldType);
    }

    [Theory]
    [InlineData(0u, 0)]
    [InlineData(5u, 0)]
    [InlineData(16u, 4)]
    [InlineData(40u, 12)]
    [InlineData(47u, 12)]   // epilog entry at 45 maps back to the last real IL offset
    [InlineData(1000u, 12)]
    public void Native_offsets_map_to_the_closest_preceding_IL_offset(uint native, int expectedIl)
    {
        var map = IlMap.Create([(45, -3), (0, 0), (16, 4), (30, 12), (2, -2)]);

        Assert.Equal(expectedIl, map.ILOffsetAt(native));
    }

    [Fact]
    public void An_IL_map_with_only_prolog_entries_gives_no_offset() =>
        Assert.Equal(-1, IlMap.Create([(0, -2)]).ILOffsetAt(10));

    [Fact]
    public void Source_lines_come_from_the_portable_pdb()
    {
        var method = Assembly.LoadFrom(TestTarget.AssemblyPath).GetType("Heapwise.TestTarget.AccuracyWorkload")!
            .GetMethod("AllocateMidArrays", BindingFlags.NonPublic | BindingFlags.Static)!;
        using var resolver = new SourceLineResolver();

        var location = resolver.Resolve(TestTarget.AssemblyPath, method.MetadataToken, ilOffset: 0);

        Assert.NotNull(location);
        Assert.EndsWith("AccuracyWorkload.cs", location.Value.File, StringComparison.Ordinal);
        string[] source = File.ReadAllLines(location.Value.File);
        Assert.Contains("{", source[location.Value.Line - 1], StringComparison.Ordinal); // the method's opening brace
        Assert.Contains("AllocateMidArrays", source[location.Value.Line - 2], StringComparison.Ordinal);
    }

    [Fact]
    public void Modules_without_a_pdb_give_no_lines()
    {
        using var resolver = new SourceLineResolver();

        Assert.Null(resolver.Resolve(typeof(object).Assembly.Location, typeof(object).GetMethod("ToString")!.MetadataToken, 0));
        Assert.Null(resolver.Resolve("/nonexistent/module.dll", 0x06000001, 0));
        Assert.Equal(0, resolver.OpenedPdbCount);
    }
}
