namespace Heapwise.Heap;

/// <summary>Collections of one type whose capacity is at least <see cref="WasteOptions.CapacityRatio"/> times their count.</summary>
/// <param name="Type">The collection type, e.g. <c>System.Collections.Generic.List&lt;System.Int32&gt;</c>.</param>
/// <param name="Objects">How many such collections.</param>
/// <param name="Count">Their element counts added up.</param>
/// <param name="Capacity">Their capacities (slots allocated) added up.</param>
/// <param name="WastedBytes">Unused slots times the bytes of a slot.</param>
public sealed record WasteCollectionRow(string Type, long Objects, long Count, long Capacity, long WastedBytes);
