using System.IO.Compression;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using SurveyNetwork.Functions.Http;

namespace SurveyNetwork.Functions.Web;

/// <summary>One static file of the respondent's pages, with its content hash and a gzip copy made once.</summary>
public sealed record WebAsset(string Name, string ContentType, byte[] Bytes, byte[] Gzip, string Version, string Integrity)
{
    public string ETag => $"\"{Version}\"";

    public static WebAsset Create(string name, string contentType, byte[] bytes)
    {
        var hash = SHA256.HashData(bytes);
        using var gz = new MemoryStream();
        using (var zip = new GZipStream(gz, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            zip.Write(bytes);
        }

        return new WebAsset(name, contentType, bytes, gz.ToArray(), Convert.ToHexStringLower(hash.AsSpan(0, 8)), "sha256-" + Convert.ToBase64String(hash));
    }
}

/// <summary>
/// The web pages (the respondent's survey and personal profile, the admin console) and their files, embedded in the
/// Functions assembly so they ship with the function app (no CDN; the one library, Cytoscape.js for the console's network view, is taken from npm at build time). Each page references
/// its assets with their content hash (<c>assets/survey.js?v=…</c>) and a subresource-integrity
/// digest, so assets can be cached for a year while the pages themselves are revalidated on every visit.
/// </summary>
public static class WebAssets
{
    /// <summary>
    /// No inline script or style, no third-party origin, no framing, no form posts, no plugins; the
    /// page may only fetch its own assets and the same-origin API.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; " +
        "form-action 'none'; frame-ancestors 'none'; base-uri 'none'";

    /// <summary>
    /// The admin console's policy: the pages' own, except that the reports it opens as local
    /// documents (which keep this policy) may apply their style sheet and legend colours, each
    /// allowed by its hash and nothing else inline.
    /// </summary>
    public static string AdminContentSecurityPolicy { get; } = ContentSecurityPolicy.Replace(
        "style-src 'self';",
        "style-src 'self' 'unsafe-hashes' " + string.Join(' ',
            Domain.Reports.Rendering.ReportStyles.StyleAttributes.Prepend(Domain.Reports.Rendering.ReportStyles.StyleSheet).Distinct()
                .Select(s => $"'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(s)))}'")) + ";",
        StringComparison.Ordinal);

    private const string ResourcePrefix = "SurveyNetwork.Web.";

    /// <summary>Each page and the assets it loads, in the order it loads them.</summary>
    private static readonly (string Page, string[] Assets)[] Pages =
    [
        ("survey.html", ["survey.css", "dom.js", "survey.js"]),
        ("profile.html", ["survey.css", "profile.css", "dom.js", "profile.js"]),
        ("admin.html", ["admin.css", "dom.js", "cytoscape.min.js", "network.js", "admin.js"]),
    ];

    private static readonly Lazy<Loaded> Files = new(Load);

    /// <summary>Assets served under <c>survey/assets/{name}</c> (CSS and JavaScript).</summary>
    public static IReadOnlyDictionary<string, WebAsset> Assets => Files.Value.Assets;

    /// <summary>The survey page, with hashed asset references.</summary>
    public static WebAsset SurveyPage => Files.Value.Pages["survey.html"];

    /// <summary>The personal profile page, with hashed asset references.</summary>
    public static WebAsset ProfilePage => Files.Value.Pages["profile.html"];

    /// <summary>The admin console, with hashed asset references.</summary>
    public static WebAsset AdminPage => Files.Value.Pages["admin.html"];

    /// <summary>Total bytes of the survey page and every asset it loads, uncompressed.</summary>
    public static long PageWeight => Weight("survey.html");

    /// <summary>Total bytes of the profile page and every asset it loads, uncompressed.</summary>
    public static long ProfilePageWeight => Weight("profile.html");

    private static long Weight(string page) =>
        Files.Value.Pages[page].Bytes.Length + Pages.Single(p => p.Page == page).Assets.Sum(a => (long)Files.Value.Assets[a].Bytes.Length);

    /// <summary>
    /// The response for an asset: 304 when the client holds this version, gzip when accepted, and the
    /// security headers on every answer.
    /// </summary>
    public static ApiResult Serve(HttpRequest request, WebAsset asset, string cacheControl)
    {
        if (request.Headers.IfNoneMatch.Any(v => v is not null && v.Split(',').Any(t => t.Trim() is var e && (e == asset.ETag || e == "W/" + asset.ETag || e == "*"))))
        {
            return Secure(ApiResult.Empty(StatusCodes.Status304NotModified))
                .WithHeader("ETag", asset.ETag)
                .WithHeader("Cache-Control", cacheControl);
        }

        var gzip = AcceptsGzip(request) && asset.Gzip.Length < asset.Bytes.Length;
        var result = Secure(ApiResult.Bytes(gzip ? asset.Gzip : asset.Bytes, asset.ContentType))
            .WithHeader("ETag", asset.ETag)
            .WithHeader("Cache-Control", cacheControl)
            .WithHeader("Vary", "Accept-Encoding");
        return gzip ? result.WithHeader("Content-Encoding", "gzip") : result;
    }

    /// <summary>The page's security headers (also on its 404s).</summary>
    public static ApiResult Secure(ApiResult result) => result
        .WithHeader("Content-Security-Policy", ContentSecurityPolicy)
        .WithHeader("X-Content-Type-Options", "nosniff")
        .WithHeader("X-Frame-Options", "DENY")
        .WithHeader("Referrer-Policy", "no-referrer")
        .WithHeader("Cross-Origin-Opener-Policy", "same-origin")
        .WithHeader("Cross-Origin-Resource-Policy", "same-origin")
        .WithHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()");

    private static bool AcceptsGzip(HttpRequest request) =>
        request.Headers.AcceptEncoding.Any(v => v is not null && v.Split(',').Any(e =>
        {
            var parts = e.Split(';', StringSplitOptions.TrimEntries);
            return parts[0].Equals("gzip", StringComparison.OrdinalIgnoreCase) && !parts.Skip(1).Any(p => p.Replace(" ", "") is "q=0" or "q=0.0" or "q=0.00" or "q=0.000");
        }));

    private sealed record Loaded(IReadOnlyDictionary<string, WebAsset> Assets, IReadOnlyDictionary<string, WebAsset> Pages);

    private static Loaded Load()
    {
        var assembly = typeof(WebAssets).Assembly;
        var assets = new Dictionary<string, WebAsset>(StringComparer.Ordinal);
        foreach (var name in Pages.SelectMany(p => p.Assets).Distinct())
        {
            var type = name.EndsWith(".css", StringComparison.Ordinal) ? "text/css; charset=utf-8" : "text/javascript; charset=utf-8";
            assets[name] = WebAsset.Create(name, type, Read(assembly, name));
        }

        var pages = new Dictionary<string, WebAsset>(StringComparer.Ordinal);
        foreach (var (page, names) in Pages)
        {
            var html = Encoding.UTF8.GetString(Read(assembly, page));
            foreach (var asset in names.Select(n => assets[n]))
            {
                // A page one level down (survey/profile/page) reaches the shared folder as ../assets/,
                // one at the API's root (admin) as survey/assets/.
                var reference = new[] { $"\"assets/{asset.Name}\"", $"\"../assets/{asset.Name}\"", $"\"survey/assets/{asset.Name}\"" }
                    .SingleOrDefault(r => html.Contains(r, StringComparison.Ordinal))
                    ?? throw new InvalidOperationException($"{page} does not reference assets/{asset.Name} exactly once.");
                html = html.Replace(reference, $"{reference[..^1]}?v={asset.Version}\" integrity=\"{asset.Integrity}\"", StringComparison.Ordinal);
            }

            pages[page] = WebAsset.Create(page, "text/html; charset=utf-8", Encoding.UTF8.GetBytes(html));
        }

        return new Loaded(assets, pages);
    }

    private static byte[] Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(ResourcePrefix + name)
            ?? throw new InvalidOperationException($"The embedded web asset {name} is missing from {assembly.GetName().Name}.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
