using System.IO.Compression;
using System.Runtime.InteropServices;

namespace Heapwise.Heap;

/// <summary>
/// Heapwise's own heap snapshot file (<c>.hwheap</c>): the whole object graph, so reports, paths and diffs can be
/// computed later. Gzip over a little-endian binary body: a magic and version, the snapshot's info, then the
/// snapshot's arrays as they are in memory. Version 2 adds tagged sections after the arrays (a 4-byte tag, a
/// length, the payload), so optional data such as the waste analysis can be added and skipped by tag; a snapshot
/// without optional data is still written as version 1, which every Heapwise reads. Written atomically; read back
/// with every index checked.
/// </summary>
public static class HeapSnapshotFile
{
    /// <summary>The extension Heapwise gives snapshot files.</summary>
    public const string Extension = ".hwheap";

    /// <summary>The newest format version this code writes and reads (it reads 1 too).</summary>
    public const int FormatVersion = 2;

    private const int FirstVersion = 1;

    private const int MaxCount = 1 << 29;
    private static readonly byte[] Magic = "HWHEAP\r\n"u8.ToArray();
    private static readonly byte[] EndMarker = "END."u8.ToArray();
    private static readonly byte[] WasteTag = "WAST"u8.ToArray();

    /// <summary>Writes <paramref name="snapshot"/> to <paramref name="path"/> (through a temporary file renamed into place).</summary>
    /// <exception cref="HeapwiseException">The file cannot be written.</exception>
    public static void Write(HeapSnapshot snapshot, string path)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        AtomicFile.Write(path, stream => Write(snapshot, stream));
    }

    /// <summary>Writes <paramref name="snapshot"/> to <paramref name="stream"/>.</summary>
    public static void Write(HeapSnapshot snapshot, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(stream);
        using var gzip = new GZipStream(stream, CompressionLevel.Fastest, leaveOpen: true);
        using var writer = new BinaryWriter(new BufferedStream(gzip, 1 << 16));
        writer.Write(Magic);
        writer.Write(snapshot.Waste is null ? FirstVersion : FormatVersion);
        var info = snapshot.Info;
        writer.Write(info.ProcessId);
        writer.Write(info.ProcessDescription);
        writer.Write(info.TakenAt.UtcTicks);
        writer.Write(info.TargetPause.Ticks);
        writer.Write(info.Duration.Ticks);
        writer.Write(info.DroppedEvents);
        writer.Write(info.Problems.Count);
        foreach (string problem in info.Problems)
        {
            writer.Write(problem);
        }

        writer.Write(snapshot.ObjectCount);
        writer.Write(snapshot.ReferenceCount);
        writer.Write(snapshot.RootCount);
        writer.Write(snapshot.TypeCount);
        foreach (string name in snapshot.TypeNames)
        {
            writer.Write(name);
        }

        WriteArray(writer, snapshot.Addresses);
        WriteArray(writer, snapshot.Sizes);
        WriteArray(writer, snapshot.Types);
        WriteArray(writer, snapshot.Generations);
        WriteArray(writer, snapshot.EdgeStarts);
        WriteArray(writer, snapshot.EdgeTargets);
        WriteArray(writer, snapshot.RootTargets);
        WriteArray(writer, MemoryMarshal.Cast<HeapRootKind, byte>(snapshot.RootKinds.AsSpan()).ToArray());
        foreach (string name in snapshot.RootNames)
        {
            writer.Write(name);
        }

        if (snapshot.Waste is { } waste)
        {
            using var section = new MemoryStream();
            using (var sectionWriter = new BinaryWriter(section, System.Text.Encoding.UTF8, leaveOpen: true))
            {
                HeapWasteFormat.Write(sectionWriter, waste);
            }

            writer.Write(WasteTag);
            writer.Write(section.Length);
            writer.Write(section.GetBuffer(), 0, (int)section.Length);
        }

        writer.Write(EndMarker);
    }

    /// <summary>Reads the snapshot in <paramref name="path"/>.</summary>
    /// <exception cref="HeapwiseException">The file cannot be read.</exception>
    /// <exception cref="HeapSnapshotFormatException">The file is not a valid snapshot; the message says what is wrong.</exception>
    public static HeapSnapshot Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        FileStream file;
        try
        {
            file = File.OpenRead(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            string reason = e is FileNotFoundException or DirectoryNotFoundException ? "no such file" : e.Message;
            throw new HeapwiseException($"cannot read heap snapshot '{path}': {reason}; check the path.", e);
        }

        using (file)
        {
            return Read(file, path);
        }
    }

    /// <summary>Reads a snapshot from <paramref name="stream"/>; <paramref name="name"/> names it in error messages.</summary>
    /// <exception cref="HeapSnapshotFormatException">The data is not a valid snapshot.</exception>
    public static HeapSnapshot Read(Stream stream, string name)
    {
        ArgumentNullException.ThrowIfNull(stream);
        try
        {
            using var gzip = new GZipStream(stream, CompressionMode.Decompress, leaveOpen: true);
            using var reader = new BinaryReader(new BufferedStream(gzip, 1 << 16));
            return ReadBody(reader, name);
        }
        catch (Exception e) when (e is EndOfStreamException or InvalidDataException or IOException or FormatException
            or OverflowException or ArgumentException or OutOfMemoryException)
        {
            string reason = e is EndOfStreamException ? "it is truncated" : $"its data is corrupt ({e.Message.TrimEnd('.')})";
            throw new HeapSnapshotFormatException($"'{name}' is not a valid Heapwise heap snapshot: {reason}; take the snapshot again with 'heapwise heap --pid'.", e);
        }
    }

    private static HeapSnapshot ReadBody(BinaryReader reader, string name)
    {
        byte[] magic = reader.ReadBytes(Magic.Length);
        if (!magic.AsSpan().SequenceEqual(Magic))
        {
            throw Invalid(name, "it does not start with the snapshot header (is it a pprof profile? those are read by 'heapwise top')");
        }

        int version = reader.ReadInt32();
        if (version is < FirstVersion or > FormatVersion)
        {
            throw Invalid(name, $"it has format version {version}, this Heapwise reads versions {FirstVersion} to {FormatVersion} (a newer Heapwise wrote it?)");
        }

        int pid = reader.ReadInt32();
        string description = reader.ReadString();
        long taken = reader.ReadInt64();
        long pause = reader.ReadInt64();
        long duration = reader.ReadInt64();
        long dropped = reader.ReadInt64();
        int problemCount = Count(reader, name, "problem");
        var problems = new string[problemCount];
        for (int i = 0; i < problemCount; i++)
        {
            problems[i] = reader.ReadString();
        }

        if (taken < DateTimeOffset.MinValue.UtcTicks || taken > DateTimeOffset.MaxValue.UtcTicks || pause < 0 || duration < 0 || dropped < 0)
        {
            throw Invalid(name, "its header has impossible times or counts");
        }

        int objects = Count(reader, name, "object");
        int edges = Count(reader, name, "reference");
        int roots = Count(reader, name, "root");
        int typeCount = Count(reader, name, "type");
        var typeNames = new string[typeCount];
        for (int i = 0; i < typeCount; i++)
        {
            typeNames[i] = reader.ReadString();
        }

        var addresses = ReadArray<ulong>(reader, objects);
        var sizes = ReadArray<long>(reader, objects);
        var types = ReadArray<int>(reader, objects);
        var generations = ReadArray<byte>(reader, objects);
        var edgeStarts = ReadArray<int>(reader, objects + 1);
        var edgeTargets = ReadArray<int>(reader, edges);
        var rootTargets = ReadArray<int>(reader, roots);
        var rootKindBytes = ReadArray<byte>(reader, roots);
        var rootNames = new string[roots];
        for (int i = 0; i < roots; i++)
        {
            rootNames[i] = reader.ReadString();
        }

        HeapWaste? waste = null;
        byte[] tag = reader.ReadBytes(EndMarker.Length);
        while (version > FirstVersion && tag.Length == EndMarker.Length && !tag.AsSpan().SequenceEqual(EndMarker))
        {
            long length = reader.ReadInt64();
            if (length < 0 || length > int.MaxValue)
            {
                throw Invalid(name, $"a section has the impossible length {length}");
            }

            byte[] payload = ReadArray<byte>(reader, (int)length);
            if (tag.AsSpan().SequenceEqual(WasteTag))
            {
                using var sectionReader = new BinaryReader(new MemoryStream(payload));
                waste = HeapWasteFormat.Read(sectionReader, reason => Invalid(name, "its waste section " + reason));
                if (sectionReader.BaseStream.Position != payload.Length)
                {
                    throw Invalid(name, "its waste section has bytes left over");
                }
            }

            // Sections with other tags were added by a newer Heapwise: skipped.
            tag = reader.ReadBytes(EndMarker.Length);
        }

        if (!tag.AsSpan().SequenceEqual(EndMarker))
        {
            throw Invalid(name, "its end marker is missing");
        }

        Validate(name, objects, typeCount, sizes, types, generations, edgeStarts, edgeTargets, rootTargets, rootKindBytes);
        var info = new HeapSnapshotInfo
        {
            ProcessId = pid,
            ProcessDescription = description,
            TakenAt = new DateTimeOffset(taken, TimeSpan.Zero),
            TargetPause = TimeSpan.FromTicks(pause),
            Duration = TimeSpan.FromTicks(duration),
            DroppedEvents = dropped,
            Problems = problems,
        };
        var rootKinds = MemoryMarshal.Cast<byte, HeapRootKind>(rootKindBytes).ToArray();
        return new HeapSnapshot(info, addresses, sizes, types, generations, edgeStarts, edgeTargets, typeNames, rootTargets, rootKinds, rootNames, waste);
    }

    private static void Validate(string name, int objects, int typeCount, long[] sizes, int[] types, byte[] generations, int[] edgeStarts,
        int[] edgeTargets, int[] rootTargets, byte[] rootKinds)
    {
        for (int i = 0; i < objects; i++)
        {
            if ((uint)types[i] >= (uint)typeCount || sizes[i] < 0 || (generations[i] > 4 && generations[i] != HeapSnapshot.UnknownGeneration))
            {
                throw Invalid(name, $"object {i} has an invalid type, size or generation");
            }

            if (edgeStarts[i] > edgeStarts[i + 1])
            {
                throw Invalid(name, $"the references of object {i} are out of order");
            }
        }

        if (edgeStarts[0] != 0 || edgeStarts[objects] != edgeTargets.Length)
        {
            throw Invalid(name, "its reference table does not add up");
        }

        if (edgeTargets.Any(t => (uint)t >= (uint)objects) || rootTargets.Any(t => (uint)t >= (uint)objects))
        {
            throw Invalid(name, "a reference or root points outside the snapshot's objects");
        }

        if (rootKinds.Any(k => k > (byte)HeapRootKind.Other))
        {
            throw Invalid(name, "a root has an unknown kind");
        }
    }

    private static int Count(BinaryReader reader, string name, string what)
    {
        int count = reader.ReadInt32();
        if (count < 0 || count > MaxCount)
        {
            throw Invalid(name, $"its {what} count {count} is impossible");
        }

        return count;
    }

    private static void WriteArray<T>(BinaryWriter writer, T[] values) where T : unmanaged =>
        writer.Write(MemoryMarshal.AsBytes(values.AsSpan()));

    private static T[] ReadArray<T>(BinaryReader reader, int count) where T : unmanaged
    {
        // Filled in slices, so a corrupt count in a short file fails at the end of the data rather than after
        // allocating all it claims.
        var values = new List<T[]>();
        int remaining = count;
        const int Slice = 1 << 20;
        while (remaining > 0)
        {
            var part = new T[Math.Min(remaining, Slice)];
            var bytes = MemoryMarshal.AsBytes(part.AsSpan());
            reader.BaseStream.ReadExactly(bytes);
            values.Add(part);
            remaining -= part.Length;
        }

        if (values.Count == 1)
        {
            return values[0];
        }

        var all = new T[count];
        int at = 0;
        foreach (var part in values)
        {
            part.CopyTo(all, at);
            at += part.Length;
        }

        return all;
    }

    private static HeapSnapshotFormatException Invalid(string name, string reason) =>
        new($"'{name}' is not a valid Heapwise heap snapshot: {reason}; take the snapshot again with 'heapwise heap --pid'.");
}
