namespace Heapwise.Profiles;

/// <summary>
/// A read-only view of a stream that fails with <see cref="PprofFormatException"/> once more than a
/// given number of bytes has been read: decompressed data is checked as it streams, so a gzip bomb
/// is stopped without ever being held in memory.
/// </summary>
internal sealed class LimitedReadStream(Stream inner, long limit, string tooLargeMessage) : Stream
{
    private long _read;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _read;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int n = inner.Read(buffer);
        _read += n;
        if (_read > limit)
        {
            throw new PprofFormatException(tooLargeMessage);
        }

        return n;
    }

    public override void Flush() { }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
