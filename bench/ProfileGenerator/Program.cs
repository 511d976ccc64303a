using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Heapwise.Bench.ProfileGenerator;
using Heapwise.Profiles;

// Generates the synthetic profile the benchmarks read. Summary to stderr, so stdout stays empty.
var defaults = new GeneratorOptions();
var output = new Option<FileInfo>("--output", "-o") { Description = "Where to write the gzip pprof file.", Required = true };
var samples = new Option<int>("--samples") { Description = "Number of samples.", DefaultValueFactory = _ => defaults.Samples };
var functions = new Option<int>("--functions") { Description = "Number of distinct functions.", DefaultValueFactory = _ => defaults.Functions };
var locations = new Option<int>("--locations") { Description = "Number of distinct locations (call sites); at least --functions.", DefaultValueFactory = _ => defaults.Locations };
var minDepth = new Option<int>("--min-depth") { Description = "Shallowest stack, frames.", DefaultValueFactory = _ => defaults.MinDepth };
var maxDepth = new Option<int>("--max-depth") { Description = "Deepest stack, frames.", DefaultValueFactory = _ => defaults.MaxDepth };
var types = new Option<int>("--types") { Description = "Number of distinct allocated types (type label values).", DefaultValueFactory = _ => defaults.Types };
var seed = new Option<int>("--seed") { Description = "Seed: the same options and seed give the same file.", DefaultValueFactory = _ => defaults.Seed };

var root = new RootCommand("Generates a large, realistic, deterministic pprof allocation profile for Heapwise's benchmarks.")
{
    output, samples, functions, locations, minDepth, maxDepth, types, seed,
};
root.SetAction(result =>
{
    var options = new GeneratorOptions
    {
        Samples = result.GetValue(samples),
        Functions = result.GetValue(functions),
        Locations = result.GetValue(locations),
        MinDepth = result.GetValue(minDepth),
        MaxDepth = result.GetValue(maxDepth),
        Types = result.GetValue(types),
        Seed = result.GetValue(seed),
    };
    try
    {
        options.Validate();
    }
    catch (ArgumentException e)
    {
        Console.Error.WriteLine(e.Message);
        return 2;
    }

    var stopwatch = Stopwatch.StartNew();
    Profile profile = SyntheticProfile.Generate(options);
    string path = result.GetValue(output)!.FullName;
    PprofWriter.WriteFile(profile, path);
    Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"wrote {path}: {profile.Sample.Count:N0} samples, {profile.Function.Count:N0} functions, {profile.Location.Count:N0} locations, " +
        $"{new FileInfo(path).Length / 1e6:F1} MB in {stopwatch.Elapsed.TotalSeconds:F1} s"));
    return 0;
});
return root.Parse(args).Invoke();
