using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Unicode;
using Microsoft.Extensions.Configuration;

namespace SurveyNetwork.Functions.Security;

/// <summary>What a valid invitation token binds: organization, cycle, person, its expiry, and the person's link generation.</summary>
/// <param name="Generation">The person's link generation when the token was issued; a token of an older generation was revoked.</param>
public sealed record InvitationClaims(string OrgId, string CycleId, string PersonId, DateTimeOffset ExpiresAt, int Generation = 0);

/// <summary>What a token may be used for: the survey and profile, or only to stop reminders.</summary>
public enum TokenPurpose : byte
{
    Invitation = (byte)'i',
    Unsubscribe = (byte)'u',
}

/// <summary>
/// Opaque, authenticated invitation tokens: <c>base64url(header ‖ nonce ‖ AES-GCM(claims) ‖ tag)</c>,
/// header = format version and key id (a hash of the signing key), claims = purpose, expiry, link
/// generation, organization, cycle and person. Nothing of the claims can be read without the key, and
/// any change to the token fails the tag check. The AES key is derived from the signing key with
/// HKDF-SHA256, so <see cref="Settings.TokenSigningKey"/> and <see cref="Settings.TokenPreviousKeys"/>
/// keep their meaning: the key id selects the key, keys still listed as previous still open their
/// tokens, and removing a key revokes every token made with it.
/// </summary>
public sealed class InvitationTokens : IDisposable
{
    private const byte Version = 2;
    private const int KeyIdLength = 6;
    private const int HeaderLength = 1 + KeyIdLength;
    private const int NonceLength = 12;
    private const int TagLength = 16;

    /// <summary>Purpose, expiry (seconds, big-endian) and generation, before the ids.</summary>
    private const int FixedClaimsLength = 1 + 8 + 4;
    private const int MaxTokenLength = 1024;

    /// <summary>Latest expiry <see cref="DateTimeOffset.FromUnixTimeSeconds"/> accepts (the end of year 9999).</summary>
    private const long MaxExpirySeconds = 253_402_300_799;

    private static readonly byte[] KeyDerivationInfo = Encoding.UTF8.GetBytes("SurveyNetwork invitation token v2");
    private static readonly System.Buffers.SearchValues<char> Base64UrlAlphabet =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");

    /// <summary>Every accepted key (the current one first, then those still listed as previous) by key id.</summary>
    private readonly (byte[] Id, byte[] Key)[] _keys;
    private readonly ThreadLocal<AesGcm?[]> _ciphers;
    private readonly TimeProvider _time;

    public InvitationTokens(IConfiguration configuration, TimeProvider time)
        : this(configuration[Settings.TokenSigningKey], configuration[Settings.TokenPreviousKeys], time)
    {
    }

    public InvitationTokens(string? signingKey, string? previousKeys, TimeProvider time)
    {
        _time = time;
        var keys = new List<(byte[] Id, byte[] Key)> { Derive(DecodeKey(signingKey, Settings.TokenSigningKey)) };
        foreach (var k in (previousKeys ?? "").Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var key = Derive(DecodeKey(k, Settings.TokenPreviousKeys));
            if (!keys.Exists(e => e.Id.AsSpan().SequenceEqual(key.Id)))
                keys.Add(key);
        }

        _keys = [.. keys];
        _ciphers = new ThreadLocal<AesGcm?[]>(() => new AesGcm?[_keys.Length], trackAllValues: true);
    }

    /// <summary>Frees every thread's cipher state.</summary>
    public void Dispose()
    {
        foreach (var ciphers in _ciphers.Values)
        {
            foreach (var cipher in ciphers)
                cipher?.Dispose();
        }

        _ciphers.Dispose();
    }

    /// <summary>A new random signing key, base64 (for local first runs and key rotation).</summary>
    public static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>A survey token of <paramref name="generation"/> (see <see cref="Domain.Survey.Cycle.LinkGenerations"/>).</summary>
    public string Issue(string orgId, string cycleId, string personId, DateTimeOffset expiresAt, int generation = 0) =>
        Seal(TokenPurpose.Invitation, orgId, cycleId, personId, expiresAt, generation);

    /// <summary>A token that only stops reminders (it opens no survey and no profile).</summary>
    public string IssueUnsubscribe(string orgId, string cycleId, string personId, DateTimeOffset expiresAt) =>
        Seal(TokenPurpose.Unsubscribe, orgId, cycleId, personId, expiresAt, 0);

    /// <summary>The claims of a valid, unexpired survey token whose ids are valid store keys; otherwise null and a reason safe to show.</summary>
    public InvitationClaims? Validate(string? token, out string reason) => Validate(token.AsSpan(), out reason);

    /// <summary>
    /// The claims of a valid, unexpired survey token; otherwise null and a reason safe to show. Works
    /// on the token's characters in place: only the three ids of a valid token become strings.
    /// </summary>
    public InvitationClaims? Validate(ReadOnlySpan<char> token, out string reason) => Open(token, TokenPurpose.Invitation, out reason);

    /// <summary>The claims of a valid token of <paramref name="purpose"/>; otherwise null and a reason safe to show.</summary>
    public InvitationClaims? Open(ReadOnlySpan<char> token, TokenPurpose purpose, out string reason)
    {
        reason = "The invitation link is not valid.";
        if (token.IsEmpty || token.Length > MaxTokenLength)
        {
            reason = "An invitation token is required.";
            return null;
        }

        Span<byte> sealedBytes = stackalloc byte[MaxTokenLength];
        if (!TryFromBase64Url(token, sealedBytes, out var length) || length < HeaderLength + NonceLength + FixedClaimsLength + TagLength
            || sealedBytes[0] != Version)
        {
            return null;
        }

        sealedBytes = sealedBytes[..length];
        var key = KeyFor(sealedBytes.Slice(1, KeyIdLength));
        if (key < 0)
        {
            return null;
        }

        var cipherLength = length - HeaderLength - NonceLength - TagLength;
        Span<byte> claims = stackalloc byte[cipherLength];
        try
        {
            Cipher(key).Decrypt(sealedBytes.Slice(HeaderLength, NonceLength), sealedBytes.Slice(HeaderLength + NonceLength, cipherLength),
                sealedBytes[^TagLength..], claims, sealedBytes[..HeaderLength]);
        }
        catch (AuthenticationTagMismatchException)
        {
            return null;
        }

        var exp = BinaryPrimitives.ReadInt64BigEndian(claims[1..]);
        var generation = BinaryPrimitives.ReadInt32BigEndian(claims[9..]);
        var ids = claims[FixedClaimsLength..];
        Span<Range> parts = stackalloc Range[3];
        if (claims[0] != (byte)purpose || exp is < 0 or > MaxExpirySeconds || generation < 0
            || !Utf8.IsValid(ids) || !TrySplit(ids, parts))
        {
            return null;
        }

        var expiresAt = DateTimeOffset.FromUnixTimeSeconds(exp);
        if (_time.GetUtcNow() >= expiresAt)
        {
            reason = "The invitation link has expired.";
            return null;
        }

        var result = new InvitationClaims(
            Encoding.UTF8.GetString(ids[parts[0]]), Encoding.UTF8.GetString(ids[parts[1]]),
            Encoding.UTF8.GetString(ids[parts[2]]), expiresAt, generation);
        // The tag proves who issued the token, not that its ids can be looked up: ids no store
        // accepts make the token invalid, never a store error.
        return Storage.StoreKeys.IsValid(result.OrgId) && Storage.StoreKeys.IsValid(result.CycleId)
            && Storage.StoreKeys.IsValid(result.PersonId) ? result : null;
    }

    private string Seal(TokenPurpose purpose, string orgId, string cycleId, string personId, DateTimeOffset expiresAt, int generation)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(generation);
        var ids = Encoding.UTF8.GetBytes(string.Join('\n', orgId, cycleId, personId));
        var claims = new byte[FixedClaimsLength + ids.Length];
        claims[0] = (byte)purpose;
        BinaryPrimitives.WriteInt64BigEndian(claims.AsSpan(1), expiresAt.ToUnixTimeSeconds());
        BinaryPrimitives.WriteInt32BigEndian(claims.AsSpan(9), generation);
        ids.CopyTo(claims, FixedClaimsLength);

        var result = new byte[HeaderLength + NonceLength + claims.Length + TagLength];
        result[0] = Version;
        _keys[0].Id.CopyTo(result, 1);
        RandomNumberGenerator.Fill(result.AsSpan(HeaderLength, NonceLength));
        Cipher(0).Encrypt(result.AsSpan(HeaderLength, NonceLength), claims, result.AsSpan(HeaderLength + NonceLength, claims.Length),
            result.AsSpan(result.Length - TagLength), result.AsSpan(0, HeaderLength));
        return Base64Url(result);
    }

    /// <summary>
    /// The characters of the bearer token in the request's Authorization header ("Bearer …"),
    /// without copying; empty when there is none. Survey tokens never travel in URLs the server sees
    /// (only unsubscribe tokens do, which open nothing).
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
    /// <summary>Splits the ids at line feeds into exactly <paramref name="parts"/>.Length parts.</summary>
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

    /// <summary>The index of the key whose id is <paramref name="keyId"/>, or -1: a handful of keys at most, so a scan.</summary>
    private int KeyFor(ReadOnlySpan<byte> keyId)
    {
        for (var i = 0; i < _keys.Length; i++)
        {
            if (keyId.SequenceEqual(_keys[i].Id))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>This thread's AES-GCM state for key <paramref name="key"/>: setting a key up costs more than opening a token this small.</summary>
    private AesGcm Cipher(int key)
    {
        var ciphers = _ciphers.Value!;
        return ciphers[key] ??= new AesGcm(_keys[key].Key, TagLength);
    }

    /// <summary>The key id (a hash of the signing key, which reveals nothing of it) and the AES-256 key derived from it.</summary>
    private static (byte[] Id, byte[] Key) Derive(byte[] signingKey) =>
        (SHA256.HashData(signingKey).AsSpan(0, KeyIdLength).ToArray(), HKDF.DeriveKey(HashAlgorithmName.SHA256, signingKey, 32, [], KeyDerivationInfo));

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

    private static string Base64Url(ReadOnlySpan<byte> bytes) => System.Buffers.Text.Base64Url.EncodeToString(bytes);

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
