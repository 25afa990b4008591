using System.Net;
using Mediatheque.Core.Audit;
using Mediatheque.Tests.EndToEnd.Pages;
using Microsoft.EntityFrameworkCore;
using static Microsoft.Playwright.Assertions;

namespace Mediatheque.Tests.EndToEnd;

/// <summary>
/// A node whose only known proxy is 127.0.0.1: a test connecting from there is the proxy, one connecting from
/// 127.0.0.2 is a client reaching the node directly. It answers only for its public name (and its own address).
/// </summary>
public sealed class ProxiedAppServer : AppServer
{
    public const string PublicHost = "mediatheque.ecole-test.fr";

    protected override IDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Mediatheque:ReverseProxy:KnownProxies:0"] = "127.0.0.1",
        ["Mediatheque:SignIn:PostsPerMinutePerAddress"] = "3",
        ["AllowedHosts"] = $"{PublicHost};127.0.0.1",
    };
}

public sealed class ReverseProxyTests(ProxiedAppServer app) : IClassFixture<ProxiedAppServer>
{
    private static readonly IPAddress Elsewhere = IPAddress.Parse("127.0.0.2");

    [Fact]
    public async Task The_journal_records_the_users_address_that_the_proxy_forwards()
    {
        using var proxy = LoopbackClient.Create(app.BaseUrl);
        proxy.DefaultRequestHeaders.Add("X-Forwarded-For", "203.0.113.7");

        (await proxy.SignInAsync("inconnu", "devine")).Dispose();

        Assert.Equal("203.0.113.7", await LastFailedSignInAddressAsync());
    }

    [Fact]
    public async Task A_client_that_is_not_the_proxy_cannot_choose_the_address_in_the_journal()
    {
        using var client = LoopbackClient.Create(app.BaseUrl, from: Elsewhere);
        client.DefaultRequestHeaders.Add("X-Forwarded-For", "198.51.100.9");

        (await client.SignInAsync("inconnu", "devine")).Dispose();

        Assert.Equal("127.0.0.2", await LastFailedSignInAddressAsync());
    }

    [Fact]
    public async Task The_sign_in_rate_limit_counts_each_user_behind_the_proxy_apart()
    {
        using var proxy = LoopbackClient.Create(app.BaseUrl);
        var statuses = new List<HttpStatusCode>();
        foreach (var user in new[] { "203.0.113.20", "203.0.113.20", "203.0.113.20", "203.0.113.20", "203.0.113.21" })
        {
            using var post = new HttpRequestMessage(HttpMethod.Post, "/connexion")
            {
                Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["Input.Login"] = "bm", ["Input.Password"] = "devine" }),
            };
            post.Headers.Add("X-Forwarded-For", user);
            using var response = await proxy.SendAsync(post);
            statuses.Add(response.StatusCode);
        }

        // The fourth post of one user is refused; another user behind the same proxy is not.
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[3]);
        Assert.NotEqual(HttpStatusCode.TooManyRequests, statuses[4]);
    }

    [Fact]
    public async Task The_scheme_the_proxy_forwards_makes_the_session_cookie_secure()
    {
        // The browser speaks HTTPS to the proxy and so sends back the antiforgery cookie, Secure too; this test's client
        // speaks HTTP (a cookie container keeps Secure cookies off HTTP), so it hands the cookie back itself.
        using var proxy = LoopbackClient.Create(app.BaseUrl, configure: handler => handler.UseCookies = false);
        proxy.DefaultRequestHeaders.Add("X-Forwarded-For", "203.0.113.30");
        proxy.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
        using var form = await proxy.GetAsync("/connexion");
        var antiforgery = form.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(".AspNetCore.Antiforgery.")).Split(';')[0];
        var token = System.Text.RegularExpressions.Regex.Match(
            await form.Content.ReadAsStringAsync(), "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        using var post = new HttpRequestMessage(HttpMethod.Post, "/connexion")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["_handler"] = "connexion", ["__RequestVerificationToken"] = token, ["Input.Login"] = "admin", ["Input.Password"] = "admin-demo-2026",
            }),
        };
        post.Headers.Add("Cookie", antiforgery);

        using var response = await proxy.SendAsync(post);

        var session = Assert.Single(response.Headers.GetValues("Set-Cookie"), v => v.StartsWith("Mediatheque.Session="));
        Assert.Contains("secure", session, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_request_for_a_host_name_that_is_not_the_sites_is_refused()
    {
        using var client = LoopbackClient.Create(app.BaseUrl);

        using var spoofed = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/connexion") { Headers = { Host = "ecole-pirate.example" } });
        using var published = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/connexion") { Headers = { Host = ProxiedAppServer.PublicHost } });

        Assert.Equal(HttpStatusCode.BadRequest, spoofed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, published.StatusCode);
    }

    private async Task<string?> LastFailedSignInAddressAsync()
    {
        // A login that is no one belongs to no school: its lines are read past the school filter.
        await using var db = app.CreateDbContext();
        return await db.AuditEntries.IgnoreQueryFilters().Where(e => e.Action == AuditAction.SignInFailed)
            .OrderByDescending(e => e.Id).Select(e => e.IpAddress).FirstAsync();
    }
}

/// <summary>A node published as https://mediatheque.ecole-test.fr, with AllowedHosts left at « * ».</summary>
public sealed class PublishedAppServer : AppServer
{
    public const string PublicUrl = "https://mediatheque.ecole-test.fr";

    protected override IDictionary<string, string> Settings => new Dictionary<string, string> { ["Mediatheque:PublicUrl"] = PublicUrl };
}

public sealed class PublicUrlTests(BrowserFixture browser, PublishedAppServer app) : EndToEndTest(browser, app), IClassFixture<PublishedAppServer>
{
    [Fact]
    public async Task A_slip_prints_the_published_address_whatever_host_name_the_browser_used()
    {
        // The browser names the node « localhost », as a spoofed Host header or a look-alike DNS name would.
        var spoofed = App.BaseUrl.Replace("127.0.0.1", "localhost");
        await Page.GotoAsync(spoofed + "/connexion");
        await new LoginPage(Page).SignInAsync("admin", "admin-demo-2026");
        await Page.GotoAsync($"{spoofed}/utilisateurs/{await App.IdOfAsync("bm")}");
        await WaitForCircuitAsync();
        var detail = new UserDetailPage(Page);
        await detail.OpenResetDialogAsync();
        await detail.GenerateAndResetAsync();

        var slip = Page.GetByTestId("slip");
        await Expect(slip).ToContainTextAsync(PublishedAppServer.PublicUrl + "/connexion");
        Assert.DoesNotContain("localhost", await slip.TextContentAsync());
    }
}

/// <summary>A spoofed Host header at a node whose AllowedHosts was left at « * » but whose public address is set.</summary>
public sealed class DefaultAllowedHostsTests(PublishedAppServer app) : IClassFixture<PublishedAppServer>
{
    [Theory]
    [InlineData("/")]
    [InlineData("/connexion")]
    public async Task Only_the_public_name_and_loopback_are_answered(string path)
    {
        using var client = LoopbackClient.Create(app.BaseUrl);

        using var spoofed = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, path) { Headers = { Host = "ecole-pirate.example" } });
        using var published = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, path) { Headers = { Host = "mediatheque.ecole-test.fr" } });
        using var loopback = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, path) { Headers = { Host = "localhost" } });

        Assert.Equal(HttpStatusCode.BadRequest, spoofed.StatusCode);
        Assert.Null(spoofed.Headers.Location);
        Assert.DoesNotContain("ecole-pirate", await spoofed.Content.ReadAsStringAsync());
        Assert.NotEqual(HttpStatusCode.BadRequest, published.StatusCode);
        Assert.NotEqual(HttpStatusCode.BadRequest, loopback.StatusCode);
    }
}
