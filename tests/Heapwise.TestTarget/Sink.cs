using System.Runtime.CompilerServices;

namespace Heapwise.TestTarget;

/// <summary>
/// Makes every allocation escape to the heap while keeping at most one object alive.
/// Without it the .NET 10 JIT may allocate non-escaping objects on the stack, and the
/// runtime would never report them.
/// </summary>
internal static class Sink
{
    private static object? s_last;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Keep(object value) => Volatile.Write(ref s_last, value);
}
