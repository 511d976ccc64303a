namespace Heapwise.Heap;

/// <summary>An array of primitives or structs whose elements are mostly zero bytes.</summary>
/// <param name="Type">The array type, e.g. <c>System.Byte[]</c>.</param>
/// <param name="Length">Its number of elements.</param>
/// <param name="Bytes">Its size, header included.</param>
/// <param name="ZeroBytes">How many of its element bytes are zero (the waste counted).</param>
public sealed record WasteArrayRow(string Type, long Length, long Bytes, long ZeroBytes);
