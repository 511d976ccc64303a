using System.CommandLine;
using Heapwise.Samples;
using Heapwise.Samples.App;

// One subcommand per demo workload, plus `churn` for the overhead benchmark. Results go to stdout;
// they are what a script reads.
var root = new RootCommand("Runs Heapwise's demo workloads as a process to profile, e.g. `heapwise run -- dotnet Heapwise.Samples.App.dll transform`.");
foreach (DemoWorkload workload in DemoWorkloads.All)
{
    root.Subcommands.Add(WorkloadCommand.Create(workload));
}

root.Subcommands.Add(ChurnCommand.Create());
return root.Parse(args).Invoke();
