using System.Runtime.CompilerServices;

namespace Heapwise.Testing;

/// <summary>
/// Assertions on what code allocates, for any test framework: "allocates nothing", "at most N bytes", "at most N
/// bytes per run over K runs" (Go's <c>testing.AllocsPerRun</c>). Bytes are measured exactly (see
/// <see cref="AllocationMeter"/>); a failure throws <see cref="AllocationAssertionException"/> whose message lists the
/// top allocation sites, type and function and file:line, found by re-running the code under the allocation profiler.
/// </summary>
/// <example>
/// <code>
/// AllocationAssert.AllocatesNothing(() => parser.Parse(line));                       // after one warm-up run
/// AllocationAssert.AllocatesAtMostPerRun(64, runs: 1_000, () => cache.Get(key));
/// await AllocationAssert.AllocatesAtMostAsync(2_048, () => handler.HandleAsync(request));
/// </code>
/// </example>
public static class AllocationAssert
{
    /// <summary>Asserts that one run of <paramref name="action"/>, after the warm-up runs, allocates nothing on this thread.</summary>
    /// <param name="action">The code to measure.</param>
    /// <param name="options">Warm-up and explanation settings; <see cref="AllocationAssertOptions.Default"/> when <see langword="null"/>.</param>
    /// <param name="expression">Filled in by the compiler: the code as written, for the message.</param>
    /// <exception cref="AllocationAssertionException">The run allocated.</exception>
    public static void AllocatesNothing(Action action, AllocationAssertOptions? options = null,
        [CallerArgumentExpression(nameof(action))] string? expression = null) =>
        AllocatesAtMostPerRun(0, 1, action, options, expression);

    /// <summary>Asserts that one run of <paramref name="action"/>, after the warm-up runs, allocates at most <paramref name="maxBytes"/> on this thread.</summary>
    /// <param name="maxBytes">The most the run may allocate, in bytes.</param>
    /// <param name="action">The code to measure.</param>
    /// <param name="options">Warm-up and explanation settings; <see cref="AllocationAssertOptions.Default"/> when <see langword="null"/>.</param>
    /// <param name="expression">Filled in by the compiler: the code as written, for the message.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxBytes"/> is negative.</exception>
    /// <exception cref="AllocationAssertionException">The run allocated more.</exception>
    public static void AllocatesAtMost(long maxBytes, Action action, AllocationAssertOptions? options = null,
        [CallerArgumentExpression(nameof(action))] string? expression = null) =>
        AllocatesAtMostPerRun(maxBytes, 1, action, options, expression);

    /// <summary>
    /// Asserts that <paramref name="runs"/> runs of <paramref name="action"/>, after the warm-up runs, allocate at most
    /// <paramref name="maxBytesPerRun"/> per run on average on this thread: Go's <c>AllocsPerRun</c> as an assertion. As
    /// in Go, the average is rounded down (<see cref="AllocationMeasurement.WholeBytesPerRun"/>): less than one byte per
    /// run is nothing. With one run (<see cref="AllocatesAtMost"/>, <see cref="AllocatesNothing"/>) the bound is exact.
    /// </summary>
    /// <param name="maxBytesPerRun">The most a run may allocate on average, in bytes.</param>
    /// <param name="runs">How many runs to measure.</param>
    /// <param name="action">The code to measure.</param>
    /// <param name="options">Warm-up and explanation settings; <see cref="AllocationAssertOptions.Default"/> when <see langword="null"/>.</param>
    /// <param name="expression">Filled in by the compiler: the code as written, for the message.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxBytesPerRun"/> is negative or <paramref name="runs"/> not positive.</exception>
    /// <exception cref="AllocationAssertionException">The runs allocated more.</exception>
    public static void AllocatesAtMostPerRun(long maxBytesPerRun, int runs, Action action, AllocationAssertOptions? options = null,
        [CallerArgumentExpression(nameof(action))] string? expression = null)
    {
        ArgumentNullException.ThrowIfNull(action);
        ArgumentOutOfRangeException.ThrowIfNegative(maxBytesPerRun);
        options ??= AllocationAssertOptions.Default;
        var measured = AllocationMeter.MeasurePerRun(runs, action, options.WarmupRuns);
        if (measured.WholeBytesPerRun <= maxBytesPerRun)
        {
            return;
        }

        var explanation = options.ExplainFailures ? AllocationSiteSampler.Explain(action, options) : null;
        throw Failure(expression, maxBytesPerRun, measured, options, "on the calling thread", explanation);
    }

    /// <summary>
    /// Asserts that one run of <paramref name="operation"/>, after the warm-up runs, allocates nothing on any thread
    /// its execution context runs on (see <see cref="AllocationMeter.MeasureAsync"/>).
    /// </summary>
    /// <param name="operation">The asynchronous code to measure.</param>
    /// <param name="options">Warm-up and explanation settings; <see cref="AllocationAssertOptions.Default"/> when <see langword="null"/>.</param>
    /// <param name="expression">Filled in by the compiler: the code as written, for the message.</param>
    /// <exception cref="AllocationAssertionException">The run allocated.</exception>
    public static Task AllocatesNothingAsync(Func<Task> operation, AllocationAssertOptions? options = null,
        [CallerArgumentExpression(nameof(operation))] string? expression = null) =>
        AllocatesAtMostPerRunAsync(0, 1, operation, options, expression);

    /// <summary>
    /// Asserts that one run of <paramref name="operation"/>, after the warm-up runs, allocates at most
    /// <paramref name="maxBytes"/> on the threads its execution context runs on (see <see cref="AllocationMeter.MeasureAsync"/>).
    /// </summary>
    /// <param name="maxBytes">The most the run may allocate, in bytes.</param>
    /// <param name="operation">The asynchronous code to measure.</param>
    /// <param name="options">Warm-up and explanation settings; <see cref="AllocationAssertOptions.Default"/> when <see langword="null"/>.</param>
    /// <param name="expression">Filled in by the compiler: the code as written, for the message.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxBytes"/> is negative.</exception>
    /// <exception cref="AllocationAssertionException">The run allocated more.</exception>
    public static Task AllocatesAtMostAsync(long maxBytes, Func<Task> operation, AllocationAssertOptions? options = null,
        [CallerArgumentExpression(nameof(operation))] string? expression = null) =>
        AllocatesAtMostPerRunAsync(maxBytes, 1, operation, options, expression);

    /// <summary>
    /// Asserts that <paramref name="runs"/> sequential runs of <paramref name="operation"/>, after the warm-up runs,
    /// allocate at most <paramref name="maxBytesPerRun"/> per run on average on the threads their execution context runs on,
    /// the average rounded down as in Go (see <see cref="AllocatesAtMostPerRun"/>).
    /// </summary>
    /// <param name="maxBytesPerRun">The most a run may allocate on average, in bytes.</param>
    /// <param name="runs">How many runs to measure.</param>
    /// <param name="operation">The asynchronous code to measure.</param>
    /// <param name="options">Warm-up and explanation settings; <see cref="AllocationAssertOptions.Default"/> when <see langword="null"/>.</param>
    /// <param name="expression">Filled in by the compiler: the code as written, for the message.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxBytesPerRun"/> is negative or <paramref name="runs"/> not positive.</exception>
    /// <exception cref="AllocationAssertionException">The runs allocated more.</exception>
    public static async Task AllocatesAtMostPerRunAsync(long maxBytesPerRun, int runs, Func<Task> operation, AllocationAssertOptions? options = null,
        [CallerArgumentExpression(nameof(operation))] string? expression = null)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentOutOfRangeException.ThrowIfNegative(maxBytesPerRun);
        options ??= AllocationAssertOptions.Default;
        var measured = await AllocationMeter.MeasureAsync(operation, runs, options.WarmupRuns).ConfigureAwait(false);
        if (measured.WholeBytesPerRun <= maxBytesPerRun)
        {
            return;
        }

        var explanation = options.ExplainFailures ? await AllocationSiteSampler.ExplainAsync(operation, options).ConfigureAwait(false) : null;
        throw Failure(expression, maxBytesPerRun, measured, options, "on the threads the operation's execution context ran on", explanation);
    }

    private static AllocationAssertionException Failure(string? expression, long limit, AllocationMeasurement measured,
        AllocationAssertOptions options, string scope, AllocationExplanation? explanation)
    {
        string operation = string.IsNullOrWhiteSpace(expression) ? "the code" : expression;
        return new AllocationAssertionException(
            AllocationFailureMessage.Compose(operation, limit, measured, options.WarmupRuns, scope, explanation), measured, limit, explanation);
    }
}
