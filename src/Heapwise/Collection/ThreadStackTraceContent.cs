using System.Globalization;
using System.Runtime.InteropServices;
using Heapwise.Profiles;
using Microsoft.Diagnostics.Tracing.Etlx;

namespace Heapwise.Collection;

/// <summary>What a thread dump asks for (the runtime's sampler), keeps (each thread's latest stack), and builds.</summary>
internal sealed class ThreadStackTraceContent(SessionSettings settings) : SampleProfilerContent<ThreadStackDump>
{
    /// <inheritdoc/>
    public override string ReaderThreadName => "Heapwise thread dump";

    /// <inheritdoc/>
    public override RecordingProgress Progress(TimeSpan elapsed, long droppedEvents) =>
        new(elapsed, Collector.ManagedCount + Collector.ExternalCount, 0, droppedEvents);

    /// <inheritdoc/>
    public override ThreadStackDump Build(TraceOutcome outcome)
    {
        var notes = new List<string> { $"Heapwise {RecordingNotes.ToolVersion}: managed threads of {settings.Target}." };
        RecordingNotes.AddSessionNotes(notes, settings, Collector.ExcludedThreadId, Collector.ExcludedCount, outcome.DroppedEvents, outcome.Failure);
        var builder = new ProfileBuilder(("threads", "count")).Period("threads", "count", 1).Time(outcome.Started, outcome.Duration);
        notes.ForEach(n => builder.Comment(n));
        var threads = new List<(int Id, string Name, bool Managed, List<ulong> Locations)>();
        if (outcome.Log is { } log)
        {
            using var stacks = new StackLocations(log, outcome.CodeMap, builder);
            stacks.RegisterEntryModuleFirst(Collector.LastStackByThread.Values);
            foreach (var (thread, stack) in Collector.LastStackByThread.OrderBy(t => t.Key))
            {
                var locations = new List<ulong>();
                stacks.Fill(stack, locations);
                bool managed = Collector.LastRunningManagedByThread[thread];
                string name = ThreadName(settings.ProcessId, thread);
                builder.AddSample(CollectionsMarshal.AsSpan(locations), [1],
                [
                    builder.NumericLabel("thread_id", thread, string.Empty),
                    builder.Label("thread_name", name),
                    builder.Label("state", managed ? "managed" : "external"),
                ]);
                threads.Add((thread, name, managed, locations));
            }
        }

        var profile = builder.Build();
        var frames = FrameTexts(profile);
        var listed = threads.Select(t => new DumpedThread(t.Id, t.Name, t.Managed, [.. t.Locations.Select(l => frames[l])])).ToList();
        return new ThreadStackDump(profile, listed, notes);
    }

    /// <summary>Each location as <c>Method (file:line)</c>, or the method alone where no line is known.</summary>
    private static Dictionary<ulong, string> FrameTexts(Profile profile)
    {
        var functions = profile.Function.ToDictionary(f => f.Id);
        var texts = new Dictionary<ulong, string>();
        foreach (var location in profile.Location)
        {
            var line = location.Line.Count > 0 ? location.Line[0] : null;
            var function = line is null ? null : functions.GetValueOrDefault(line.FunctionId);
            string name = function is null ? "[unknown]" : profile.StringTable[(int)function.Name];
            string file = function is null ? string.Empty : profile.StringTable[(int)function.Filename];
            texts[location.Id] = file.Length == 0 || line is null || line.Line_ <= 0
                ? name
                : string.Create(CultureInfo.InvariantCulture, $"{name} ({file}:{line.Line_})");
        }

        return texts;
    }

    /// <summary>The OS thread name from /proc on Linux; empty elsewhere or when the thread is gone.</summary>
    private static string ThreadName(int processId, int threadId)
    {
        if (!OperatingSystem.IsLinux())
        {
            return string.Empty;
        }

        try
        {
            return File.ReadAllText(string.Create(CultureInfo.InvariantCulture, $"/proc/{processId}/task/{threadId}/comm")).TrimEnd('\n');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return string.Empty;
        }
    }
}
