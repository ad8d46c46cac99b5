namespace SurveyNetwork.Domain.Reports.Model;

/// <summary>
/// Counts of a person's own ties, each over the denominator it names, so every figure on the profile
/// (tiles, findings, picture, table) is the same count of the same contacts.
/// </summary>
/// <param name="Contacts">Everyone the person named: colleagues plus contacts outside the organization.</param>
/// <param name="Colleagues">Colleagues on the roster the person named.</param>
/// <param name="OutsideTeam">Contacts in another team or outside the organization.</param>
/// <param name="AcrossAny">Contacts across at least one of the four boundaries (level, function, location, outside the organization).</param>
/// <param name="PersonalAnswered">Contacts for whom the person answered whether the tie is personal.</param>
/// <param name="GiveBackAnswered">Contacts for whom the person answered how often they come to them for help.</param>
/// <param name="GivesBack">Contacts who come to the person for help sometimes or often (the person's own answer).</param>
/// <param name="Mutual">Colleagues named who also named the person; null when the answers do not count in the organization's network.</param>
/// <param name="NamedYouOnly">Colleagues who named the person but whom the person did not name: a count only, never who.</param>
public sealed record ProfileTies(
    int Contacts,
    int Colleagues,
    int OutsideTeam,
    int OtherTeam,
    int OtherLevel,
    int OtherFunction,
    int OtherLocation,
    int OutsideOrganization,
    int AcrossAny,
    int Personal,
    int PersonalAnswered,
    int GivesBack,
    int GiveBackAnswered,
    int? Mutual,
    int? NamedYouOnly)
{
    /// <summary>True when the contact is more senior or more junior than the person.</summary>
    public static bool IsOtherLevel(ProfileContact c)
    {
        ArgumentNullException.ThrowIfNull(c);
        return c.Level is "more senior" or "more junior";
    }

    /// <summary>"5 of your 6 contacts (83%)": a count, its denominator and the share, always together.</summary>
    public static string OfYour(int count, int of, string noun) =>
        $"{Format.Integer(count)} of your {Format.Integer(of)} {noun}{(of == 1 ? "" : "s")} ({Format.Percent(of == 0 ? 0 : (double)count / of)})";
}

/// <summary>One finding about a person's own network, phrased as one of the article's three tactics.</summary>
/// <param name="Heading">The tactic in plain words ("Span boundaries").</param>
/// <param name="Figure">The number behind it, with its denominator ("5 of your 6 contacts (83%) …").</param>
/// <param name="Text">What it means, in plain language.</param>
/// <param name="Action">One concrete suggestion.</param>
/// <param name="Technical">The technical measures behind it, for the curious reader.</param>
public sealed record ProfileFinding(Tactic Tactic, string Heading, string Figure, string Text, string Action, IReadOnlyList<TechnicalMeasure> Technical);

/// <param name="Name">The measure's technical name ("Burt's constraint").</param>
/// <param name="Value">The person's value, formatted.</param>
/// <param name="Meaning">What the measure says, in a sentence.</param>
public sealed record TechnicalMeasure(string Name, string Value, string Meaning);

/// <summary>
/// A flag about one person (a likely bottleneck, peripheral, isolated) that only that person sees, in
/// their own profile; anonymized reports give managers counts instead.
/// </summary>
/// <param name="Figure">The number behind it ("14 colleagues depend on you for information or advice").</param>
/// <param name="Rule">The rule that raised the flag, in words.</param>
public sealed record ProfileFlag(Role Role, string Title, string Figure, string Text, IReadOnlyList<string> Actions, string Rule);
