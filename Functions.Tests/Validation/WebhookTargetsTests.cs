using System.Net;
using SurveyNetwork.Domain.Validation;

namespace SurveyNetwork.Functions.Tests.Validation;

/// <summary>Which webhook URLs and addresses are accepted: HTTPS to public addresses, unless a host is explicitly allowed.</summary>
public sealed class WebhookTargetsTests
{
    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.1.2.3")]
    [InlineData("10.0.0.1")]
    [InlineData("172.16.0.1")]
    [InlineData("172.31.255.255")]
    [InlineData("192.168.1.1")]
    [InlineData("169.254.169.254")]
    [InlineData("100.64.0.1")]
    [InlineData("0.0.0.0")]
    [InlineData("224.0.0.1")]
    [InlineData("255.255.255.255")]
    [InlineData("::")]
    [InlineData("::1")]
    [InlineData("fe80::1")]
    [InlineData("fd00::1")]
    [InlineData("fc12:3456::1")]
    [InlineData("ff02::1")]
    [InlineData("::ffff:169.254.169.254")]
    [InlineData("::ffff:10.0.0.1")]
    [InlineData("64:ff9b::a9fe:a9fe")] // NAT64 of 169.254.169.254
    [InlineData("2002:a00:1::")] // 6to4 of 10.0.0.1
    public void Internal_addresses_are_not_public(string address) => Assert.False(WebhookTargets.IsPublic(IPAddress.Parse(address)));

    [Theory]
    [InlineData("93.184.215.14")]
    [InlineData("8.8.8.8")]
    [InlineData("172.32.0.1")]
    [InlineData("2606:4700::1111")]
    [InlineData("::ffff:8.8.8.8")]
    public void Internet_addresses_are_public(string address) => Assert.True(WebhookTargets.IsPublic(IPAddress.Parse(address)));

    [Theory]
    [InlineData("https://169.254.169.254/latest/meta-data")]
    [InlineData("https://10.0.0.1/hook")]
    [InlineData("https://192.168.0.10:8443/hook")]
    [InlineData("https://[::1]/hook")]
    [InlineData("https://[fd00::1]/hook")]
    [InlineData("https://localhost/hook")]
    [InlineData("http://127.0.0.1:5000/hook")]
    [InlineData("http://hooks.example.org/report")]
    [InlineData("https://user:secret@hooks.example.org/report")]
    [InlineData("ftp://hooks.example.org/report")]
    [InlineData("hooks.example.org/report")]
    public void Internal_or_plain_http_webhook_urls_are_refused(string url) => Assert.NotNull(WebhookTargets.Strict.Check(url));

    [Fact]
    public void An_https_url_to_a_public_name_is_accepted() => Assert.Null(WebhookTargets.Strict.Check("https://hooks.example.org/report"));

    [Theory]
    [InlineData("127.0.0.1", "http://127.0.0.1:5000/hook", true)]
    [InlineData("127.0.0.1:5000", "http://127.0.0.1:5000/hook", true)]
    [InlineData("127.0.0.1:5001", "http://127.0.0.1:5000/hook", false)]
    [InlineData("localhost", "http://LOCALHOST:8080/hook", true)]
    [InlineData("[::1]", "http://[::1]:8080/hook", true)]
    [InlineData("receiver.test, 127.0.0.1:9", "https://receiver.test/hook", true)]
    [InlineData("127.0.0.1", "https://169.254.169.254/", false)]
    public void Allowed_hosts_may_be_private_and_plain_http(string setting, string url, bool accepted) =>
        Assert.Equal(accepted, WebhookTargets.FromSetting(setting).Check(url) is null);
}
