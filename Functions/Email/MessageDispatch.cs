using SurveyNetwork.Functions.Storage;

namespace SurveyNetwork.Functions.Email;

/// <summary>Sends one claimed message and records the outcome in the ledger (sent, or back to the queue with the error).</summary>
public sealed class MessageDispatch(MessageLedger ledger, IEmailSender sender)
{
    public string Describe() => sender.Describe();

    /// <summary>True when the message was handed to the transport and recorded as sent.</summary>
    public async Task<bool> SendAsync(MessageEntry claim, EmailMessage message, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(claim);
        try
        {
            await sender.SendAsync(message, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            await ledger.ReleaseAsync(claim, $"{e.GetType().Name}: {e.Message}", CancellationToken.None);
            return false;
        }

        // Recorded even when the caller gives up now: the message is out, and a missing record would send it again.
        await ledger.MarkSentAsync(claim, CancellationToken.None);
        return true;
    }

    /// <summary>Claims and sends one key right away (a retry or a second trigger finds it claimed or sent and does nothing).</summary>
    public async Task<bool> SendOnceAsync(MessageKey key, Func<EmailMessage> build, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(build);
        return await ledger.TryClaimAsync(key, ct) is { } claim && await SendAsync(claim, build(), ct);
    }
}
