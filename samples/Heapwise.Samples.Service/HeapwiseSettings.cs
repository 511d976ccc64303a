using Heapwise.AspNetCore;
using Heapwise.Runtime;

namespace Heapwise.Samples.Service;

/// <summary>
/// Reads the <c>Heapwise</c> configuration section into <see cref="HeapwiseOptions"/>. Each setting is read on its
/// own rather than with <c>Bind</c>: the rules are a record whose default instance is shared, and binding into it
/// would change the defaults of every other user; the management address is deliberately not configurable here,
/// so the sample only ever listens on loopback.
/// </summary>
internal static class HeapwiseSettings
{
    /// <summary>Applies <paramref name="section"/> to <paramref name="options"/>; absent keys keep Heapwise's defaults.</summary>
    public static void Apply(IConfigurationSection section, HeapwiseOptions options)
    {
        options.UseManagementServer = section.GetValue(nameof(options.UseManagementServer), options.UseManagementServer);
        options.ManagementPort = section.GetValue(nameof(options.ManagementPort), options.ManagementPort);
        options.Metrics = section.GetValue(nameof(options.Metrics), options.Metrics);
        options.RuleInterval = section.GetValue(nameof(options.RuleInterval), options.RuleInterval);
        options.CaptureSeconds = section.GetValue(nameof(options.CaptureSeconds), options.CaptureSeconds);
        options.CaptureCooldown = section.GetValue(nameof(options.CaptureCooldown), options.CaptureCooldown);
        options.MaxCaptureFiles = section.GetValue(nameof(options.MaxCaptureFiles), options.MaxCaptureFiles);

        // Present but empty turns captures off (`--Heapwise:CaptureDirectory=`), as null does in code.
        options.CaptureDirectory = section[nameof(options.CaptureDirectory)] switch
        {
            null => options.CaptureDirectory,
            "" => null,
            var path => path,
        };
        options.Rules = section.GetSection(nameof(options.Rules)).Get<MemoryRuleOptions>() ?? options.Rules;
    }
}
