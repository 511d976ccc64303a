namespace Heapwise.Heap;

/// <summary>The waste section of a snapshot file (<see cref="HeapSnapshotFile"/>, version 2): the findings, their totals and the dump's cost.</summary>
internal static class HeapWasteFormat
{
    private const int MaxRows = 1 << 20;

    /// <summary>Writes <paramref name="waste"/>.</summary>
    public static void Write(BinaryWriter writer, HeapWaste waste)
    {
        writer.Write(waste.Dump.DumpBytes);
        writer.Write(waste.Dump.WriteTime.Ticks);
        writer.Write(waste.Dump.AnalysisTime.Ticks);
        var options = waste.Options;
        writer.Write(options.CapacityRatio);
        writer.Write(options.MinArrayBytes);
        writer.Write(options.ZeroFraction);
        writer.Write(options.MaxDistinctStrings);
        writer.Write(options.RowCount);
        writer.Write(options.PreviewLength);
        writer.Write(waste.ObjectCount);
        writer.Write(waste.HeapBytes);
        writer.Write(waste.CollectionBytes);
        writer.Write(waste.EmptyCollectionBytes);
        writer.Write(waste.DuplicateStringBytes);
        writer.Write(waste.ZeroArrayBytes);
        Rows(writer, waste.Collections, (w, r) => { w.Write(r.Type); w.Write(r.Objects); w.Write(r.Count); w.Write(r.Capacity); w.Write(r.WastedBytes); });
        Rows(writer, waste.EmptyCollections, (w, r) => { w.Write(r.Type); w.Write(r.Objects); w.Write(r.Bytes); });
        Rows(writer, waste.DuplicateStrings, (w, r) => { w.Write(r.Preview); w.Write(r.Length); w.Write(r.Copies); w.Write(r.BytesEach); w.Write(r.WastedBytes); });
        Rows(writer, waste.ZeroArrays, (w, r) => { w.Write(r.Type); w.Write(r.Length); w.Write(r.Bytes); w.Write(r.ZeroBytes); });
        Rows(writer, waste.Notes, (w, note) => w.Write(note));
    }

    /// <summary>Reads a waste section; <paramref name="invalid"/> makes the exception for a reason such as "has a negative size".</summary>
    public static HeapWaste Read(BinaryReader reader, Func<string, Exception> invalid)
    {
        var dump = new HeapDumpCost(Size(reader, invalid), TimeSpan.FromTicks(Size(reader, invalid)), TimeSpan.FromTicks(Size(reader, invalid)));
        var options = new WasteOptions
        {
            CapacityRatio = reader.ReadDouble(),
            MinArrayBytes = reader.ReadInt64(),
            ZeroFraction = reader.ReadDouble(),
            MaxDistinctStrings = reader.ReadInt32(),
            RowCount = reader.ReadInt32(),
            PreviewLength = reader.ReadInt32(),
        };
        return new HeapWaste
        {
            Dump = dump,
            Options = options,
            ObjectCount = Size(reader, invalid),
            HeapBytes = Size(reader, invalid),
            CollectionBytes = Size(reader, invalid),
            EmptyCollectionBytes = Size(reader, invalid),
            DuplicateStringBytes = Size(reader, invalid),
            ZeroArrayBytes = Size(reader, invalid),
            Collections = Rows(reader, invalid, r => new WasteCollectionRow(r.ReadString(), Size(r, invalid), Size(r, invalid), Size(r, invalid), Size(r, invalid))),
            EmptyCollections = Rows(reader, invalid, r => new WasteEmptyRow(r.ReadString(), Size(r, invalid), Size(r, invalid))),
            DuplicateStrings = Rows(reader, invalid, r => new WasteStringRow(r.ReadString(), (int)Math.Min(int.MaxValue, Size(r, invalid, r.ReadInt32())), Size(r, invalid), Size(r, invalid), Size(r, invalid))),
            ZeroArrays = Rows(reader, invalid, r => new WasteArrayRow(r.ReadString(), Size(r, invalid), Size(r, invalid), Size(r, invalid))),
            Notes = Rows(reader, invalid, r => r.ReadString()),
        };
    }

    private static void Rows<T>(BinaryWriter writer, IReadOnlyList<T> rows, Action<BinaryWriter, T> write)
    {
        writer.Write(rows.Count);
        foreach (var row in rows)
        {
            write(writer, row);
        }
    }

    private static T[] Rows<T>(BinaryReader reader, Func<string, Exception> invalid, Func<BinaryReader, T> read)
    {
        int count = reader.ReadInt32();
        if (count < 0 || count > MaxRows)
        {
            throw invalid($"has the impossible row count {count}");
        }

        var rows = new T[count];
        for (int i = 0; i < count; i++)
        {
            rows[i] = read(reader);
        }

        return rows;
    }

    /// <summary>A count, size or duration, which cannot be negative.</summary>
    private static long Size(BinaryReader reader, Func<string, Exception> invalid, long? value = null)
    {
        long read = value ?? reader.ReadInt64();
        return read >= 0 ? read : throw invalid($"has the negative value {read}");
    }
}
