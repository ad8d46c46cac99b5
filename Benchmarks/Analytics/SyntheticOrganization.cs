using SurveyNetwork.Domain.Survey;

namespace SurveyNetwork.Benchmarks.Analytics;

/// <summary>
/// A seeded synthetic organization and one complete survey cycle: teams of 6–10 grouped in
/// departments of 4–12 teams; each department has a main function and a home site that most of its
/// teams share; levels 1–5 (department head 5, team lead 3–4, members 1–2); every person responds
/// and names 10–20 contacts: ~5% outside the organization, otherwise 40% from their own team,
/// 30% from their department and 30% from anywhere. Outside their team people are named in
/// proportion to a popularity <c>exp(σZ)·(1 + (level − 1)/2)</c>, Z standard normal: some people
/// are sought out far more than others (experts, senior people), as in real advice networks;
/// σ = 0 and equal levels would give every colleague the same chance.
/// </summary>
internal static class SyntheticOrganization
{
    private const int Functions = 8;
    private const int Locations = 6;

    public static (Roster Roster, IReadOnlyList<Submission> Submissions) Generate(int people, int seed, double popularitySpread)
    {
        var random = new Random(seed);
        var teamOf = new int[people];
        var deptOfTeam = new List<int>();
        var teamStart = new List<int>();
        var teamFunction = new List<int>();
        var teamLocation = new List<int>();
        var deptStartTeam = new List<int>();
        var deptFunction = new List<int>();
        var deptLocation = new List<int>();

        var person = 0;
        while (person < people)
        {
            var dept = deptStartTeam.Count;
            deptStartTeam.Add(teamStart.Count);
            deptFunction.Add(random.Next(Functions));
            deptLocation.Add(random.Next(Locations));
            var teams = random.Next(4, 13);
            for (var t = 0; t < teams && person < people; t++)
            {
                var team = teamStart.Count;
                teamStart.Add(person);
                deptOfTeam.Add(dept);
                teamFunction.Add(random.NextDouble() < 0.7 ? deptFunction[dept] : random.Next(Functions));
                teamLocation.Add(random.NextDouble() < 0.8 ? deptLocation[dept] : random.Next(Locations));
                var size = Math.Min(random.Next(6, 11), people - person);
                for (var k = 0; k < size; k++)
                {
                    teamOf[person++] = team;
                }
            }
        }

        teamStart.Add(people);
        deptStartTeam.Add(teamStart.Count - 1);

        var ids = new string[people];
        var roster = new Person[people];
        for (var i = 0; i < people; i++)
        {
            var team = teamOf[i];
            var dept = deptOfTeam[team];
            var isTeamLead = teamStart[team] == i;
            var isHead = isTeamLead && deptStartTeam[dept] == team;
            var level = isHead ? 5 : isTeamLead ? random.Next(3, 5) : random.Next(1, 3);
            ids[i] = $"p{i:D6}";
            roster[i] = new Person(
                ids[i],
                $"Person {i}",
                $"t{team:D5}",
                $"F{(random.NextDouble() < 0.85 ? teamFunction[team] : random.Next(Functions))}",
                level,
                $"L{(random.NextDouble() < 0.9 ? teamLocation[team] : random.Next(Locations))}");
        }

        // Cumulative popularity, so a weighted pick in a contiguous range is one binary search.
        var cumulative = new double[people + 1];
        for (var i = 0; i < people; i++)
        {
            var z = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            cumulative[i + 1] = cumulative[i] + Math.Exp(popularitySpread * z) * (1 + (roster[i].Level - 1) / 2.0);
        }

        int Pick(int from, int to)
        {
            var target = cumulative[from] + random.NextDouble() * (cumulative[to] - cumulative[from]);
            var index = Array.BinarySearch(cumulative, from, to - from + 1, target);
            var j = index >= 0 ? index : ~index - 1;
            return Math.Clamp(j, from, to - 1);
        }

        var teamsList = Enumerable.Range(0, teamStart.Count - 1)
            .Select(t => new Team($"t{t:D5}", $"Team {t}", $"d{deptOfTeam[t]:D4}"))
            .ToArray();

        var submissions = new Submission[people];
        var named = new HashSet<int>();
        var benefits = Enum.GetValues<Benefit>();

        // Benefit lists are shared, as the stores share them when they read answers (BenefitLists).
        IReadOnlyList<Benefit> One(Benefit b) => BenefitLists.Share([b]);
        IReadOnlyList<Benefit> Two(Benefit a, Benefit b) => BenefitLists.Share([a, b]);
        var at = new DateTimeOffset(2026, 1, 15, 9, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < people; i++)
        {
            var team = teamOf[i];
            var dept = deptOfTeam[team];
            var deptFrom = teamStart[deptStartTeam[dept]];
            var deptTo = teamStart[deptStartTeam[dept + 1]];
            var count = random.Next(10, 21);
            var contacts = new List<ContactAnswer>(count);
            named.Clear();
            for (var c = 0; c < count; c++)
            {
                if (random.NextDouble() < 0.05)
                {
                    contacts.Add(new ContactAnswer
                    {
                        OutsideKind = (OutsideKind)random.Next(1, 6),
                        OutsideLabel = "contact",
                        Frequency = (Frequency)random.Next(1, 5),
                        Personal = random.NextDouble() < 0.3,
                        GiveBack = (GiveBack)random.Next(0, 4),
                        Benefits = One(benefits[random.Next(benefits.Length)]),
                    });
                    continue;
                }

                for (var attempt = 0; attempt < 20; attempt++)
                {
                    var roll = random.NextDouble();
                    var j = roll < 0.4 ? random.Next(teamStart[team], teamStart[team + 1])
                        : roll < 0.7 ? Pick(deptFrom, deptTo)
                        : Pick(0, people);
                    if (j == i || !named.Add(j))
                    {
                        continue;
                    }

                    var sameTeam = teamOf[j] == team;
                    contacts.Add(new ContactAnswer
                    {
                        PersonId = ids[j],
                        Frequency = (Frequency)Math.Min(4, random.Next(1, 4) + (sameTeam ? 1 : 0)),
                        Personal = random.NextDouble() < (sameTeam ? 0.4 : 0.2),
                        GiveBack = (GiveBack)random.Next(0, 4),
                        Benefits = random.NextDouble() < 0.5
                            ? One(benefits[random.Next(benefits.Length)])
                            : Two(benefits[random.Next(benefits.Length)], benefits[random.Next(benefits.Length)]),
                    });
                    break;
                }
            }

            submissions[i] = new Submission
            {
                OrgId = "org",
                CycleId = "cycle",
                RespondentId = ids[i],
                Contacts = contacts,
                SubmittedAt = at,
                Version = 1,
            };
        }

        return (new Roster("org", teamsList, roster, at), submissions);
    }
}
