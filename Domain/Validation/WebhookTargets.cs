using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace SurveyNetwork.Domain.Validation;

/// <summary>
/// Where report webhooks may be sent: HTTPS to public addresses only, so that a roster cannot turn
/// the service into a client of its own network (loopback, link-local including the cloud metadata
/// address 169.254.169.254, private and other non-public ranges). Hosts on the explicit allow-list
/// (<c>host</c> or <c>host:port</c>, for local receivers and tests) may be private and use plain HTTP.
/// The rule is applied to the URL when a roster is saved and to every resolved address before a
/// webhook connection is made.
/// </summary>
public sealed class WebhookTargets
{
    public const int MaxUrlLength = 2000;

    /// <summary>No allowed host: every webhook must be HTTPS to a public address.</summary>
    public static readonly WebhookTargets Strict = new([]);

    /// <summary>Ranges that are not the public internet (IANA special-purpose registries).</summary>
    private static readonly IPNetwork[] NonPublic =
    [
        IPNetwork.Parse("0.0.0.0/8"), IPNetwork.Parse("10.0.0.0/8"), IPNetwork.Parse("100.64.0.0/10"),
        IPNetwork.Parse("127.0.0.0/8"), IPNetwork.Parse("169.254.0.0/16"), IPNetwork.Parse("172.16.0.0/12"),
        IPNetwork.Parse("192.0.0.0/24"), IPNetwork.Parse("192.0.2.0/24"), IPNetwork.Parse("192.88.99.0/24"),
        IPNetwork.Parse("192.168.0.0/16"), IPNetwork.Parse("198.18.0.0/15"), IPNetwork.Parse("198.51.100.0/24"),
        IPNetwork.Parse("203.0.113.0/24"), IPNetwork.Parse("224.0.0.0/4"), IPNetwork.Parse("240.0.0.0/4"),
        IPNetwork.Parse("::/128"), IPNetwork.Parse("::1/128"), IPNetwork.Parse("64:ff9b:1::/48"),
        IPNetwork.Parse("100::/64"), IPNetwork.Parse("2001:db8::/32"), IPNetwork.Parse("fc00::/7"),
        IPNetwork.Parse("fe80::/10"), IPNetwork.Parse("fec0::/10"), IPNetwork.Parse("ff00::/8"),
    ];

    private readonly HashSet<string> _allowed;

    private WebhookTargets(IEnumerable<string> allowed) =>
        _allowed = new HashSet<string>(allowed, StringComparer.OrdinalIgnoreCase);

    /// <summary>The allow-list from a setting: <c>host</c> or <c>host:port</c> entries separated by commas or semicolons.</summary>
    public static WebhookTargets FromSetting(string? allowedHosts) =>
        new((allowedHosts ?? "").Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    /// <summary>True when the host (with any port, or this port) is on the allow-list.</summary>
    public bool IsAllowedHost(string host, int port)
    {
        if (_allowed.Count == 0)
            return false;
        var bare = host.TrimStart('[').TrimEnd(']');
        var bracketed = bare.Contains(':', StringComparison.Ordinal) ? $"[{bare}]" : bare;
        return _allowed.Contains(bare) || _allowed.Contains(bracketed)
            || _allowed.Contains(string.Create(CultureInfo.InvariantCulture, $"{bracketed}:{port}"));
    }

    /// <summary>
    /// Null when <paramref name="url"/> may receive webhooks as far as can be told without DNS:
    /// absolute, HTTPS, no user info, and not a loopback name or a non-public address literal —
    /// unless its host is allowed. Otherwise the reason.
    /// </summary>
    public string? Check(string? url)
    {
        if (url is null || url.Length > MaxUrlLength || !Uri.TryCreate(url, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp) || !string.IsNullOrEmpty(uri.UserInfo))
            return $"Webhook URL must be an absolute https URL of at most {MaxUrlLength} characters, without user info.";
        if (IsAllowedHost(uri.IdnHost, uri.Port))
            return null;
        if (uri.Scheme != Uri.UriSchemeHttps)
            return "Webhook URL must use https.";
        if (uri.IsLoopback || (IPAddress.TryParse(uri.IdnHost.TrimStart('[').TrimEnd(']'), out var address) && !IsPublic(address)))
            return "Webhook URL must point to a public address (not loopback, link-local or a private network).";
        return null;
    }

    /// <summary>True for an address on the public internet; false for loopback, link-local, private, reserved and multicast ranges.</summary>
    public static bool IsPublic(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
            return IsPublic(address.MapToIPv4());
        if (address.AddressFamily == AddressFamily.InterNetworkV6 && Embedded(address) is { } v4)
            return IsPublic(v4);
        foreach (var network in NonPublic)
        {
            if (network.Contains(address))
                return false;
        }

        return address.AddressFamily is AddressFamily.InterNetwork or AddressFamily.InterNetworkV6;
    }

    /// <summary>The IPv4 address inside NAT64 (64:ff9b::/96), 6to4 (2002::/16) and IPv4-compatible (::/96) addresses.</summary>
    private static IPAddress? Embedded(IPAddress v6)
    {
        var b = v6.GetAddressBytes();
        if (b[0] == 0x20 && b[1] == 0x02)
            return new IPAddress(b.AsSpan(2, 4));
        var nat64 = b[0] == 0 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b && b.AsSpan(4, 8).IndexOfAnyExcept((byte)0) < 0;
        var compatible = b.AsSpan(0, 12).IndexOfAnyExcept((byte)0) < 0 && b[12] != 0;
        return nat64 || compatible ? new IPAddress(b.AsSpan(12, 4)) : null;
    }
}
