using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Unicode;
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
public sealed class InvitationTokens : IDisposable
{
    private const string Version = "sn1";
    private const int MaxTokenLength = 1024;
    private const int MacLength = 32;

    /// <summary>Latest expiry <see cref="DateTimeOffset.FromUnixTimeSeconds"/> accepts (the end of year 9999).</summary>
    private const long MaxExpirySeconds = 253_402_300_799;

    private static readonly byte[] VersionUtf8 = Encoding.UTF8.GetBytes(Version);
    private static readonly System.Buffers.SearchValues<char> Base64UrlAlphabet =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");
    private readonly byte[] _currentKey;
    private readonly string _currentKeyId;

    /// <summary>Every accepted key (the current one and those still listed as previous) with its id in UTF-8.</summary>
    private readonly (byte[] Id, byte[] Key)[] _keyIds;
    private readonly ThreadLocal<IncrementalHash?[]> _macs;
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
        var keys = new Dictionary<string, byte[]>(StringComparer.Ordinal) { [_currentKeyId] = _currentKey };
        foreach (var k in (previousKeys ?? "").Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var key = DecodeKey(k, Settings.TokenPreviousKeys);
            keys[KeyId(key)] = key;
        }

        _keyIds = keys.Select(k => (Encoding.UTF8.GetBytes(k.Key), k.Value)).ToArray();
        _macs = new ThreadLocal<IncrementalHash?[]>(() => new IncrementalHash?[_keyIds.Length], trackAllValues: true);
    }

    /// <summary>Frees every thread's HMAC state.</summary>
    public void Dispose()
    {
        foreach (var macs in _macs.Values)
        {
            foreach (var mac in macs)
                mac?.Dispose();
        }

        _macs.Dispose();
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

    /// <summary>The claims of a valid, unexpired token whose ids are valid store keys; otherwise null and a reason safe to show.</summary>
    public InvitationClaims? Validate(string? token, out string reason) => Validate(token.AsSpan(), out reason);

    /// <summary>
    /// The claims of a valid, unexpired token; otherwise null and a reason safe to show. Works on
    /// the token's characters in place: only the three ids of a valid token become strings.
    /// </summary>
    public InvitationClaims? Validate(ReadOnlySpan<char> token, out string reason)
    {
        reason = "The invitation link is not valid.";
        if (token.IsEmpty || token.Length > MaxTokenLength)
        {
            reason = "An invitation token is required.";
            return null;
        }

        var dot = token.IndexOf('.');
        if (dot <= 0 || dot == token.Length - 1 || token[(dot + 1)..].Contains('.'))
        {
            return null;
        }

        Span<byte> payload = stackalloc byte[MaxTokenLength];
        Span<byte> mac = stackalloc byte[MacLength];
        if (!TryFromBase64Url(token[..dot], payload, out var payloadLength)
            || !TryFromBase64Url(token[(dot + 1)..], mac, out var macLength) || macLength != MacLength)
        {
            return null;
        }

        payload = payload[..payloadLength];
        // version \n key id \n org \n cycle \n person \n expiry \n nonce: exactly seven parts.
        Span<Range> parts = stackalloc Range[7];
        if (!Utf8.IsValid(payload) || !TrySplit(payload, parts) || !payload[parts[0]].SequenceEqual(VersionUtf8))
        {
            return null;
        }

        var key = KeyFor(payload[parts[1]]);
        if (key < 0)
        {
            return null;
        }

        Span<byte> expected = stackalloc byte[MacLength];
        Mac(key, payload, expected);
        if (!CryptographicOperations.FixedTimeEquals(mac, expected))
        {
            return null;
        }

        if (!long.TryParse(payload[parts[5]], NumberStyles.None, CultureInfo.InvariantCulture, out var exp)
            || exp > MaxExpirySeconds)
        {
            return null;
        }

        var expiresAt = DateTimeOffset.FromUnixTimeSeconds(exp);
        if (_time.GetUtcNow() >= expiresAt)
        {
            reason = "The invitation link has expired.";
            return null;
        }

        var claims = new InvitationClaims(
            Encoding.UTF8.GetString(payload[parts[2]]), Encoding.UTF8.GetString(payload[parts[3]]),
            Encoding.UTF8.GetString(payload[parts[4]]), expiresAt);
        // A signature proves who issued the token, not that its ids can be looked up: ids no store
        // accepts make the token invalid, never a store error.
        return Storage.StoreKeys.IsValid(claims.OrgId) && Storage.StoreKeys.IsValid(claims.CycleId)
            && Storage.StoreKeys.IsValid(claims.PersonId) ? claims : null;
    }

    /// <summary>
    /// The characters of the bearer token in the request's Authorization header ("Bearer …"),
    /// without copying; empty when there is none. Tokens never travel in URLs the server sees.
    /// </summary>
    public static ReadOnlySpan<char> TokenOf(Microsoft.AspNetCore.Http.HttpRequest request)
    {
        var headers = request.Headers.Authorization;
        if (headers.Count != 1)
        {
            return default;
        }

        var header = headers[0].AsSpan();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : default;
    }

    /// <summary>Splits the payload at line feeds into exactly <paramref name="parts"/>.Length parts.</summary>
    private static bool TrySplit(ReadOnlySpan<byte> payload, Span<Range> parts)
    {
        var count = 0;
        foreach (var part in payload.Split((byte)'\n'))
        {
            if (count == parts.Length)
            {
                return false;
            }

            parts[count++] = part;
        }

        return count == parts.Length;
    }

    /// <summary>The index of the key whose id is <paramref name="keyId"/> (UTF-8), or -1: a handful of keys at most, so a scan.</summary>
    private int KeyFor(ReadOnlySpan<byte> keyId)
    {
        for (var i = 0; i < _keyIds.Length; i++)
        {
            if (keyId.SequenceEqual(_keyIds[i].Id))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>
    /// HMAC-SHA256 of <paramref name="data"/> with key <paramref name="key"/>. Each thread keeps its
    /// own keyed HMAC state per key and resets it after use: setting a key up is most of the cost of
    /// a one-shot HMAC for a payload this small.
    /// </summary>
    private void Mac(int key, ReadOnlySpan<byte> data, Span<byte> destination)
    {
        var macs = _macs.Value!;
        var mac = macs[key] ??= IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, _keyIds[key].Key);
        mac.AppendData(data);
        mac.GetHashAndReset(destination);
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

    /// <summary>Decodes unpadded base64url (what <see cref="Base64Url(ReadOnlySpan{byte})"/> writes) into <paramref name="into"/>.</summary>
    private static bool TryFromBase64Url(ReadOnlySpan<char> text, Span<byte> into, out int written)
    {
        written = 0;
        // The status form of the decoder: it reports malformed input (such as a length that no
        // encoding produces) instead of throwing, as the Try form does for some inputs.
        return !text.IsEmpty && text.IndexOfAnyExcept(Base64UrlAlphabet) < 0
            && System.Buffers.Text.Base64Url.DecodeFromChars(text, into, out var consumed, out written) == System.Buffers.OperationStatus.Done
            && consumed == text.Length;
    }
}
