namespace Heapwise.Samples;

/// <summary>Requests and bytes seen for one <c>user:action</c> key.</summary>
internal readonly record struct RequestStats(long Count, long Bytes)
{
    public RequestStats Add(int bytes) => new(Count + 1, Bytes + bytes);
}
