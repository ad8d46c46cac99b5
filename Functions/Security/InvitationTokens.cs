using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Configuration;

namespace SurveyNetwork.Functions.Security;

/// <summary>What a valid invitation token binds: organization, cycle, person, and its expiry.</summary>
public sealed record InvitationClaims(string OrgId, string CycleId, string PersonId, DateTimeOffset ExpiresAt);

/// <summary>
/// Signed, unguessable invitation tokens: <c>base64url(payload) "." base64url(HMAC-SHA256(key, payload))</c>,
/// payload = version, key id, org, cycle, person, expiry and 128 random bits. The key id (a hash of
/// the key) selects the key; keys listed in <see cref="Settings.TokenPreviousKeys"/> are still
/// accepted, any other key is not — removing a key revokes every token it signed.
/// Comparison is constant-time.
/// </summary>
public sealed class InvitationTokens
{
    private const string Version = "sn1";
    private readonly byte[] _currentKey;
    private readonly string _currentKeyId;
    private readonly Dictionary<string, byte[]> _keys = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;

    public InvitationTokens(IConfiguration configuration, TimeProvider time)
        : this(configuration[Settings.TokenSigningKey], configuration[Settings.TokenPreviousKeys], time)
    {
    }

    public InvitationTokens(string? signingKey, string? previousKeys, TimeProvider time)
    {
        _time = time;
        _currentKey = DecodeKey(signingKey, Settings.TokenSigningKey);
        _currentKeyId = KeyId(_currentKey);
        _keys[_currentKeyId] = _currentKey;
        foreach (var k in (previousKeys ?? "").Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var key = DecodeKey(k, Settings.TokenPreviousKeys);
            _keys[KeyId(key)] = key;
        }
    }

    /// <summary>A new random signing key, base64 (for local first runs and key rotation).</summary>
    public static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public string Issue(string orgId, string cycleId, string personId, DateTimeOffset expiresAt)
    {
        var nonce = Base64Url(RandomNumberGenerator.GetBytes(16));
        var payload = string.Join('\n', Version, _currentKeyId, orgId, cycleId, personId,
            expiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), nonce);
        var bytes = Encoding.UTF8.GetBytes(payload);
        return Base64Url(bytes) + "." + Base64Url(HMACSHA256.HashData(_currentKey, bytes));
    }

    /// <summary>The claims of a valid, unexpired token; otherwise null and a reason safe to show.</summary>
    public InvitationClaims? Validate(string? token, out string reason)
    {
        reason = "The invitation link is not valid.";
        if (string.IsNullOrEmpty(token) || token.Length > 1024)
        {
            reason = "An invitation token is required.";
            return null;
        }

        var dot = token.IndexOf('.');
        if (dot <= 0 || dot == token.Length - 1 || token.IndexOf('.', dot + 1) >= 0)
        {
            return null;
        }

        if (!TryFromBase64Url(token.AsSpan(0, dot), out var payload) || !TryFromBase64Url(token.AsSpan(dot + 1), out var mac))
        {
            return null;
        }

        string[] parts;
        try
        {
            parts = new UTF8Encoding(false, true).GetString(payload).Split('\n');
        }
        catch (DecoderFallbackException)
        {
            return null;
        }

        if (parts.Length != 7 || parts[0] != Version || !_keys.TryGetValue(parts[1], out var key))
        {
            return null;
        }

        var expected = HMACSHA256.HashData(key, payload);
        if (mac.Length != expected.Length || !CryptographicOperations.FixedTimeEquals(mac, expected))
        {
            return null;
        }

        if (!long.TryParse(parts[5], NumberStyles.None, CultureInfo.InvariantCulture, out var exp))
        {
            return null;
        }

        var expiresAt = DateTimeOffset.FromUnixTimeSeconds(exp);
        if (_time.GetUtcNow() >= expiresAt)
        {
            reason = "The invitation link has expired.";
            return null;
        }

        return new InvitationClaims(parts[2], parts[3], parts[4], expiresAt);
    }

    /// <summary>The token from "Authorization: Bearer …" (tokens never travel in URLs the server sees).</summary>
    public static string? FromRequest(Microsoft.AspNetCore.Http.HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : null;
    }

    private static byte[] DecodeKey(string? base64, string setting)
    {
        if (string.IsNullOrWhiteSpace(base64))
        {
            throw new InvalidOperationException($"{setting} is not set: a base64 key of at least 32 bytes is required.");
        }

        byte[] key;
        try
        {
            key = Convert.FromBase64String(base64.Trim());
        }
        catch (FormatException)
        {
            throw new InvalidOperationException($"{setting} is not valid base64.");
        }

        return key.Length >= 32 ? key : throw new InvalidOperationException($"{setting} must be at least 32 bytes.");
    }

    private static string KeyId(byte[] key) => Convert.ToHexStringLower(SHA256.HashData(key).AsSpan(0, 6));

    private static string Base64Url(ReadOnlySpan<byte> bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static bool TryFromBase64Url(ReadOnlySpan<char> text, out byte[] bytes)
    {
        bytes = [];
        if (text.Length == 0 || text.Length > 1024)
        {
            return false;
        }

        var s = text.ToString().Replace('-', '+').Replace('_', '/');
        s = s.PadRight(s.Length + ((4 - (s.Length % 4)) % 4), '=');
        try
        {
            bytes = Convert.FromBase64String(s);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
