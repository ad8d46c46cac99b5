using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using SurveyNetwork.Domain.Validation;
using SurveyNetwork.Functions.Reports;
using SurveyNetwork.Functions.Tests.EndToEnd;

namespace SurveyNetwork.Functions.Tests.Trust;

/// <summary>
/// Webhooks cannot reach the service's own network: internal or plain-HTTP URLs are refused when a
/// roster is saved, and names that resolve to internal addresses are refused before connecting.
/// Host names are resolved by a stub here, onto loopback listeners that count connections, so no
/// test traffic leaves the machine.
/// </summary>
public sealed class WebhookAddressTests
{
    [Theory]
    [InlineData("https://169.254.169.254/latest/meta-data/")]
    [InlineData("https://10.0.0.1/hook")]
    [InlineData("https://172.16.5.4/hook")]
    [InlineData("https://192.168.1.20/hook")]
    [InlineData("https://[fd12::1]/hook")]
    [InlineData("https://[fe80::1]/hook")]
    [InlineData("https://[::1]/hook")]
    [InlineData("https://localhost/hook")]
    [InlineData("http://127.0.0.1:8080/hook")]
    [InlineData("http://hooks.example.org/hook")]
    public async Task A_roster_with_an_internal_or_plain_http_webhook_gets_400_naming_the_field(string url)
    {
        await using var server = await LocalHostServer.StartAsync();
        var roster = TrustData.Roster(3);
        roster["teams"]![0]!["webhookUrl"] = url;

        var response = await server.AdminAsync(HttpMethod.Put, "orgs/acme/roster", roster);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.True(problem!["errors"]!.AsObject().ContainsKey("teams[0].webhookUrl"), problem.ToJsonString());
        Assert.Null(await server.Store.GetRosterAsync("acme"));
    }

    [Fact]
    public async Task A_host_listed_in_the_allow_setting_may_be_a_loopback_http_webhook()
    {
        await using var server = await LocalHostServer.StartAsync(new Dictionary<string, string?> { [Settings.WebhookAllowedHosts] = "127.0.0.1:8080" });
        var roster = TrustData.Roster(3);
        roster["teams"]![0]!["webhookUrl"] = "http://127.0.0.1:8080/hook";

        Assert.Equal(HttpStatusCode.OK, (await server.AdminAsync(HttpMethod.Put, "orgs/acme/roster", roster)).StatusCode);
    }

    [Theory]
    [InlineData("169.254.169.254")]
    [InlineData("10.0.0.1")]
    [InlineData("192.168.0.1")]
    [InlineData("fd00::1")]
    [InlineData("::ffff:169.254.169.254")]
    public async Task A_name_resolving_to_an_internal_address_is_refused_before_connecting(string internalAddress)
    {
        var connector = new WebhookConnector(WebhookTargets.Strict)
        {
            // A public address first: every address must be public, not just one of them.
            Resolve = (_, _) => Task.FromResult(new[] { IPAddress.Parse("93.184.215.14"), IPAddress.Parse(internalAddress) }),
        };

        await Assert.ThrowsAsync<HttpRequestException>(() => connector.AddressesAsync(new DnsEndPoint("hooks.example.org", 443), CancellationToken.None));
    }

    [Theory]
    [InlineData("169.254.169.254")]
    [InlineData("10.0.0.1")]
    [InlineData("127.0.0.1")]
    public async Task An_internal_address_literal_is_refused_without_a_lookup(string address)
    {
        var connector = new WebhookConnector(WebhookTargets.Strict) { Resolve = (_, _) => throw new InvalidOperationException("no lookup expected") };

        await Assert.ThrowsAsync<HttpRequestException>(() => connector.AddressesAsync(new DnsEndPoint(address, 443), CancellationToken.None));
    }

    [Fact]
    public async Task A_webhook_whose_name_resolves_to_loopback_is_never_connected_to()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var accepted = 0;
        _ = Task.Run(async () =>
        {
            while (true)
            {
                using var socket = await listener.AcceptSocketAsync();
                Interlocked.Increment(ref accepted);
            }
        });

        await using var services = Services(allowedHosts: null);
        var result = await services.GetRequiredService<WebhookNotifier>().NotifyAsync(
            $"https://rebound.example:{port}/hook", Notification, CancellationToken.None);

        Assert.False(result.Sent);
        Assert.Contains("not public", result.Error, StringComparison.Ordinal);
        Assert.Equal(0, Volatile.Read(ref accepted));
    }

    [Fact]
    public async Task An_allowed_host_is_connected_to_at_the_address_it_resolves_to()
    {
        await using var receiver = await ReportDelivery.WebhookReceiver.StartAsync();
        var port = new Uri(receiver.BaseUrl).Port;
        await using var services = Services(allowedHosts: $"receiver.test:{port}");

        var result = await services.GetRequiredService<WebhookNotifier>().NotifyAsync(
            $"http://receiver.test:{port}/ok/payments", Notification, CancellationToken.None);

        Assert.True(result.Sent, result.Error);
        Assert.Single(receiver.To("ok/payments"));
    }

    private static readonly ReportNotification Notification =
        new("acme", "c1", "payments", "r1", new ReportLinks(null, null, null, null), DateTimeOffset.UnixEpoch);

    /// <summary>The webhook client as the app registers it, with every name resolving to 127.0.0.1 and fast retries.</summary>
    private static ServiceProvider Services(string? allowedHosts)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [Settings.SqlitePath] = Path.Combine(Path.GetTempPath(), $"surveynetwork-webhook-{Guid.NewGuid():N}.db"),
            [Settings.WebhookAllowedHosts] = allowedHosts,
        }).Build();
        var targets = WebhookTargets.FromSetting(allowedHosts);
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton(targets)
            .AddSingleton(new WebhookConnector(targets) { Resolve = (_, _) => Task.FromResult(new[] { IPAddress.Loopback }) })
            .AddReports(configuration);
        services.Configure<HttpStandardResilienceOptions>(WebhookNotifier.ClientName + "-standard", o => o.Retry.Delay = TimeSpan.FromMilliseconds(5));
        return services.BuildServiceProvider();
    }
}
