namespace Heapwise.Bench.ProfileGenerator;

/// <summary>
/// Unique, realistic .NET names for generated functions and types. Layers near the roots get hosting
/// and web framework namespaces, the middle gets application code, the deep layers get libraries,
/// the way a service's stacks read from Main down to System.Text.Json.
/// </summary>
internal static class SyntheticNames
{
    private static readonly string[] HostingNamespaces =
    [
        "Microsoft.AspNetCore.Server.Kestrel.Core.Internal.Http", "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Routing",
        "Microsoft.AspNetCore.Mvc.Infrastructure", "Microsoft.AspNetCore.Authentication", "Microsoft.AspNetCore.Diagnostics",
        "Microsoft.Extensions.DependencyInjection.ServiceLookup", "Grpc.AspNetCore.Server.Internal",
    ];

    private static readonly string[] ApplicationNamespaces =
    [
        "Contoso.Orders", "Contoso.Billing", "Contoso.Catalog", "Contoso.Shipping", "Contoso.Identity",
        "Contoso.Search", "Contoso.Reporting", "Contoso.Inventory", "Contoso.Pricing", "Contoso.Notifications",
    ];

    private static readonly string[] LibraryNamespaces =
    [
        "System.Text.Json.Serialization.Converters", "System.Linq", "System.Collections.Generic", "System.Threading.Tasks",
        "System.Net.Http", "System.IO.Pipelines", "Microsoft.EntityFrameworkCore.Query.Internal", "Npgsql.Internal",
        "StackExchange.Redis", "Microsoft.Extensions.Logging", "System.Text.RegularExpressions", "Google.Protobuf",
    ];

    private static readonly string[] Nouns =
    [
        "Order", "Invoice", "Customer", "Product", "Cart", "Payment", "Session", "Token", "Query", "Request",
        "Response", "Message", "Document", "Record", "Batch", "Report", "Index", "Cache", "Buffer", "Stream",
        "Channel", "Connection", "Command", "Entity", "Model", "Schema", "Route", "Price", "Stock", "Event",
    ];

    private static readonly string[] Suffixes =
    [
        "Service", "Repository", "Controller", "Handler", "Middleware", "Serializer", "Builder", "Factory", "Provider", "Processor",
        "Reader", "Writer", "Parser", "Formatter", "Validator", "Mapper", "Client", "Dispatcher", "Visitor", "Compiler",
    ];

    private static readonly string[] Verbs =
    [
        "Get", "Create", "Build", "Read", "Write", "Parse", "Format", "Validate", "Map", "Load",
        "Save", "Handle", "Process", "Invoke", "Execute", "Dispatch", "Serialize", "Deserialize", "Compute", "Resolve",
        "Render", "Send", "Receive", "Apply", "Merge", "Filter", "Sort", "Visit", "Encode", "Decode",
    ];

    private static readonly string[] Objects =
    [
        "", "Async", "Core", "Internal", "Items", "Value", "Next", "Batch", "Header", "Body", "Line", "Row", "Node", "Key", "Entry",
    ];

    /// <summary>Real entry points first: every stack starts at one of these.</summary>
    private static readonly string[] RootNames =
    [
        "System.Threading.ThreadPoolWorkQueue.Dispatch", "System.Threading.PortableThreadPool+WorkerThread.WorkerThreadStart",
        "System.Threading.Thread.StartCallback", "Contoso.Program.Main",
        "System.Runtime.CompilerServices.AsyncMethodBuilderCore.Start", "System.Threading.ExecutionContext.RunInternal",
        "Microsoft.AspNetCore.Server.Kestrel.Core.Internal.Http.HttpProtocol.ProcessRequestsAsync",
        "System.Threading.Tasks.Task.ExecuteWithThreadLocal", "System.Threading.TimerQueue.FireNextTimers",
        "Microsoft.Extensions.Hosting.Internal.Host.StartAsync", "System.Net.Sockets.SocketAsyncEngine.System.Threading.IThreadPoolWorkItem.Execute",
        "System.IO.Pipelines.Pipe.ExecuteWithoutExecutionContext", "Contoso.Workers.OutboxWorker.ExecuteAsync",
        "Contoso.Workers.ReindexWorker.ExecuteAsync", "System.Threading.Tasks.Task.ExecuteEntryUnsafe",
        "System.Threading.ThreadPoolTypedWorkItemQueue.Execute",
    ];

    /// <summary>The allocating leaves a .NET heap profile's flat column is usually made of.</summary>
    private static readonly string[] AllocatorNames =
    [
        "System.String.Concat", "System.String.Substring", "System.String.Split", "System.Text.StringBuilder.ToString",
        "System.Collections.Generic.List`1.set_Capacity", "System.Linq.Enumerable.ToArray", "System.Linq.Enumerable.ToList",
        "System.Collections.Generic.Dictionary`2.Resize", "System.Collections.Generic.Dictionary`2.Initialize",
        "System.GC.AllocateUninitializedArray", "System.Text.Json.JsonSerializer.Deserialize", "System.String.Join",
        "System.Number.Int32ToDecStr", "System.Runtime.CompilerServices.DefaultInterpolatedStringHandler.ToStringAndClear",
        "System.Threading.Tasks.Task`1..ctor", "System.Runtime.CompilerServices.AsyncTaskMethodBuilder`1.GetStateMachineBox",
    ];

    private static readonly string[] CommonTypes =
    [
        "System.String", "System.Byte[]", "System.Char[]", "System.Int32[]", "System.Object[]", "System.Text.StringBuilder",
        "System.Collections.Generic.List`1[System.String]", "System.Collections.Generic.Dictionary`2+Entry[System.String,System.Object][]",
        "System.Threading.Tasks.Task`1[System.String]", "System.Action", "System.Int64[]", "System.Collections.Generic.List`1[System.Int32]",
    ];

    public static string[] Roots(int count) => [.. Enumerable.Range(0, count).Select(i => i < RootNames.Length ? RootNames[i] : $"Contoso.Workers.Worker{i}.ExecuteAsync")];

    /// <summary>Names for the allocating leaves: the real BCL allocators first, then constructors of application types.</summary>
    public static string[] Allocators(int count) =>
        [.. Enumerable.Range(0, count).Select(i => i < AllocatorNames.Length ? AllocatorNames[i] : ClassName(ApplicationNamespaces, i) + "..ctor")];

    /// <summary>Name of the <paramref name="index"/>-th function of a layer at relative depth <paramref name="depthFraction"/> (0 top, 1 bottom).</summary>
    public static string Function(int index, double depthFraction)
    {
        string[] namespaces = depthFraction < 0.15 ? HostingNamespaces : depthFraction < 0.6 ? ApplicationNamespaces : LibraryNamespaces;
        long combination = Scatter(index, namespaces.Length * Nouns.Length * Suffixes.Length * Verbs.Length * Objects.Length);
        string verb = Verbs[combination % Verbs.Length];
        combination /= Verbs.Length;
        string obj = Objects[combination % Objects.Length];
        combination /= Objects.Length;
        return $"{ClassName(namespaces, combination)}.{verb}{obj}";
    }

    /// <summary>File a function of that name lives in: <c>src/Contoso/Orders/OrderService.cs</c>.</summary>
    public static string FileOf(string functionName)
    {
        string method = functionName.EndsWith("..ctor", StringComparison.Ordinal) ? functionName[..^5] : functionName;
        string type = method[..method.LastIndexOf('.')];
        return "src/" + type.Replace('.', '/').Replace('+', '/').Replace('`', '_') + ".cs";
    }

    /// <summary>The service's own assembly: registered first, so viewers show it as the profile's main binary.</summary>
    public const string MainModule = "Contoso.Api.dll";

    /// <summary>Module of a function: its first two namespace segments, as an assembly file name.</summary>
    public static string ModuleOf(string functionName)
    {
        string[] parts = functionName.Split('.');
        return parts[0] switch
        {
            "System" => "System.Private.CoreLib.dll",
            "Contoso" when parts[1] is "Program" or "Workers" => MainModule,
            _ => $"{parts[0]}.{parts[1]}.dll",
        };
    }

    public static string Type(int index) => index < CommonTypes.Length
        ? CommonTypes[index]
        : ClassName(ApplicationNamespaces, Scatter(index, ApplicationNamespaces.Length * Nouns.Length * Suffixes.Length)) + (index % 4 == 0 ? "[]" : "");

    private static string ClassName(string[] namespaces, long combination)
    {
        string ns = namespaces[combination % namespaces.Length];
        combination /= namespaces.Length;
        string noun = Nouns[combination % Nouns.Length];
        combination /= Nouns.Length;
        string suffix = Suffixes[combination % Suffixes.Length];
        return $"{ns}.{noun}{suffix}";
    }

    /// <summary>
    /// Maps index to a distinct combination in [0, <paramref name="count"/>): multiplying by a prime that
    /// does not divide the count is a bijection, and it spreads neighbours across all the word lists.
    /// </summary>
    private static long Scatter(long index, long count)
    {
        const long Prime = 1_000_003;
        if (index >= count || count % Prime == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(index), $"only {count} distinct names in this pool");
        }

        return index * Prime % count;
    }
}
