using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using SurveyNetwork.Functions.Tests.EndToEnd;
using SurveyNetwork.Functions.Web;
using Xunit.Abstractions;

namespace SurveyNetwork.Functions.Tests.Browser;

/// <summary>How the survey and profile pages are served: size, security headers, caching and compression.</summary>
public sealed partial class SurveyPageServingTests(ITestOutputHelper output)
{
    private const int PageBudgetBytes = 100 * 1024;
    private const int ProfileBudgetBytes = 60 * 1024;

    [Fact]
    public async Task The_page_and_its_assets_weigh_under_100_KB_and_carry_a_strict_policy()
    {
        await using var server = await LocalHostServer.StartAsync();
        var page = await server.Client.GetAsync("survey/page");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        AssertSecurityHeaders(page);
        Assert.Equal("no-cache", page.Headers.CacheControl?.ToString());
        var html = await page.Content.ReadAsStringAsync();

        // No inline script, inline style or event-handler attribute for the policy to have to allow.
        Assert.DoesNotMatch(InlineScript(), html);
        Assert.DoesNotMatch(StyleOrHandlerAttribute(), html);
        Assert.DoesNotContain("<style", html, StringComparison.OrdinalIgnoreCase);

        var total = (long)(await page.Content.ReadAsByteArrayAsync()).Length;
        var compressed = 0L;
        var assets = AssetReference().Matches(html).Select(m => (Url: m.Groups["url"].Value, Version: m.Groups["v"].Value, Integrity: m.Groups["sri"].Value)).ToArray();
        Assert.Equal(["assets/dom.js", "assets/survey.css", "assets/survey.js"], assets.Select(a => a.Url[..a.Url.IndexOf('?')]).Order());
        foreach (var (url, version, integrity) in assets)
        {
            var response = await server.Client.GetAsync("survey/" + url);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            AssertSecurityHeaders(response);
            Assert.Contains("immutable", response.Headers.CacheControl?.ToString());
            var bytes = await response.Content.ReadAsByteArrayAsync();
            Assert.Equal(integrity, "sha256-" + Convert.ToBase64String(SHA256.HashData(bytes)));
            Assert.StartsWith(version, Convert.ToHexStringLower(SHA256.HashData(bytes)), StringComparison.Ordinal);
            total += bytes.Length;
            compressed += WebAssets.Assets[Path.GetFileName(url[..url.IndexOf('?')])].Gzip.Length;
        }

        compressed += WebAssets.SurveyPage.Gzip.Length;
        output.WriteLine($"Survey page weight: {total:N0} bytes uncompressed, {compressed:N0} bytes gzip (budget {PageBudgetBytes:N0}).");
        Assert.True(total < PageBudgetBytes, $"The page weighs {total:N0} bytes; the budget is {PageBudgetBytes:N0}.");
        Assert.Equal(total, WebAssets.PageWeight);
    }

    [Fact]
    public async Task Assets_are_revalidated_by_etag_and_compressed_when_the_browser_accepts_gzip()
    {
        await using var server = await LocalHostServer.StartAsync();
        var first = await server.Client.GetAsync("survey/assets/survey.js");
        var etag = first.Headers.ETag;
        Assert.NotNull(etag);
        Assert.Equal("public, max-age=300", first.Headers.CacheControl?.ToString()); // no version named: short cache

        using var again = new HttpRequestMessage(HttpMethod.Get, "survey/page");
        again.Headers.IfNoneMatch.Add(EntityTagHeaderValue.Parse(WebAssets.SurveyPage.ETag));
        var notModified = await server.Client.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());

        using var gz = new HttpRequestMessage(HttpMethod.Get, "survey/assets/survey.js");
        gz.Headers.AcceptEncoding.ParseAdd("gzip, br");
        var zipped = await server.Client.SendAsync(gz);
        Assert.Equal(["gzip"], zipped.Content.Headers.ContentEncoding);
        await using var unzip = new GZipStream(await zipped.Content.ReadAsStreamAsync(), CompressionMode.Decompress);
        using var plain = new MemoryStream();
        await unzip.CopyToAsync(plain);
        Assert.Equal(await first.Content.ReadAsByteArrayAsync(), plain.ToArray());

        var missing = await server.Client.GetAsync("survey/assets/survey.html");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
        AssertSecurityHeaders(missing);
    }

    [Fact]
    public async Task The_profile_page_weighs_under_60_KB_and_is_served_like_the_survey_page()
    {
        await using var server = await LocalHostServer.StartAsync();
        var page = await server.Client.GetAsync("survey/profile/page");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        AssertSecurityHeaders(page);
        Assert.Equal("no-cache", page.Headers.CacheControl?.ToString());
        Assert.Equal(WebAssets.ProfilePage.ETag, page.Headers.ETag?.ToString());
        var html = await page.Content.ReadAsStringAsync();
        Assert.DoesNotMatch(InlineScript(), html);
        Assert.DoesNotMatch(StyleOrHandlerAttribute(), html);
        Assert.DoesNotContain("<style", html, StringComparison.OrdinalIgnoreCase);

        // One level below the survey page, it reaches the shared assets as ../assets/, hashed and with integrity.
        var total = (long)(await page.Content.ReadAsByteArrayAsync()).Length;
        var assets = ProfileAssetReference().Matches(html).Select(m => (Url: m.Groups["url"].Value, Integrity: m.Groups["sri"].Value)).ToArray();
        Assert.Equal(["dom.js", "profile.css", "profile.js", "survey.css"], assets.Select(a => Path.GetFileName(a.Url[..a.Url.IndexOf('?')])).Order());
        foreach (var (url, integrity) in assets)
        {
            var response = await server.Client.GetAsync(new Uri(new Uri(server.BaseUrl + "/api/survey/profile/page"), url));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            AssertSecurityHeaders(response);
            Assert.Contains("immutable", response.Headers.CacheControl?.ToString());
            var bytes = await response.Content.ReadAsByteArrayAsync();
            Assert.Equal(integrity, "sha256-" + Convert.ToBase64String(SHA256.HashData(bytes)));
            total += bytes.Length;
        }

        output.WriteLine($"Profile page weight: {total:N0} bytes uncompressed (budget {ProfileBudgetBytes:N0}).");
        Assert.True(total < ProfileBudgetBytes, $"The profile page weighs {total:N0} bytes; the budget is {ProfileBudgetBytes:N0}.");
        Assert.Equal(total, WebAssets.ProfilePageWeight);
    }

    [Theory]
    [InlineData("survey.js")]
    [InlineData("profile.js")]
    [InlineData("admin.js")]
    [InlineData("network.js")]
    public void The_scripts_never_write_markup_from_strings(string name)
    {
        var script = System.Text.Encoding.UTF8.GetString(WebAssets.Assets[name].Bytes);
        foreach (var sink in new[] { "innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function", "setAttribute('on", "style=" })
        {
            Assert.DoesNotContain(sink, script, StringComparison.Ordinal);
        }
    }

    private static void AssertSecurityHeaders(HttpResponseMessage response)
    {
        Assert.Equal(WebAssets.ContentSecurityPolicy, string.Join(", ", response.Headers.GetValues("Content-Security-Policy")));
        Assert.Equal("nosniff", string.Join(", ", response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("DENY", string.Join(", ", response.Headers.GetValues("X-Frame-Options")));
        Assert.Equal("no-referrer", string.Join(", ", response.Headers.GetValues("Referrer-Policy")));
        Assert.False(response.Headers.Contains("Set-Cookie"));
        Assert.Contains("script-src 'self';", WebAssets.ContentSecurityPolicy);
        Assert.DoesNotContain("unsafe", WebAssets.ContentSecurityPolicy);
    }

    [GeneratedRegex(@"<script(?![^>]*\ssrc=)", RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();

    [GeneratedRegex(@"<[^>]+\s(style|on[a-z]+)\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex StyleOrHandlerAttribute();

    [GeneratedRegex(@"""(?<url>assets/[a-z]+\.(css|js)\?v=(?<v>[0-9a-f]+))"" integrity=""(?<sri>sha256-[A-Za-z0-9+/=]+)""")]
    private static partial Regex AssetReference();

    [GeneratedRegex(@"""(?<url>\.\./assets/[a-z]+\.(css|js)\?v=[0-9a-f]+)"" integrity=""(?<sri>sha256-[A-Za-z0-9+/=]+)""")]
    private static partial Regex ProfileAssetReference();
}
