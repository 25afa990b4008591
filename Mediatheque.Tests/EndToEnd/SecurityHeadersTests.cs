using System.Net;
using System.Text.RegularExpressions;
using Mediatheque.Tests.EndToEnd.Pages;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Mediatheque.Tests.EndToEnd;

/// <summary>The headers on every kind of response: pages, static files, error pages, the sign-in post.</summary>
public sealed partial class SecurityHeadersTests(AppServer app) : IClassFixture<AppServer>
{
    [Theory]
    [InlineData("/connexion")]
    [InlineData("/")]
    [InlineData("/app.css")]
    [InlineData("/page-qui-n-existe-pas")]
    public async Task Every_response_carries_the_policy_and_the_secure_headers_and_no_server_name(string path)
    {
        using var client = LoopbackClient.Create(app.BaseUrl);

        using var response = await client.GetAsync(path);

        var policy = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'self'", policy);
        Assert.Matches("script-src 'self' 'nonce-[0-9A-F]{32}';", policy);
        Assert.Contains("frame-ancestors 'self'", policy);
        Assert.Contains("object-src 'none'", policy);
        Assert.DoesNotContain("unsafe-eval", policy);
        Assert.DoesNotMatch("script-src[^;]*unsafe-inline", policy);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("same-origin", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        Assert.Contains("camera=()", Assert.Single(response.Headers.GetValues("Permissions-Policy")));
        Assert.False(response.Headers.Contains("Server"));
    }

    [Fact]
    public async Task Each_page_draws_its_own_nonce_and_only_the_frameworks_import_map_carries_it()
    {
        using var client = LoopbackClient.Create(app.BaseUrl);

        using var first = await client.GetAsync("/connexion");
        using var second = await client.GetAsync("/connexion");

        var nonce = Nonce().Match(first.Headers.GetValues("Content-Security-Policy").Single()).Groups[1].Value;
        Assert.NotEqual(nonce, Nonce().Match(second.Headers.GetValues("Content-Security-Policy").Single()).Groups[1].Value);
        var html = await first.Content.ReadAsStringAsync();
        var inlineScripts = InlineScript().Matches(html);
        var importMap = Assert.Single(inlineScripts);
        Assert.Contains($"nonce=\"{nonce}\"", importMap.Value);
        Assert.Contains("type=\"importmap\"", importMap.Value);
    }

    [Fact]
    public async Task The_journal_export_is_never_stored_by_the_browser_or_a_proxy()
    {
        using var client = LoopbackClient.Create(app.BaseUrl);
        (await client.SignInAsync("admin", "admin-demo-2026")).Dispose();

        using var export = await client.GetAsync("/journal/export.csv");

        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.Equal("text/csv", export.Content.Headers.ContentType!.MediaType);
        Assert.True(export.Headers.CacheControl!.NoStore);
    }

    [GeneratedRegex("'nonce-([^']+)'")]
    private static partial Regex Nonce();

    [GeneratedRegex("<script(?![^>]*\\bsrc=)[^>]*>")]
    private static partial Regex InlineScript();
}

/// <summary>The app as deployed (Production): HTTPS-only cookies, antiforgery's included.</summary>
public sealed class ProductionAppServer : AppServer
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseEnvironment("Production");
        builder.UseSetting("Mediatheque:PublicUrl", "https://mediatheque.ecole-test.fr");
    }
}

public sealed class ProductionCookieTests(ProductionAppServer app) : IClassFixture<ProductionAppServer>
{
    [Fact]
    public async Task Outside_development_the_antiforgery_cookie_is_secure_and_no_server_name_is_sent()
    {
        using var client = LoopbackClient.Create(app.BaseUrl);
        // As deployed: HTTPS ends at the proxy on this machine, which says so (X-Forwarded-Proto).
        client.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");

        using var response = await client.GetAsync("/connexion");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var antiforgery = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith(".AspNetCore.Antiforgery."));
        Assert.Contains("secure", antiforgery, StringComparison.OrdinalIgnoreCase);
        Assert.False(response.Headers.Contains("Server"));
        Assert.Contains("frame-ancestors 'self'", response.Headers.GetValues("Content-Security-Policy").Single());
    }
}

/// <summary>Chromium under the policy: the interactive pages work and the browser reports no violation.</summary>
public sealed class ContentSecurityPolicyTests(BrowserFixture browser, AppServer app) : EndToEndTest(browser, app), IClassFixture<AppServer>
{
    [Fact]
    public async Task The_grid_the_detail_page_and_the_reset_dialog_work_with_no_violation_and_injected_script_is_refused()
    {
        var console = new List<string>();
        Page.Console += (_, message) => console.Add(message.Text);
        // Installed by the browser before each document's own scripts, outside the page's policy.
        await Context.AddInitScriptAsync(
            "window.__violations = []; document.addEventListener('securitypolicyviolation', e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));");

        await SignInAsync("admin", "admin-demo-2026");
        await AssertNoViolationAsync();
        var users = new UsersPage(Page);
        await users.GotoAsync();
        await WaitForCircuitAsync();
        await users.SearchAsync("besson");
        await Expect(users.Rows).ToHaveCountAsync(1);
        await AssertNoViolationAsync();

        var detail = new UserDetailPage(Page);
        await detail.GotoAsync(await App.IdOfAsync("bm"));
        await WaitForCircuitAsync();
        await Expect(detail.Heading).ToBeVisibleAsync();
        await detail.OpenResetDialogAsync();
        var password = await detail.GenerateAndResetAsync();
        Assert.Matches("^[a-z]{6}[2-9]{2}$", password);
        await Expect(Page.GetByTestId("slip")).ToContainTextAsync("BESSON");
        await AssertNoViolationAsync();
        Assert.DoesNotContain(console, m => m.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase));

        // The policy bites: a script slipped into the page (as an XSS would) does not run, and the browser says so.
        var ran = await Page.EvaluateAsync<bool>(
            "() => { const s = document.createElement('script'); s.textContent = 'window.__injected = true'; document.body.appendChild(s); return window.__injected === true; }");
        Assert.False(ran);
        await Expect(Page.Locator("body")).ToBeVisibleAsync();
        Assert.Contains(await Page.EvaluateAsync<string[]>("() => window.__violations"), v => v.StartsWith("script-src"));
    }

    private async Task AssertNoViolationAsync() =>
        Assert.Empty(await Page.EvaluateAsync<string[]>("() => window.__violations"));
}
