using System.Runtime.CompilerServices;

namespace Heapwise.TestTarget;

/// <summary>
/// Allocations from the code shapes whose compiled names differ from their source names:
/// an async method (a state machine), a lambda, a local function and a generic type.
/// The tests check that frames read as the source does.
/// </summary>
internal static class ShapesWorkload
{
    private const int Rounds = 20_000;

    public static async Task RunAsync()
    {
        await AllocateAsync().ConfigureAwait(false);
        Func<int, int> lambda = n =>
        {
            for (int i = 0; i < n; i++)
            {
                Sink.Keep(new int[250]);
            }

            return n;
        };
        Sink.Keep(lambda(Rounds));
        AllocateInLocalFunction(Rounds);
        var bag = new Bag<string>();
        for (int i = 0; i < Rounds; i++)
        {
            bag.Fill("x");
        }

        var dictionary = new Dictionary<string, int>();
        for (int i = 0; i < Rounds; i++)
        {
            Sink.Keep(new Dictionary<string, int>(dictionary));
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task AllocateAsync()
    {
        for (int i = 0; i < Rounds; i++)
        {
            Sink.Keep(new long[125]);
            if (i % 1000 == 0)
            {
                await Task.Yield();
            }
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void AllocateInLocalFunction(int rounds)
    {
        for (int i = 0; i < rounds; i++)
        {
            Fill();
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        static void Fill() => Sink.Keep(new char[500]);
    }

    private sealed class Bag<T>
    {
        private int _fills;

        [MethodImpl(MethodImplOptions.NoInlining)]
        public void Fill(T item)
        {
            var items = new T[120];
            items[0] = item;
            _fills++;
            Sink.Keep(items);
        }
    }
}
