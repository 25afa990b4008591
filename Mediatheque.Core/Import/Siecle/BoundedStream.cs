namespace Mediatheque.Core.Import.Siecle;

/// <summary>
/// A read-only view of a stream that fails past a number of bytes. What a zip entry says of its own size is the
/// sender's word: the bytes actually inflated are counted instead, so that a zip bomb stops at the limit.
/// </summary>
internal sealed class BoundedStream(Stream inner, long limit) : Stream
{
    private long read;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => read;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        // One byte more than allowed is asked for, so that a file of exactly the limit still passes.
        var wanted = (int)Math.Min(buffer.Length, limit - read + 1);
        var n = inner.Read(buffer[..wanted]);
        read += n;
        if (read > limit)
        {
            throw new TooLargeException();
        }

        return n;
    }

    public override void Flush()
    {
    }

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

    public sealed class TooLargeException : IOException;
}
