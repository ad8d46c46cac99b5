using SurveyNetwork.Domain.Survey;

namespace SurveyNetwork.Domain.Demo;

/// <summary>
/// A generated, seeded demo organization: teams across functions, levels and locations, and
/// plausible answers for most people (contacts biased to the own team and function, some across
/// levels and sites, a few outside the organization). Same seed, same organization.
/// </summary>
public static class DemoOrganization
{
    private static readonly (string Id, string Name, string Function, string Location)[] TeamSpecs =
    [
        ("platform", "Platform Engineering", "Engineering", "Lisbon"),
        ("payments", "Payments", "Engineering", "Berlin"),
        ("mobile", "Mobile Apps", "Engineering", "Lisbon"),
        ("data", "Data & Insights", "Analytics", "Berlin"),
        ("product", "Product Management", "Product", "Austin"),
        ("sales-emea", "Sales EMEA", "Sales", "Berlin"),
        ("success", "Customer Success", "Support", "Austin"),
        ("finance", "Finance", "Finance", "Singapore"),
    ];

    private static readonly string[] GivenNames =
    [
        "Ana", "Ben", "Chloé", "Dmitri", "Eva", "Farid", "Grace", "Hiro", "Inês", "Jonas", "Kemi", "Lars", "Maya", "Nikhil",
        "Olga", "Pedro", "Quinn", "Rosa", "Sam", "Tariq", "Uma", "Victor", "Wen", "Ximena", "Yusuf", "Zoë", "Aisha", "Bruno",
        "Carmen", "Diego", "Elif", "Finn", "Gita", "Hugo", "Ines", "Jakub", "Keiko", "Leon", "Mina", "Nora",
    ];

    private static readonly string[] FamilyNames =
    [
        "Silva", "Okafor", "Martin", "Petrov", "Schmidt", "Haddad", "Kim", "Tanaka", "Costa", "Berg", "Adeyemi", "Nilsen",
        "Cohen", "Rao", "Ivanova", "Santos", "Murphy", "García", "Lee", "Aziz", "Patel", "Dubois", "Zhang", "López",
    ];

    public static Roster Roster(string orgId, DateTimeOffset now, int seed = 2026, int peoplePerTeamMin = 6, int peoplePerTeamMax = 9)
    {
        var random = new Random(seed);
        var teams = TeamSpecs.Select(t => new Team(t.Id, t.Name, ParentUnitOf(t.Function))).ToArray();
        var people = new List<Person>();
        var ceo = new Person("p000", "Alex Morgan", "product", "Product", 5, "Austin");
        people.Add(ceo);
        var n = 1;
        foreach (var spec in TeamSpecs)
        {
            var size = random.Next(peoplePerTeamMin, peoplePerTeamMax + 1);
            string? lead = null;
            for (var i = 0; i < size; i++)
            {
                var id = $"p{n++:000}";
                var name = $"{GivenNames[random.Next(GivenNames.Length)]} {FamilyNames[random.Next(FamilyNames.Length)]}";
                var level = i == 0 ? 4 : random.Next(10) < 3 ? 3 : random.Next(10) < 6 ? 2 : 1;
                var function = i > 0 && random.Next(8) == 0 ? TeamSpecs[random.Next(TeamSpecs.Length)].Function : spec.Function;
                var location = random.Next(6) == 0 ? TeamSpecs[random.Next(TeamSpecs.Length)].Location : spec.Location;
                people.Add(new Person(id, name, spec.Id, function, level, location, i == 0 ? ceo.Id : lead,
                    Performance: Math.Round(2 + random.NextDouble() * 3, 1)));
                lead ??= id;
            }
        }

        return new Roster(orgId, teams, people, now);
    }

    /// <summary>Answers for about <paramref name="responseRate"/> of the active people.</summary>
    public static IReadOnlyList<Submission> Answers(Roster roster, string cycleId, DateTimeOffset now, int seed = 2026, double responseRate = 0.85)
    {
        var random = new Random(seed + 1);
        var people = roster.ActivePeople.ToArray();
        var result = new List<Submission>();
        foreach (var me in people)
        {
            if (random.NextDouble() > responseRate)
            {
                continue;
            }

            var count = random.Next(3, 11);
            var chosen = new HashSet<string>();
            var contacts = new List<ContactAnswer>();
            for (var attempts = 0; contacts.Count < count && attempts < 200; attempts++)
            {
                var roll = random.NextDouble();
                var pool = roll < 0.55 ? people.Where(p => p.TeamId == me.TeamId)
                    : roll < 0.75 ? people.Where(p => p.Function == me.Function)
                    : people;
                var candidates = pool.Where(p => p.Id != me.Id && !chosen.Contains(p.Id)).ToArray();
                if (candidates.Length == 0)
                {
                    continue;
                }

                var other = candidates[random.Next(candidates.Length)];
                chosen.Add(other.Id);
                contacts.Add(Contact(random, other.Id, other.TeamId == me.TeamId));
            }

            if (random.Next(4) == 0)
            {
                contacts.Add(Contact(random, null, false) with
                {
                    OutsideKind = (OutsideKind)random.Next(1, 6),
                    OutsideLabel = OutsideLabels[random.Next(OutsideLabels.Length)],
                });
            }

            result.Add(new Submission
            {
                OrgId = roster.OrgId,
                CycleId = cycleId,
                RespondentId = me.Id,
                Contacts = contacts,
                SubmittedAt = now,
                Version = Submission.VersionAt(now),
                Source = "survey",
            });
        }

        return result;
    }

    private static readonly string[] OutsideLabels =
        ["Key customer in retail", "Cloud vendor account team", "Former manager", "Local meetup organizer", "University lab"];

    private static ContactAnswer Contact(Random random, string? personId, bool sameTeam)
    {
        var c = new ContactAnswer
        {
            PersonId = personId,
            Frequency = (Frequency)(sameTeam ? random.Next(2, 5) : random.Next(1, 4)),
            Benefits = Enum.GetValues<Benefit>().Where(_ => random.Next(3) == 0).DefaultIfEmpty(Benefit.Solutions).ToArray(),
            Personal = random.Next(3) == 0,
            GiveBack = (GiveBack)random.Next(0, 4),
        };
        return c with { Energy = Energy(c) };
    }

    /// <summary>
    /// An energy rating derived from the other answers (not from the random stream, so the rest of
    /// the demo stays as it was): frequent, personal, two-way ties tend to energize.
    /// </summary>
    private static int Energy(ContactAnswer c) =>
        Math.Clamp((int)c.Frequency + (c.Personal == true ? 1 : 0) + (c.GiveBack is GiveBack.Often or GiveBack.Sometimes ? 1 : 0) - (c.GiveBack is GiveBack.Never ? 1 : 0), Vocabulary.EnergyMin, Vocabulary.EnergyMax);

    private static string ParentUnitOf(string function) => function switch
    {
        "Engineering" or "Analytics" => "Technology",
        "Sales" or "Support" => "Go to market",
        _ => "Operations",
    };
}
