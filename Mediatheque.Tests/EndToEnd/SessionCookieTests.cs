using System.Net;

namespace Mediatheque.Tests.EndToEnd;

public sealed class SessionCookieTests(AppServer app) : IClassFixture<AppServer>
{
    [Fact]
    public async Task Pages_need_a_session_and_send_strangers_to_the_sign_in_page()
    {
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(app.BaseUrl) };

        using var response = await client.GetAsync("/");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/connexion", response.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task A_sign_in_post_without_the_antiforgery_token_is_refused()
    {
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(app.BaseUrl) };

        using var response = await client.PostAsync("/connexion", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "connexion", ["Input.Login"] = "admin", ["Input.Password"] = "admin-demo-2026",
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain(response.Headers, h => h.Key == "Set-Cookie" && h.Value.Any(v => v.StartsWith("Mediatheque.Session")));
    }

    [Fact]
    public async Task The_session_cookie_is_http_only_and_same_site()
    {
        using var client = NewClient();

        using var response = await client.SignInAsync("admin", "admin-demo-2026");

        var session = Assert.Single(response.Headers.GetValues("Set-Cookie"), v => v.StartsWith("Mediatheque.Session="));
        Assert.Contains("httponly", session, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", session, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_session_ends_when_an_administrator_deactivates_the_user()
    {
        using var client = NewClient();
        (await client.SignInAsync("durand", "durand-demo-2026")).Dispose();
        using (var before = await client.GetAsync("/"))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        var admin = await app.IdOfAsync("admin");
        var durand = await app.IdOfAsync("durand");
        var result = await app.Get<Mediatheque.Core.Users.UserEditor>().SetActiveAsync(admin, durand, active: false);
        using var after = await client.GetAsync("/");

        Assert.True(result.Succeeded, result.Message);
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("/connexion", after.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task A_forged_sign_out_from_another_site_does_not_end_the_session()
    {
        using var client = NewClient();
        (await client.SignInAsync("paquay", "paquay-demo-2026")).Dispose();

        using var forged = await client.PostAsync("/deconnexion", new FormUrlEncodedContent(new Dictionary<string, string> { ["raison"] = "" }));
        using var after = await client.GetAsync("/");

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    private HttpClient NewClient() => LoopbackClient.Create(app.BaseUrl);
}
