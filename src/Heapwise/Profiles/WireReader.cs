namespace Heapwise.Profiles;

/// <summary>
/// Reads protobuf wire format (varints and length-delimited fields) from a stream through a buffer,
/// counting the bytes consumed so errors can say where they happened. Only what
/// <see cref="CompactProfileDecoder"/> needs: it reads the top level of a profile itself and leaves
/// every message but samples to the generated parser.
/// </summary>
internal sealed class WireReader(Stream source)
{
    private readonly byte[] _buffer = new byte[1 << 16];
    private int _position;
    private int _end;
    private long _consumedBefore;

    /// <summary>Bytes consumed from the stream so far.</summary>
    public long Position => _consumedBefore + _position;

    /// <summary>Reads a field's tag, or returns false at the end of the stream.</summary>
    public bool TryReadTag(out uint tag)
    {
        if (_position == _end && !Fill())
        {
            tag = 0;
            return false;
        }

        ulong value = ReadVarint();
        if (value == 0 || value > uint.MaxValue)
        {
            throw Malformed("invalid field tag");
        }

        tag = (uint)value;
        return true;
    }

    /// <summary>Reads a base-128 varint.</summary>
    public ulong ReadVarint()
    {
        ulong result = 0;
        for (int shift = 0; shift < 64; shift += 7)
        {
            byte b = ReadByte();
            result |= (ulong)(b & 0x7f) << shift;
            if (b < 0x80)
            {
                return result;
            }
        }

        throw Malformed("varint longer than 10 bytes");
    }

    /// <summary>
    /// The next <paramref name="length"/> bytes as a span of the reader's own buffer, when they are there already
    /// (valid until the next read); false, reading nothing, when they are not.
    /// </summary>
    public bool TryReadInPlace(int length, out ReadOnlySpan<byte> bytes)
    {
        if (_end - _position >= length)
        {
            bytes = _buffer.AsSpan(_position, length);
            _position += length;
            return true;
        }

        bytes = default;
        return false;
    }

    /// <summary>Reads <paramref name="destination"/>.Length bytes.</summary>
    public void ReadExactly(Span<byte> destination)
    {
        while (!destination.IsEmpty)
        {
            if (_position == _end && !Fill())
            {
                throw Malformed("the data ends in the middle of a field");
            }

            int n = Math.Min(destination.Length, _end - _position);
            _buffer.AsSpan(_position, n).CopyTo(destination);
            _position += n;
            destination = destination[n..];
        }
    }

    /// <summary>Copies <paramref name="count"/> bytes to <paramref name="destination"/>.</summary>
    public void CopyTo(Stream destination, long count)
    {
        while (count > 0)
        {
            if (_position == _end && !Fill())
            {
                throw Malformed("the data ends in the middle of a field");
            }

            int n = (int)Math.Min(count, _end - _position);
            destination.Write(_buffer, _position, n);
            _position += n;
            count -= n;
        }
    }

    /// <summary>An error for malformed data at the current position.</summary>
    public PprofFormatException Malformed(string what) =>
        new($"malformed profile.proto data near byte {Position}: {what}.");

    private byte ReadByte()
    {
        if (_position == _end && !Fill())
        {
            throw Malformed("the data ends in the middle of a field");
        }

        return _buffer[_position++];
    }

    private bool Fill()
    {
        _consumedBefore += _end;
        _position = 0;
        _end = 0;
        try
        {
            _end = source.Read(_buffer, 0, _buffer.Length);
        }
        catch (InvalidDataException e)
        {
            throw new PprofFormatException($"decompressing failed: the gzip data is corrupt ({e.Message}).", e);
        }

        return _end > 0;
    }
}
