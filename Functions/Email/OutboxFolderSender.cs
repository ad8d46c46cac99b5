using MimeKit;
using SurveyNetwork.Functions.Security;

namespace SurveyNetwork.Functions.Email;

/// <summary>
/// Writes each message as one <c>.eml</c> file in a folder instead of sending it (the local and demo
/// default): a file named by the message key's digest, owner-only, written whole and then moved into
/// place, so a reader never sees half a message and sending a key again replaces its file.
/// </summary>
public sealed class OutboxFolderSender : IEmailSender
{
    private readonly MailboxAddress _from;

    public OutboxFolderSender(string folder, MailboxAddress from)
    {
        Folder = Path.GetFullPath(folder);
        _from = from;
        OwnerOnlyFiles.CreateFolder(Folder);
    }

    public string Folder { get; }

    public string Describe() => $"outbox folder {Folder}";

    public string PathOf(MessageKey key) => Path.Combine(Folder, key.Digest + ".eml");

    public async Task SendAsync(EmailMessage message, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        var path = PathOf(message.Key);
        var partial = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        try
        {
            await using (var file = new FileStream(partial, OwnerOnlyFiles.Options(FileMode.CreateNew, FileAccess.Write, FileOptions.Asynchronous)))
            {
                await MimeMessages.Build(message, _from).WriteToAsync(file, ct);
                await file.FlushAsync(ct);
            }

            File.Move(partial, path, overwrite: true);
        }
        finally
        {
            File.Delete(partial);
        }
    }
}
