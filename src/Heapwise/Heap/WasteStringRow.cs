namespace Heapwise.Heap;

/// <summary>A string content held by more than one string object.</summary>
/// <param name="Preview">The content's start, escaped (<c>\n</c>, <c>\u0000</c>, ...) and cut at <see cref="WasteOptions.PreviewLength"/> characters with <c>…</c>.</param>
/// <param name="Length">The content's length in characters.</param>
/// <param name="Copies">How many string objects hold it.</param>
/// <param name="BytesEach">The size of one of them.</param>
/// <param name="WastedBytes">What the copies beyond the first cost: (copies − 1) × size.</param>
public sealed record WasteStringRow(string Preview, int Length, long Copies, long BytesEach, long WastedBytes);
