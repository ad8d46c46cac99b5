using SurveyNetwork.Functions.Reports;

namespace SurveyNetwork.Functions.Storage;

/// <summary>
/// Rules every store applies to organization, cycle and respondent ids, so that each id works as a
/// Cosmos DB item id and partition key part: not empty, at most 255 characters, none of
/// <c>/ \ ? #</c> (forbidden in item ids), no <c>|</c> (separates org and cycle in a partition key),
/// no control characters, and no leading <c>_</c> (reserved, e.g. the "_orgs" registry partition).
/// </summary>
public static class StoreKeys
{
    public const int MaxLength = 255;

    public static bool IsValid(string? id) =>
        !string.IsNullOrEmpty(id)
        && id.Length <= MaxLength
        && id[0] != '_'
        && !id.AsSpan().ContainsAny("/\\?#|")
        && !id.Any(char.IsControl);

    /// <exception cref="ArgumentException">The id breaks a rule.</exception>
    public static void Require(string? id, string name)
    {
        if (!IsValid(id))
            throw new ArgumentException(
                $"'{id}' is not a valid {name}: 1–{MaxLength} characters, none of / \\ ? # | or control characters, not starting with _.",
                name);
    }

    public static void RequireCycle(string orgId, string cycleId)
    {
        Require(orgId, "organization id");
        Require(cycleId, "cycle id");
    }

    public static void RequireSubmission(string orgId, string cycleId, string respondentId)
    {
        RequireCycle(orgId, cycleId);
        Require(respondentId, "respondent id");
    }

    /// <summary>A report's keys: its cycle, and a team id unless the scope is the organization summary.</summary>
    public static void RequireScope(string orgId, string cycleId, string scope)
    {
        RequireCycle(orgId, cycleId);
        if (scope != ReportScope.Organization)
            Require(scope, "team id");
    }
}
