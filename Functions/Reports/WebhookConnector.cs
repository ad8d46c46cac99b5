using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using SurveyNetwork.Domain.Validation;

namespace SurveyNetwork.Functions.Reports;

/// <summary>
/// Opens webhook connections only to addresses <see cref="WebhookTargets"/> accepts: the host name is
/// resolved here, every address it resolves to is checked, and the socket connects to a checked
/// address — so a name that resolves to an internal address, or changes between a check and the
/// connection, never reaches the internal network. Allowed hosts connect as they resolve.
/// </summary>
public sealed class WebhookConnector(WebhookTargets targets)
{
    /// <summary>Resolves host names; replaced in tests so that no real lookup is made.</summary>
    public Func<string, CancellationToken, Task<IPAddress[]>> Resolve { get; init; } = Dns.GetHostAddressesAsync;

    /// <summary>For <see cref="SocketsHttpHandler.ConnectCallback"/>.</summary>
    public ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        return ConnectAsync(context.DnsEndPoint, ct);
    }

    /// <exception cref="HttpRequestException">The host resolves to an address webhooks may not reach, or no address answers.</exception>
    public async ValueTask<Stream> ConnectAsync(DnsEndPoint endpoint, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var addresses = await AddressesAsync(endpoint, ct);
        Exception? last = null;
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, endpoint.Port), ct);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException e)
            {
                socket.Dispose();
                last = e;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        throw new HttpRequestException($"The webhook host {endpoint.Host} could not be reached.", last);
    }

    /// <summary>The addresses to try: all of the host's addresses, each of them public unless the host is allowed.</summary>
    public async Task<IPAddress[]> AddressesAsync(DnsEndPoint endpoint, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var host = endpoint.Host.TrimStart('[').TrimEnd(']');
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Resolve(host, ct);
        if (addresses.Length == 0)
            throw new HttpRequestException($"The webhook host {endpoint.Host} has no address.");
        if (!targets.IsAllowedHost(host, endpoint.Port) && Array.Find(addresses, a => !WebhookTargets.IsPublic(a)) is not null)
            throw new HttpRequestException(
                $"The webhook host {endpoint.Host} resolves to an address that is not public (loopback, link-local or private); refused.");
        return addresses;
    }
}
