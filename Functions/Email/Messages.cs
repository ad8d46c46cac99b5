using System.Globalization;
using System.Net;
using System.Text;
using SurveyNetwork.Domain.Survey;

namespace SurveyNetwork.Functions.Email;

/// <summary>
/// The words of each message, as plain text and as HTML (every value escaped). Dates are given in
/// UTC and say so: the roster holds a site name, not a time zone, and a date in the wrong zone is
/// worse than one in a zone the reader converts.
/// </summary>
public static class Messages
{
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-GB");

    /// <summary>What every message shares: who it is for, the cycle, who to ask, and the reminders opt-out.</summary>
    public sealed record Context(Cycle Cycle, Person Person, string Contact, string? Unsubscribe);

    public static EmailMessage Invitation(MessageKey key, Context c, string surveyLink) => Compose(key, c,
        $"Invitation: {c.Cycle.Title}",
        [
            $"You are invited to answer \"{c.Cycle.Title}\": a short survey about the colleagues you work with.",
            $"Please answer by {Closing(c.Cycle)}.",
        ],
        ("Open the survey", surveyLink),
        "The link is personal: please do not forward it.");

    public static EmailMessage Reminder(MessageKey key, Context c, string surveyLink) => Compose(key, c,
        $"Reminder: {c.Cycle.Title} closes {Day(c.Cycle.EffectiveClose)}",
        [
            $"You have not answered \"{c.Cycle.Title}\" yet. It takes a few minutes and makes the picture of your network complete.",
            $"The survey closes {Closing(c.Cycle)}.",
        ],
        ("Open the survey", surveyLink),
        "If you have answered in the meantime, please ignore this message.");

    public static EmailMessage ProfileReady(MessageKey key, Context c, string profileLink) => Compose(key, c,
        $"Your network profile is ready: {c.Cycle.Title}",
        [
            $"Thank you for answering \"{c.Cycle.Title}\". Your personal network profile is ready.",
            "Only you can see it, through the link below.",
        ],
        ("Open your profile", profileLink),
        null);

    /// <summary>To one of a team's report recipients (not necessarily on the roster): the team's report is out.</summary>
    public static EmailMessage TeamReport(MessageKey key, Cycle cycle, Team team, string to, string contact, string? reportLink) => Compose(
        key, to, to, contact, null,
        $"Team report published: {team.Name}, {cycle.Title}",
        [
            $"The network report of team \"{team.Name}\" for \"{cycle.Title}\" has been published.",
            reportLink is null ? $"Ask {contact} for access to it." : "It is available through the link below.",
        ],
        reportLink is null ? null : ("Open the report", reportLink),
        "You receive this message as one of the team's report recipients.");

    /// <summary>The closing moment in UTC, said to be UTC, e.g. "Friday 20 March 2026 at 17:00 UTC".</summary>
    public static string Closing(Cycle cycle) =>
        cycle.EffectiveClose.UtcDateTime.ToString("dddd d MMMM yyyy 'at' HH:mm 'UTC'", English);

    private static string Day(DateTimeOffset at) => "on " + at.UtcDateTime.ToString("d MMMM", English);

    private static EmailMessage Compose(MessageKey key, Context c, string subject, string[] paragraphs, (string Label, string Url) action, string? note) =>
        Compose(key, c.Person.Email ?? throw new ArgumentException($"Person '{c.Person.Id}' has no email address.", nameof(c)), c.Person.Name, c.Contact, c.Unsubscribe,
            subject, paragraphs, action, note);

    private static EmailMessage Compose(MessageKey key, string to, string toName, string contact, string? unsubscribe, string subject, string[] paragraphs, (string Label, string Url)? action, string? note)
    {
        var text = new StringBuilder();
        text.Append("Hello ").Append(toName).Append(",\n\n");
        foreach (var p in paragraphs)
        {
            text.Append(p).Append("\n\n");
        }

        if (action is { } a)
        {
            text.Append(a.Label).Append(":\n").Append(a.Url).Append("\n\n");
        }

        if (note is not null)
        {
            text.Append(note).Append("\n\n");
        }

        text.Append("Questions? Ask ").Append(contact).Append(".\n");
        if (unsubscribe is not null)
        {
            text.Append("\nTo receive no more reminders for this survey: ").Append(unsubscribe).Append('\n');
        }

        var html = new StringBuilder("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
            .Append(E(subject)).Append("</title></head><body style=\"font-family:sans-serif;line-height:1.5;max-width:40em\">");
        html.Append("<p>Hello ").Append(E(toName)).Append(",</p>");
        foreach (var p in paragraphs)
        {
            html.Append("<p>").Append(E(p)).Append("</p>");
        }

        if (action is { } b)
        {
            html.Append("<p><a href=\"").Append(E(b.Url)).Append("\">").Append(E(b.Label)).Append("</a></p>");
        }

        if (note is not null)
        {
            html.Append("<p>").Append(E(note)).Append("</p>");
        }

        html.Append("<p>Questions? Ask ").Append(E(contact)).Append(".</p>");
        if (unsubscribe is { } link)
        {
            html.Append("<p style=\"font-size:smaller\"><a href=\"").Append(E(link)).Append("\">Receive no more reminders for this survey</a></p>");
        }

        html.Append("</body></html>");
        return new EmailMessage(key, to, toName, subject, text.ToString(), html.ToString(), unsubscribe);
    }

    private static string E(string value) => WebUtility.HtmlEncode(value);
}
