using System.Net;
using MailKit.Security;
using Microsoft.Extensions.Configuration;
using MimeKit;

namespace SurveyNetwork.Functions.Email;

/// <summary>
/// How to reach the SMTP relay. TLS is required by default (STARTTLS, or TLS on connect with
/// <c>SMTP_TLS=tls</c>); <c>SMTP_TLS=none</c> is accepted only for a loopback host (a local test
/// server), never for a relay that credentials and personal addresses would cross in clear.
/// </summary>
public sealed record SmtpOptions(string Host, int Port, string? Username, string? Password, SecureSocketOptions Tls, int Connections)
{
    public const int DefaultPort = 587;
    public const int DefaultConnections = 4;

    public static SmtpOptions From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var host = configuration[Settings.SmtpHost];
        if (string.IsNullOrWhiteSpace(host))
        {
            throw new InvalidOperationException($"{Settings.EmailSender}=smtp needs {Settings.SmtpHost}.");
        }

        var port = Number(configuration, Settings.SmtpPort, DefaultPort, 1, 65535);
        var tls = (configuration[Settings.SmtpTls]?.Trim().ToLowerInvariant() ?? "starttls") switch
        {
            "" or "starttls" => SecureSocketOptions.StartTls,
            "tls" => SecureSocketOptions.SslOnConnect,
            "none" when IsLoopback(host) => SecureSocketOptions.None,
            "none" => throw new InvalidOperationException($"{Settings.SmtpTls}=none is accepted only for a loopback {Settings.SmtpHost}, not \"{host}\"."),
            var other => throw new InvalidOperationException($"{Settings.SmtpTls} must be \"starttls\", \"tls\" or \"none\", not \"{other}\"."),
        };
        var username = configuration[Settings.SmtpUsername];
        return new SmtpOptions(host.Trim(), port, string.IsNullOrEmpty(username) ? null : username, configuration[Settings.SmtpPassword], tls,
            Number(configuration, Settings.SmtpConnections, DefaultConnections, 1, 32));
    }

    /// <summary>The sender address every message carries (<see cref="Settings.EmailFrom"/>, "Name &lt;address&gt;" or a bare address).</summary>
    public static MailboxAddress Sender(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var from = configuration[Settings.EmailFrom];
        if (string.IsNullOrWhiteSpace(from) || !MailboxAddress.TryParse(from, out var address))
        {
            throw new InvalidOperationException($"{Settings.EmailFrom} must be a sender address such as \"Surveys <surveys@example.org>\".");
        }

        return address;
    }

    private static bool IsLoopback(string host) =>
        host.Trim().Equals("localhost", StringComparison.OrdinalIgnoreCase) || (IPAddress.TryParse(host.Trim(), out var ip) && IPAddress.IsLoopback(ip));

    private static int Number(IConfiguration configuration, string name, int fallback, int min, int max)
    {
        var text = configuration[name];
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        return int.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new InvalidOperationException($"{name} must be a whole number from {min} to {max}, not \"{text}\".");
    }
}
