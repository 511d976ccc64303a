using Google.Protobuf;

namespace Heapwise.Profiles;

/// <summary>
/// Decodes a profile with its samples merged into a <see cref="SampleTable"/> as they stream in, so
/// memory grows with distinct stacks rather than samples. The top level is read here: sample fields are
/// decoded by hand, every other field is copied as it is and parsed by the generated code at the end
/// (strings, functions and locations are a small part of a large profile; unknown fields survive).
/// </summary>
internal static class CompactProfileDecoder
{
    private const int SampleField = 2;
    private const int LengthDelimited = 2;

    /// <summary>Decodes <paramref name="source"/> to its end.</summary>
    /// <exception cref="PprofFormatException">The data is not valid profile.proto.</exception>
    public static Profile Decode(Stream source)
    {
        var reader = new WireReader(source);
        using var rest = new MemoryStream();
        var samples = new SampleDecoder();
        while (reader.TryReadTag(out uint tag))
        {
            int field = (int)(tag >> 3);
            int wireType = (int)(tag & 7);
            if (field == SampleField && wireType == LengthDelimited)
            {
                samples.Decode(reader);
                continue;
            }

            CopyField(reader, tag, wireType, rest);
        }

        var profile = new Profile();
        try
        {
            rest.Position = 0;
            profile.MergeFrom(rest);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new PprofFormatException($"malformed profile.proto data outside the samples: {e.Message}", e);
        }

        profile.CompactSamples = samples.Table ?? new SampleTable(profile.SampleType.Count);
        return profile;
    }

    // Copies one top-level field, tag included, so the generated parser sees it as it was.
    private static void CopyField(WireReader reader, uint tag, int wireType, MemoryStream rest)
    {
        WriteVarint(rest, tag);
        switch (wireType)
        {
            case 0:
                WriteVarint(rest, reader.ReadVarint());
                break;
            case 1:
                reader.CopyTo(rest, 8);
                break;
            case 2:
                ulong length = reader.ReadVarint();
                if (length > int.MaxValue)
                {
                    throw reader.Malformed($"field {tag >> 3} claims {length} bytes");
                }

                WriteVarint(rest, length);
                reader.CopyTo(rest, (long)length);
                break;
            case 5:
                reader.CopyTo(rest, 4);
                break;
            default:
                throw reader.Malformed($"field {tag >> 3} has wire type {wireType}, which profile.proto never uses");
        }
    }

    private static void WriteVarint(MemoryStream destination, ulong value)
    {
        while (value >= 0x80)
        {
            destination.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }

        destination.WriteByte((byte)value);
    }

    /// <summary>Decodes <c>Sample</c> messages into a table, reusing its buffers from one sample to the next.</summary>
    private sealed class SampleDecoder
    {
        private byte[] _message = new byte[256];
        private ulong[] _locations = new ulong[64];
        private long[] _values = new long[4];
        private long[] _labels = new long[16];

        public SampleTable? Table { get; private set; }

        public void Decode(WireReader reader)
        {
            long at = reader.Position;
            ulong length = reader.ReadVarint();
            if (length > int.MaxValue)
            {
                throw reader.Malformed($"a sample claims {length} bytes");
            }

            // Most samples lie whole in the reader's buffer: decoded there, without a copy.
            if (!reader.TryReadInPlace((int)length, out var message))
            {
                if ((int)length > _message.Length)
                {
                    _message = new byte[Math.Max((int)length, _message.Length * 2)];
                }

                reader.ReadExactly(_message.AsSpan(0, (int)length));
                message = _message.AsSpan(0, (int)length);
            }
            int locationCount = 0, valueCount = 0, labelCount = 0;
            int p = 0;
            while (p < message.Length)
            {
                ulong tag = Varint(message, ref p, at);
                int wireType = (int)(tag & 7);
                switch ((tag >> 3, wireType))
                {
                    case (1, 2):
                    {
                        int end = PackedEnd(message, ref p, at);
                        while (p < end)
                        {
                            Append(ref _locations, ref locationCount, Varint(message, ref p, at));
                        }

                        CheckEnd(p, end, at);
                        break;
                    }
                    case (1, 0):
                        Append(ref _locations, ref locationCount, Varint(message, ref p, at));
                        break;
                    case (2, 2):
                    {
                        int end = PackedEnd(message, ref p, at);
                        while (p < end)
                        {
                            Append(ref _values, ref valueCount, (long)Varint(message, ref p, at));
                        }

                        CheckEnd(p, end, at);
                        break;
                    }
                    case (2, 0):
                        Append(ref _values, ref valueCount, (long)Varint(message, ref p, at));
                        break;
                    case (3, 2):
                        DecodeLabel(message, ref p, at, ref labelCount);
                        break;
                    default:
                        Skip(message, ref p, wireType, at);
                        break;
                }
            }

            Table ??= new SampleTable(valueCount);
            if (valueCount != Table.ValueCount)
            {
                throw new PprofFormatException(
                    $"sample {Table.AddedCount} has {valueCount} values but sample 0 has {Table.ValueCount}.");
            }

            Table.Add(_locations.AsSpan(0, locationCount), _values.AsSpan(0, valueCount), _labels.AsSpan(0, labelCount));
        }

        private void DecodeLabel(ReadOnlySpan<byte> message, ref int p, long at, ref int labelCount)
        {
            int end = PackedEnd(message, ref p, at);
            long key = 0, str = 0, num = 0, unit = 0;
            while (p < end)
            {
                ulong tag = Varint(message, ref p, at);
                if ((tag & 7) != 0)
                {
                    Skip(message, ref p, (int)(tag & 7), at);
                    continue;
                }

                long value = (long)Varint(message, ref p, at);
                switch (tag >> 3)
                {
                    case 1: key = value; break;
                    case 2: str = value; break;
                    case 3: num = value; break;
                    case 4: unit = value; break;
                }
            }

            CheckEnd(p, end, at);

            Append(ref _labels, ref labelCount, key);
            Append(ref _labels, ref labelCount, str);
            Append(ref _labels, ref labelCount, num);
            Append(ref _labels, ref labelCount, unit);
        }

        // Where a packed field's varints end; a varint running past it is caught by CheckEnd.
        private static int PackedEnd(ReadOnlySpan<byte> message, ref int p, long at)
        {
            int length = (int)Length(message, ref p, at); // before p is read: Length moves it past the length
            return p + length;
        }

        // Varints are read up to the sample's end, so a packed field whose last varint runs over its
        // length leaves p past where the next field starts: the sample is malformed.
        private static void CheckEnd(int p, int end, long at)
        {
            if (p != end)
            {
                throw Malformed(at, "a packed field overruns its length");
            }
        }

        private static ulong Length(ReadOnlySpan<byte> message, ref int p, long at)
        {
            ulong length = Varint(message, ref p, at);
            if (length > (ulong)(message.Length - p))
            {
                throw Malformed(at, "a field is longer than its sample");
            }

            return length;
        }

        private static void Skip(ReadOnlySpan<byte> message, ref int p, int wireType, long at)
        {
            switch (wireType)
            {
                case 0: Varint(message, ref p, at); break;
                case 1: p = checked(p + 8); break;
                case 2: p = PackedEnd(message, ref p, at); break;
                case 5: p = checked(p + 4); break;
                default: throw Malformed(at, $"a sample field has wire type {wireType}");
            }

            if (p > message.Length)
            {
                throw Malformed(at, "a field is longer than its sample");
            }
        }

        private static ulong Varint(ReadOnlySpan<byte> message, ref int p, long at)
        {
            ulong result = 0;
            for (int shift = 0; shift < 64; shift += 7)
            {
                if (p >= message.Length)
                {
                    throw Malformed(at, "a sample ends in the middle of a field");
                }

                byte b = message[p++];
                result |= (ulong)(b & 0x7f) << shift;
                if (b < 0x80)
                {
                    return result;
                }
            }

            throw Malformed(at, "varint longer than 10 bytes");
        }

        private static void Append<T>(ref T[] buffer, ref int count, T value)
        {
            if (count == buffer.Length)
            {
                Array.Resize(ref buffer, buffer.Length * 2);
            }

            buffer[count++] = value;
        }

        private static PprofFormatException Malformed(long at, string what) =>
            new($"malformed profile.proto data in the sample near byte {at}: {what}.");
    }
}
