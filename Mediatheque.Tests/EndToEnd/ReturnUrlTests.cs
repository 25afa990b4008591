using System.Net;
using Microsoft.EntityFrameworkCore;

namespace Mediatheque.Tests.EndToEnd;

/// <summary>The sign-in form's « ReturnUrl » as an attacker writes it into a link: only a plain path of this site is followed.</summary>
public sealed class ReturnUrlTests(AppServer app) : IClassFixture<AppServer>
{
    [Theory]
    [InlineData("/%E3%80%80/evil.example")]
    [InlineData("/%09/evil.example")]
    [InlineData("/%20/evil.example")]
    [InlineData("//evil.example")]
    [InlineData("/%5Cevil.example")]
    [InlineData("https://evil.example/")]
    [InlineData("/journal%C3%A9")]
    public async Task A_return_address_that_is_not_a_plain_local_path_sends_home_with_one_working_session(string returnUrl)
    {
        using var client = LoopbackClient.Create(app.BaseUrl);
        var durand = await app.IdOfAsync("durand");
        var before = await SessionsAsync(durand);

        using var response = await client.PostFormAsync("/connexion?ReturnUrl=" + returnUrl, "connexion",
            new() { ["Input.Login"] = "durand", ["Input.Password"] = "durand-demo-2026" });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(app.BaseUrl + "/", response.Headers.Location!.ToString());
        Assert.Equal(before + 1, await SessionsAsync(durand));
        using var home = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
    }

    [Fact]
    public async Task A_plain_local_path_is_followed()
    {
        using var client = LoopbackClient.Create(app.BaseUrl);

        using var response = await client.PostFormAsync("/connexion?ReturnUrl=%2Futilisateurs%3Fq%3DBESSON%2520Marion", "connexion",
            new() { ["Input.Login"] = "paquay", ["Input.Password"] = "paquay-demo-2026" });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(app.BaseUrl + "/utilisateurs?q=BESSON%20Marion", response.Headers.Location!.OriginalString);
    }

    private async Task<int> SessionsAsync(int userId)
    {
        await using var db = app.CreateDbContext();
        return await db.Sessions.CountAsync(s => db.Users.Any(u => u.Id == userId && u.AccountId == s.AccountId));
    }
}
