using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace SurveyNetwork.Functions.Email;

public static class EmailServiceCollectionExtensions
{
    /// <summary>Folder of the outbox sender when <see cref="Settings.EmailOutboxFolder"/> is not set.</summary>
    public const string DefaultOutboxFolder = "data/outbox";

    /// <summary>
    /// Registers the <see cref="IEmailSender"/> <see cref="Settings.EmailSender"/> names ("outbox",
    /// "smtp"), or none for "none" and no setting: then nothing offers to send email.
    /// </summary>
    public static IServiceCollection AddEmail(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddSingleton<MessageLedger>();
        services.AddSingleton<EmailDelivery>();
        services.AddSingleton<ReminderOptOut>();
        services.AddSingleton<ReportMail>();
        var kind = configuration[Settings.EmailSender]?.Trim().ToLowerInvariant();
        if (kind is "outbox" or "smtp")
            services.AddSingleton<MessageDispatch>();
        return kind switch
        {
            null or "" or "none" => services,
            "outbox" => services.AddSingleton<IEmailSender>(_ => new OutboxFolderSender(
                configuration[Settings.EmailOutboxFolder] is { Length: > 0 } folder ? folder : DefaultOutboxFolder, SmtpOptions.Sender(configuration))),
            "smtp" => services.AddSingleton<IEmailSender>(_ => new SmtpEmailSender(SmtpOptions.From(configuration), SmtpOptions.Sender(configuration))),
            _ => throw new InvalidOperationException($"{Settings.EmailSender} must be \"outbox\", \"smtp\" or \"none\", not \"{kind}\"."),
        };
    }
}
