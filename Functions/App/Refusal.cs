namespace SurveyNetwork.Functions.App;

/// <summary>
/// Why a service declined a request, in the service's words; the HTTP layer turns each kind into
/// its problem response. Made only when a request is refused, never on the way to success.
/// </summary>
public abstract record Refusal
{
    private Refusal()
    {
    }

    /// <summary>The named thing does not exist ("Cycle 'c1' of organization 'acme'").</summary>
    public sealed record NotFound(string What) : Refusal;

    /// <summary>The request clashes with the current state.</summary>
    public sealed record Conflict(string Title, string? Detail = null) : Refusal;

    /// <summary>One or more fields are invalid; <paramref name="Detail"/> replaces the default summary.</summary>
    public sealed record Invalid(IReadOnlyDictionary<string, string[]> Errors, string? Detail = null) : Refusal;

    /// <summary>One field is at fault; with a <paramref name="ConflictTitle"/> it clashes with the current state rather than being malformed.</summary>
    public sealed record Field(string Name, string Message, string? ConflictTitle = null) : Refusal;

    /// <summary>The invitation token is missing, invalid, or no longer matches the roster.</summary>
    public sealed record Unauthorized(string Detail) : Refusal;

    /// <summary>The invitation was used too often; it may be used again after <paramref name="RetryAfterSeconds"/>.</summary>
    public sealed record RateLimited(int RetryAfterSeconds) : Refusal;
}
