using MimeKit;
using SurveyNetwork.Domain.Survey;
using SurveyNetwork.Functions.Email;
using SurveyNetwork.Functions.Tests.Reports;

namespace SurveyNetwork.Functions.Tests.Email;

/// <summary>What a message says and how it is escaped, independent of the transport.</summary>
public class MessageTests
{
    private static readonly Person Ana = new("p1", "Ana <b>&</b> \"Silva\"", "t1", "Eng", 1, "Lisbon", Email: "ana@example.org");

    private static Messages.Context Context(string? unsubscribe = null) => new(
        ReportTestData.Cycle() with { Title = "Spring <script>alert(1)</script>", ClosesAt = new DateTimeOffset(2026, 3, 20, 17, 0, 0, TimeSpan.FromHours(1)) },
        Ana, "People team <people@example.org>", unsubscribe);

    private static MessageKey Key(MessageKind kind = MessageKind.Invitation) => new("acme", "c1", "p1", kind, 1);

    [Fact]
    public void An_invitation_has_the_title_the_closing_time_in_UTC_the_link_and_whom_to_ask()
    {
        var m = Messages.Invitation(Key(), Context(), "https://surveys.example.org/api/survey/page#token=abc");
        Assert.Equal("ana@example.org", m.To);
        Assert.Contains("Spring <script>alert(1)</script>", m.Subject, StringComparison.Ordinal);
        foreach (var body in new[] { m.TextBody, m.HtmlBody })
        {
            Assert.Contains("Friday 20 March 2026 at 16:00 UTC", body, StringComparison.Ordinal);
            Assert.Contains("https://surveys.example.org/api/survey/page#token=abc", body, StringComparison.Ordinal);
        }

        Assert.Contains("Ask People team <people@example.org>.", m.TextBody, StringComparison.Ordinal);
        Assert.Contains("Spring <script>alert(1)</script>", m.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public void The_html_part_escapes_every_value()
    {
        var m = Messages.Reminder(Key(MessageKind.Reminder), Context("https://x.example/api/unsubscribe?t=a&b=\"c\""), "https://x.example/s#token=a\"><script>");
        Assert.DoesNotContain("<script>", m.HtmlBody, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>", m.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("Ana &lt;b&gt;&amp;&lt;/b&gt; &quot;Silva&quot;", m.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", m.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("People team &lt;people@example.org&gt;", m.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("href=\"https://x.example/api/unsubscribe?t=a&amp;b=&quot;c&quot;\"", m.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("https://x.example/api/unsubscribe?t=a&b=\"c\"", m.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public void The_mime_message_has_both_parts_a_stable_id_and_the_unsubscribe_header()
    {
        var m = Messages.Reminder(Key(MessageKind.Reminder), Context("https://x.example/api/unsubscribe?t=a"), "https://x.example/s");
        var mime = MimeMessages.Build(m, MailboxAddress.Parse("Surveys <surveys@example.org>"));
        var alternative = Assert.IsType<MultipartAlternative>(mime.Body);
        Assert.Equal(["text/plain", "text/html"], alternative.Select(p => p.ContentType.MimeType));
        Assert.Equal(m.TextBody.ReplaceLineEndings(), mime.TextBody?.ReplaceLineEndings());
        Assert.Equal(m.HtmlBody, mime.HtmlBody);
        Assert.Equal(MimeMessages.Build(m, MailboxAddress.Parse("s@example.org")).MessageId, mime.MessageId);
        Assert.NotEqual(MimeMessages.Build(m with { Key = Key(MessageKind.Invitation) }, MailboxAddress.Parse("s@example.org")).MessageId, mime.MessageId);
        Assert.DoesNotContain("p1", mime.MessageId, StringComparison.Ordinal);
        Assert.Equal("<https://x.example/api/unsubscribe?t=a>", mime.Headers[HeaderId.ListUnsubscribe]);
    }

    [Fact]
    public void A_person_without_an_address_gets_no_message() =>
        Assert.Throws<ArgumentException>(() => Messages.Invitation(Key(), Context() with { Person = Ana with { Email = null } }, "https://x.example/s"));
}
