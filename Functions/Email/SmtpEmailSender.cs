using System.Collections.Concurrent;
using MailKit.Net.Smtp;
using MimeKit;

namespace SurveyNetwork.Functions.Email;

/// <summary>
/// Sends through an SMTP relay with MailKit, keeping up to <see cref="SmtpOptions.Connections"/>
/// authenticated connections open between messages (a connection per message would cost a TLS
/// handshake and a login each). A connection that fails is dropped and the error goes to the caller.
/// </summary>
public sealed class SmtpEmailSender(SmtpOptions options, MailboxAddress from) : IEmailSender, IAsyncDisposable
{
    private readonly ConcurrentBag<SmtpClient> _idle = [];
    private readonly SemaphoreSlim _slots = new(options.Connections, options.Connections);

    public string Describe() => $"SMTP relay {options.Host}:{options.Port}";

    public async Task SendAsync(EmailMessage message, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        var mime = MimeMessages.Build(message, from);
        await _slots.WaitAsync(ct);
        SmtpClient? client = null;
        try
        {
            client = await ConnectedAsync(ct);
            await client.SendAsync(mime, ct);
            _idle.Add(client);
            client = null;
        }
        finally
        {
            client?.Dispose();
            _slots.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        while (_idle.TryTake(out var client))
        {
            try
            {
                await client.DisconnectAsync(quit: true);
            }
            catch (Exception e) when (e is IOException or MailKit.ServiceNotConnectedException or SmtpProtocolException)
            {
                // The relay already closed it.
            }

            client.Dispose();
        }

        _slots.Dispose();
    }

    private async Task<SmtpClient> ConnectedAsync(CancellationToken ct)
    {
        while (_idle.TryTake(out var idle))
        {
            if (idle.IsConnected)
            {
                return idle;
            }

            idle.Dispose();
        }

        var client = new SmtpClient { Timeout = 30_000 };
        try
        {
            await client.ConnectAsync(options.Host, options.Port, options.Tls, ct);
            if (options.Username is not null)
            {
                await client.AuthenticateAsync(options.Username, options.Password ?? "", ct);
            }

            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }
}
