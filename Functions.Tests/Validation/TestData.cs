using SurveyNetwork.Domain.Survey;

namespace SurveyNetwork.Functions.Tests.Validation;

/// <summary>Small rosters and cycles for validator and function tests.</summary>
public static class TestData
{
    public static readonly DateTimeOffset Now = new(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);

    public static Roster Roster(string orgId = "acme") => new(
        orgId,
        [new Team("eng", "Engineering"), new Team("ops", "Operations")],
        [
            new Person("p1", "Ana Silva", "eng", "Engineering", 3, "Lisbon"),
            new Person("p2", "Ben Okafor", "eng", "Engineering", 2, "Lisbon", "p1"),
            new Person("p3", "Chloé Martin", "ops", "Operations", 2, "Berlin", "p1"),
            new Person("p4", "Dmitri Petrov", "ops", "Operations", 1, "Berlin", "p3"),
            new Person("p5", "Eva Schmidt", "ops", "Operations", 1, "Berlin", "p3", Active: false),
        ],
        Now);

    public static Cycle Cycle(string orgId = "acme", string id = "c1", CycleOptions? options = null) => new()
    {
        OrgId = orgId,
        Id = id,
        Title = "Test cycle",
        OpensAt = Now.AddDays(-1),
        ClosesAt = Now.AddDays(10),
        Options = options ?? new CycleOptions(),
        CreatedAt = Now.AddDays(-2),
    };

    public static ContactAnswer Contact(string? personId = "p1") => new()
    {
        PersonId = personId,
        Frequency = Frequency.Weekly,
        Benefits = [Benefit.Solutions],
        Personal = true,
        GiveBack = GiveBack.Sometimes,
    };

    public static ContactAnswer Outside(OutsideKind kind = OutsideKind.Customer, string? label = "Pilot customer") => Contact(null) with
    {
        OutsideKind = kind,
        OutsideLabel = label,
    };
}
