using System.Globalization;
using System.Net;
using Heapwise.Profiles;

namespace Heapwise.Cli.Parsing;

/// <summary>
/// Where report commands read profiles from: a file, or an <c>http(s)://</c> URL such as a service's
/// <c>/debug/pprof/allocs?seconds=5</c>, downloaded into memory (as <c>go tool pprof URL</c> does) and then read like a file.
/// </summary>
internal static class ProfileInput
{
    /// <summary>How long a download may take beyond the capture it asks for (<c>seconds=N</c>).</summary>
    private static readonly TimeSpan Slack = TimeSpan.FromSeconds(60);

    /// <summary>Reads the profile at <paramref name="fileOrUrl"/>.</summary>
    /// <exception cref="HeapwiseException">The file is missing, or the URL cannot be fetched or answered with an error.</exception>
    /// <exception cref="PprofFormatException">What was read is not a valid pprof profile.</exception>
    public static Profile Read(string fileOrUrl, PprofReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(fileOrUrl);
        if (!IsUrl(fileOrUrl, out var url))
        {
            return PprofReader.ReadFile(fileOrUrl, options);
        }

        using var body = Download(url);
        try
        {
            return PprofReader.Read(body, options);
        }
        catch (PprofFormatException e)
        {
            throw new PprofFormatException($"'{url}' did not answer with a valid pprof profile: {e.Message}", e);
        }
    }

    /// <summary>Whether <paramref name="text"/> is an http or https URL.</summary>
    public static bool IsUrl(string text, out Uri url) =>
        Uri.TryCreate(text, UriKind.Absolute, out url!) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps);

    /// <summary>The download timeout for <paramref name="url"/>: its <c>seconds</c> parameter (else pprof's 30) plus <see cref="Slack"/>.</summary>
    internal static TimeSpan TimeoutFor(Uri url)
    {
        var query = System.Web.HttpUtility.ParseQueryString(url.Query);
        int seconds = int.TryParse(query["seconds"], NumberStyles.None, CultureInfo.InvariantCulture, out int s) && s > 0 ? Math.Min(s, 3600) : 30;
        return TimeSpan.FromSeconds(seconds) + Slack;
    }

    private static MemoryStream Download(Uri url)
    {
        var timeout = TimeoutFor(url);
        using var client = new HttpClient { Timeout = timeout };
        try
        {
            using var response = client.Send(new HttpRequestMessage(HttpMethod.Get, url), HttpCompletionOption.ResponseHeadersRead);
            if (!response.IsSuccessStatusCode)
            {
                string detail = FirstLine(response);
                throw new HeapwiseException(string.Create(CultureInfo.InvariantCulture,
                    $"'{url}' answered {(int)response.StatusCode} {response.ReasonPhrase}{(detail.Length > 0 ? ": " + detail : string.Empty)}"));
            }

            // Bounded: a URL could serve an endless body.
            long limit = PprofReadOptions.Default.MaxCompressedBytes;
            var buffer = new MemoryStream();
            using var content = response.Content.ReadAsStream();
            byte[] chunk = new byte[1 << 16];
            int read;
            while ((read = content.Read(chunk)) > 0)
            {
                if (buffer.Length + read > limit)
                {
                    throw new PprofFormatException(string.Create(CultureInfo.InvariantCulture, $"'{url}' sent more than {limit:N0} bytes, the limit for a profile."));
                }

                buffer.Write(chunk, 0, read);
            }

            buffer.Position = 0;
            return buffer;
        }
        catch (HttpRequestException e)
        {
            throw new HeapwiseException($"cannot fetch '{url}': {e.Message.TrimEnd('.')}; check the address and that the service is running.", e);
        }
        catch (TaskCanceledException e)
        {
            throw new HeapwiseException(string.Create(CultureInfo.InvariantCulture,
                $"'{url}' did not answer within {timeout.TotalSeconds:0} s; check that the service is running, or ask for fewer seconds."), e);
        }
        catch (IOException e)
        {
            throw new HeapwiseException($"reading '{url}' failed: {e.Message}", e);
        }
    }

    private static string FirstLine(HttpResponseMessage response)
    {
        try
        {
            string text = response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
            string line = text.Split('\n', 2)[0].Trim();
            return line.Length > 300 ? line[..300] + "..." : line;
        }
        catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException)
        {
            return string.Empty;
        }
    }
}
