// The heapwise tool: everything but the process entry point lives in CliApp and Commands/.
return await Heapwise.Cli.CliApp.InvokeAsync(args).ConfigureAwait(false);
