namespace Heapwise.LoadTest;

/// <summary>One phase of one round: the load's measurements and, for a capture phase, what the capture returned.</summary>
/// <param name="Phase">Which phase.</param>
/// <param name="Load">Latencies, failures, throughput.</param>
/// <param name="CaptureProblem">Why the capture was not a valid profile, or <see langword="null"/> when it was (or none ran).</param>
/// <param name="CaptureSamples">Samples in the captured profile; 0 without a capture.</param>
internal sealed record PhaseResult(CapturePhase Phase, LoadResult Load, string? CaptureProblem, int CaptureSamples);
