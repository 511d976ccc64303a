using Heapwise.Cli.Commands;
using Heapwise.Cli.Parsing;

namespace Heapwise.Tests.Service;

/// <summary>The CLI's URL inputs: what counts as one, how long a download may take, and the default output names.</summary>
public sealed class ProfileInputTests
{
    [Theory]
    [InlineData("http://127.0.0.1:6060/debug/pprof/allocs?seconds=5", true)]
    [InlineData("https://example.com/debug/pprof/profile", true)]
    [InlineData("allocs.pb.gz", false)]
    [InlineData("/tmp/allocs.pb.gz", false)]
    [InlineData("ftp://host/allocs.pb.gz", false)]
    public void Only_http_and_https_urls_are_downloaded(string input, bool isUrl)
    {
        Assert.Equal(isUrl, ProfileInput.IsUrl(input, out _));
    }

    [Theory]
    [InlineData("http://h/debug/pprof/allocs?seconds=5", 65)]
    [InlineData("http://h/debug/pprof/profile?seconds=300", 360)]
    [InlineData("http://h/debug/pprof/profile", 90)]
    [InlineData("http://h/debug/pprof/profile?seconds=abc", 90)]
    [InlineData("http://h/debug/pprof/profile?seconds=100000", 3660)]
    public void The_timeout_is_the_capture_plus_a_minute(string url, int seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), ProfileInput.TimeoutFor(new Uri(url)));
    }

    [Theory]
    [InlineData("http://127.0.0.1:6060/debug/pprof/allocs?seconds=5", ".html", "allocs.html")]
    [InlineData("http://127.0.0.1:6060/debug/pprof/profile/", ".folded", "profile.folded")]
    [InlineData("http://127.0.0.1:6060/", ".html", "profile.html")]
    public void Default_output_of_a_url_is_named_after_its_path(string input, string extension, string expected)
    {
        Assert.Equal(expected, ExportCommandParts.DefaultOutput(input, extension));
    }
}
