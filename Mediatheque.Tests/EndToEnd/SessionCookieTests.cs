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
        var cookies = new CookieContainer();
        using var client = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = new Uri(app.BaseUrl) };
        var form = await client.GetStringAsync("/connexion");
        var token = System.Text.RegularExpressions.Regex.Match(form, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;

        using var response = await client.PostAsync("/connexion", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "connexion", ["__RequestVerificationToken"] = token,
            ["Input.Login"] = "admin", ["Input.Password"] = "admin-demo-2026",
        }));

        var session = Assert.Single(response.Headers.GetValues("Set-Cookie"), v => v.StartsWith("Mediatheque.Session="));
        Assert.Contains("httponly", session, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", session, StringComparison.OrdinalIgnoreCase);
    }
}
