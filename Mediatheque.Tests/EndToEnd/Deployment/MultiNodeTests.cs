using System.Net;
using System.Text.RegularExpressions;
using Mediatheque.Core.Audit;
using Mediatheque.Tests.EndToEnd.Pages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Mediatheque.Tests.EndToEnd.Deployment;

/// <summary>
/// The published app on two nodes behind the shipped nginx site, in Chromium and over HTTP: what an administrator
/// following the README gets, and what happens when a node goes away.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class MultiNodeTests(BrowserFixture browser, TwoNodeSite site) : IClassFixture<TwoNodeSite>, IAsyncLifetime
{
    private readonly List<IBrowserContext> contexts = [];

    public Task InitializeAsync() => site.EnsureBothNodesRunAsync();

    public async Task DisposeAsync()
    {
        foreach (var context in contexts)
        {
            await context.CloseAsync();
        }
    }

    [Fact]
    public async Task The_published_app_in_production_serves_its_static_files_and_becomes_interactive()
    {
        // Straight from a node: every stylesheet and script the sign-in page names (framework, MudBlazor, app) is served.
        // A node answers forms only to HTTPS (its antiforgery cookie is Secure): it is asked as nginx asks it.
        using var client = LoopbackClient.Create(site.Nodes[0].Url);
        client.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
        using var signInResponse = await client.GetAsync("/connexion");
        Assert.True(signInResponse.IsSuccessStatusCode, $"{signInResponse.StatusCode}\n{site.Nodes[0].Output}");
        var signInPage = await signInResponse.Content.ReadAsStringAsync();
        var assets = StaticAsset().Matches(signInPage).Select(m => m.Groups[1].Value).ToList();
        Assert.Contains(assets, a => a.StartsWith("_framework/blazor.web.", StringComparison.Ordinal));
        Assert.Contains(assets, a => a.StartsWith("_content/MudBlazor/", StringComparison.Ordinal));
        foreach (var asset in assets)
        {
            using var response = await client.GetAsync("/" + asset);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{asset}: {response.StatusCode}");
            Assert.NotEmpty(await response.Content.ReadAsByteArrayAsync());
        }

        // Through the proxy, in Chromium: no asset fails, and the signed-in page becomes interactive.
        var page = await NewVisitorAsync();
        var failures = new List<string>();
        page.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                failures.Add($"{response.Status} {response.Url}");
            }
        };
        await SignInAsync(page, "admin", "admin-demo-2026");
        await page.GotoAsync("/utilisateurs");
        await WaitForCircuitAsync(page);
        var users = new UsersPage(page);
        await users.SearchAsync("besson");
        await Expect(users.Rows).ToHaveCountAsync(1);
        Assert.Empty(failures);
    }

    [Fact]
    public async Task A_user_keeps_working_on_the_other_node_when_the_node_that_served_them_stops()
    {
        var page = await NewVisitorAsync();
        await SignInAsync(page, "admin", "admin-demo-2026");
        await page.GotoAsync("/utilisateurs");
        await WaitForCircuitAsync(page);
        var users = new UsersPage(page);
        await users.SearchAsync("besson");
        await Expect(users.Rows).ToHaveCountAsync(1);
        await page.GetByRole(AriaRole.Button, new() { Name = "Réinitialiser le mot de passe de BESSON Marion" }).ClickAsync();
        var password = await new UserDetailPage(page).GenerateAndResetAsync();
        var served = await NodeServingAsync(page);

        var exitCode = await site.Node(served).StopAsync();
        await ReloadAsync(page);

        // Graceful stop (SIGTERM, exit code 0); the other node takes the user over, still signed in, on the same view.
        Assert.Equal(0, exitCode);
        await Expect(users.Heading).ToBeVisibleAsync();
        await WaitForCircuitAsync(page);
        await Expect(users.Rows).ToHaveCountAsync(1);
        await users.SearchAsync("paquay");
        await Expect(users.Row("PAQUAY").First).ToBeVisibleAsync();
        Assert.NotEqual(served, await NodeServingAsync(page));

        // Nothing lost: the reset made on the stopped node holds.
        var pupil = await NewVisitorAsync();
        await SignInAsync(pupil, "bm", password);
        await Expect(new ChangePasswordPage(pupil).Heading).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Deactivating_a_user_through_one_node_ends_their_session_opened_through_the_other()
    {
        var teacher = await NewVisitorAsync();
        await SignInAsync(teacher, "durand", "durand-demo-2026");
        await Expect(new DashboardPage(teacher).Heading).ToBeVisibleAsync();
        var teachersNode = await NodeServingAsync(teacher);

        var admin = await NewVisitorAsync();
        var otherNode = site.Nodes.Single(n => n.Port != teachersNode).Port;
        await admin.Context.AddCookiesAsync([await StickyCookieForAsync(otherNode)]);
        await SignInAsync(admin, "admin", "admin-demo-2026");
        await new UserDetailPage(admin).GotoAsync(await IdOfAsync("durand"));
        await WaitForCircuitAsync(admin);
        await admin.GetByRole(AriaRole.Button, new() { Name = "Désactiver" }).ClickAsync();
        await Expect(admin.GetByRole(AriaRole.Button, new() { Name = "Réactiver" })).ToBeVisibleAsync();
        Assert.Equal(otherNode, await NodeServingAsync(admin));

        await teacher.ReloadAsync();

        await teacher.WaitForURLAsync(new Regex("/connexion"));
    }

    [Fact]
    public async Task The_journal_records_the_users_address_that_nginx_forwards()
    {
        using var client = ClientThroughProxy(from: IPAddress.Parse("127.0.0.7"));

        (await client.SignInAsync("inconnu", "devine")).Dispose();

        await using var db = site.CreateDbContext();
        // A login that is no one belongs to no school: its lines are read past the school filter.
        var address = await db.AuditEntries.IgnoreQueryFilters().Where(e => e.Action == AuditAction.SignInFailed)
            .OrderByDescending(e => e.Id).Select(e => e.IpAddress).FirstAsync();
        Assert.Equal("127.0.0.7", address);
    }

    [Fact]
    public async Task Nginx_limits_sign_in_posts_per_address_and_says_so_in_french()
    {
        using var client = ClientThroughProxy(from: IPAddress.Parse("127.0.0.8"));

        // A flood far past the burst a class needs (60); below the app's own limit (120), so refusals are nginx's.
        var responses = await Task.WhenAll(Enumerable.Range(0, 100).Select(async i =>
        {
            using var response = await client.PostAsync("/connexion", new FormUrlEncodedContent(
                new Dictionary<string, string> { ["Input.Login"] = "bm", ["Input.Password"] = "devine" + i }));
            return (response.StatusCode, Body: await response.Content.ReadAsStringAsync());
        }));
        using var page = await client.GetAsync("/connexion");

        var refused = responses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.NotEmpty(refused);
        Assert.All(refused, r => Assert.Contains("Trop de tentatives de connexion", r.Body));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }

    [Fact]
    public async Task Nginx_limits_sign_in_posts_whatever_the_case_of_the_address()
    {
        using var client = ClientThroughProxy(from: IPAddress.Parse("127.0.0.9"));

        // The app answers /Connexion as /connexion: the limit must not be a matter of case.
        var responses = await Task.WhenAll(Enumerable.Range(0, 100).Select(async i =>
        {
            using var response = await client.PostAsync(i % 2 == 0 ? "/Connexion" : "/CONNEXION", new FormUrlEncodedContent(
                new Dictionary<string, string> { ["Input.Login"] = "bm", ["Input.Password"] = "devine" + i }));
            return (response.StatusCode, Body: await response.Content.ReadAsStringAsync());
        }));

        var refused = responses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.NotEmpty(refused);
        Assert.All(refused, r => Assert.StartsWith("Trop de tentatives de connexion depuis cette adresse.", r.Body));
    }

    [Fact]
    public async Task Nginx_limits_picture_sign_in_posts_on_a_class_page_like_password_sign_ins()
    {
        using var client = ClientThroughProxy(from: IPAddress.Parse("127.0.0.10"));
        var address = "/classe/" + Mediatheque.Core.LoginCards.LoginCardToken.New();

        // Someone trying sequences as fast as they can, from one address: nginx turns most away before the nodes.
        var responses = await Task.WhenAll(Enumerable.Range(0, 100).Select(async i =>
        {
            using var response = await client.PostAsync(address + "?eleve=1", new FormUrlEncodedContent(
                new Dictionary<string, string> { ["_handler"] = "images", ["suite"] = "soleil,avion,lapin" }));
            return (response.StatusCode, Body: await response.Content.ReadAsStringAsync());
        }));

        var refused = responses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.NotEmpty(refused);
        Assert.All(refused, r => Assert.StartsWith("Trop de tentatives de connexion depuis cette adresse.", r.Body));
    }

    [Theory]
    [InlineData("/carte/", "/carte/***")]
    [InlineData("/Carte/", "/carte/***")]
    [InlineData("/classe/", "/classe/***")]
    [InlineData("/CLASSE/", "/classe/***")]
    public async Task Nginx_never_writes_a_cards_token_or_a_class_code_in_its_access_log(string prefix, string logged)
    {
        using var client = ClientThroughProxy();
        var token = Mediatheque.Core.LoginCards.LoginCardToken.New();
        var marker = Guid.NewGuid().ToString("N");

        (await client.GetAsync(prefix + token)).Dispose();
        (await client.GetAsync("/health?sonde=" + marker)).Dispose();

        var log = await site.Proxy.AccessLogUntilAsync(marker);
        Assert.DoesNotContain(log, line => line.Contains(token, StringComparison.Ordinal));
        Assert.Contains(log, line => line.Contains($"\"GET {logged} HTTP/", StringComparison.Ordinal));
        Assert.Contains(log, line => line.Contains($"\"GET /health?sonde={marker} HTTP/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Nginx_refuses_a_body_larger_than_the_imports_limit()
    {
        using var client = ClientThroughProxy();

        using var response = await client.PostAsync("/connexion", new ByteArrayContent(new byte[6 * 1024 * 1024]));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Nginx_answers_only_the_published_name_and_sends_plain_http_to_https()
    {
        using var client = ClientThroughProxy();
        using var plain = LoopbackClient.Create($"http://localhost:{site.Proxy.HttpPort}");

        using var redirect = await plain.GetAsync("/connexion");
        var otherName = new HttpRequestMessage(HttpMethod.Get, "/connexion") { Headers = { Host = "ecole-pirate.example" } };

        Assert.Equal(HttpStatusCode.MovedPermanently, redirect.StatusCode);
        // Port 443 in production: the test's own port is not in the shipped redirect.
        Assert.Equal("https://localhost/connexion", redirect.Headers.Location!.ToString());
        await Assert.ThrowsAsync<HttpRequestException>(() => client.SendAsync(otherName));
    }

    private HttpClient ClientThroughProxy(IPAddress? from = null) =>
        LoopbackClient.Create(site.Url, from, handler => handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true);

    private async Task<IPage> NewVisitorAsync()
    {
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            Locale = "fr-FR", BaseURL = site.Url, IgnoreHTTPSErrors = true,
        });
        // Two app processes, nginx and TLS on a shared 2-core CI machine: more patience than the in-process tests.
        context.SetDefaultTimeout(30_000);
        contexts.Add(context);
        return await context.NewPageAsync();
    }

    private static async Task SignInAsync(IPage page, string login, string password)
    {
        var loginPage = new LoginPage(page);
        await loginPage.GotoAsync();
        await loginPage.SignInAsync(login, password);
    }

    /// <summary>
    /// Reloads, as the user would. The page may be reloading itself at that moment: when its circuit's node stops, it
    /// reconnects through nginx to the other node, which does not know that circuit, and ReconnectModal reloads.
    /// </summary>
    private static async Task ReloadAsync(IPage page)
    {
        try
        {
            await page.ReloadAsync();
        }
        catch (PlaywrightException aborted) when (aborted.Message.Contains("ERR_ABORTED", StringComparison.Ordinal))
        {
            await page.WaitForLoadStateAsync(LoadState.Load);
        }
    }

    private static Task WaitForCircuitAsync(IPage page) => page.Locator("[data-circuit=ready]").WaitForAsync();

    /// <summary>Which node nginx sends this browser to: a marked request, found in the site's access log.</summary>
    private async Task<int> NodeServingAsync(IPage page)
    {
        var marker = Guid.NewGuid().ToString("N");
        var response = await page.Context.APIRequest.GetAsync("/health?sonde=" + marker);
        Assert.Equal(200, response.Status);
        return await site.Proxy.NodePortThatServedAsync(marker);
    }

    /// <summary>A value of nginx's stickiness cookie that sends a browser to this node.</summary>
    private async Task<Microsoft.Playwright.Cookie> StickyCookieForAsync(int nodePort)
    {
        using var client = ClientThroughProxy();
        for (var i = 0; i < 100; i++)
        {
            var marker = Guid.NewGuid().ToString("N");
            using var probe = new HttpRequestMessage(HttpMethod.Get, "/health?sonde=" + marker) { Headers = { { "Cookie", $"mediatheque_node=n{i}" } } };
            (await client.SendAsync(probe)).Dispose();
            if (await site.Proxy.NodePortThatServedAsync(marker) == nodePort)
            {
                return new Microsoft.Playwright.Cookie { Name = "mediatheque_node", Value = $"n{i}", Domain = "localhost", Path = "/", Secure = true, HttpOnly = true };
            }
        }

        throw new InvalidOperationException($"No stickiness value reached node {nodePort}.");
    }

    private async Task<int> IdOfAsync(string login)
    {
        await using var db = site.CreateDbContext();
        return await db.Users.Where(u => u.Login == login).Select(u => u.Id).SingleAsync();
    }

    [GeneratedRegex("<(?:link[^>]*href|script[^>]*src)=\"(?!https?:)([^\"]+\\.(?:css|js))\"")]
    private static partial Regex StaticAsset();
}
