namespace Heapwise.Export;

/// <summary>What a flame graph page shows; the defaults suit profiles of any size.</summary>
public sealed record FlameGraphOptions
{
    /// <summary>The defaults: the sample type as title, frames down to one 100,000th of the total.</summary>
    public static FlameGraphOptions Default { get; } = new();

    /// <summary>The page title, e.g. the profile's file name; <see langword="null"/> or empty for the sample type.</summary>
    public string? Title { get; init; }

    /// <summary>
    /// Frames (and everything they call) whose total is below this fraction of the profile total are
    /// not embedded, which bounds the page size on profiles with millions of distinct stacks. Their
    /// value still counts in their callers (as self). Default 0.00001: such a frame is a hundredth of
    /// a pixel wide on a 1,000-pixel chart and reaches one pixel only when zoomed into a frame of 1%
    /// of the total. 0 embeds every frame.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative, above 1 or not a number.</exception>
    public double MinFrameFraction
    {
        get;
        init
        {
            if (!(value >= 0 && value <= 1))
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "The minimum frame fraction must be between 0 and 1.");
            }

            field = value;
        }
    } = 0.00001;
}
