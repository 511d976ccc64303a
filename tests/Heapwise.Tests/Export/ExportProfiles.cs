using Heapwise.Profiles;
using Heapwise.Tests.Analysis;

namespace Heapwise.Tests.Export;

/// <summary>Small hand-built profiles whose call trees are easy to work out by hand.</summary>
internal static class ExportProfiles
{
    public static readonly (string Type, string Unit)[] AllocTypes = [("alloc_objects", "count"), ("alloc_space", "bytes")];

    /// <summary>
    /// App.Main calls App.Load (which calls App.Read), App.Parse (with App.Token inlined into it) and
    /// App.Walk recursively. Values: objects, bytes.
    /// </summary>
    public static Profile Allocations() => new StackProfile(AllocTypes)
        .Add("App.Main;App.Load;App.Read", 3, 3000)
        .Add("App.Main;App.Load", 1, 1000)
        .Add("App.Main;App.Load;App.Read", 2, 2000) // the same stack again: merged
        .Add("App.Main;App.Parse>App.Token", 4, 400)
        .Add("App.Main;App.Walk;App.Walk;App.Walk", 5, 50)
        .Add("App.Main;App.Zero", 0, 0)
        .Build();

    /// <summary>A profile whose only function name tries to break out of an HTML script element.</summary>
    public static Profile Hostile(string name)
    {
        // ProfileBuilder, not StackProfile: the name may hold StackProfile's separators ';' and '>'.
        var b = new ProfileBuilder(AllocTypes);
        ulong main = b.Location(b.Function("App.Main"));
        b.AddSample([b.Location(b.Function(name)), main], [1, 1024]);
        b.AddSample([b.Location(b.Function("App.Other")), main], [1, 2048]);
        return b.Build();
    }
}
