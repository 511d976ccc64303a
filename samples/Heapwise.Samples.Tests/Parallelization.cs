// The samples run one test at a time: thread-leak checks see every thread of the process, and the profiler sessions
// that explain allocation failures should not record each other's tests.
[assembly: Xunit.v3.Parallelization(Mode = Xunit.Sdk.ParallelMode.None)]
