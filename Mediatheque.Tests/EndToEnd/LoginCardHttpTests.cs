using System.Net;
using System.Text.RegularExpressions;
using Mediatheque.Core.Accounts;
using Mediatheque.Core.Audit;
using Mediatheque.Core.LoginCards;
using Mediatheque.Core.Users;
using Microsoft.EntityFrameworkCore;

namespace Mediatheque.Tests.EndToEnd;

/// <summary>
/// A QR card's address as an attacker uses it: put behind a link on another site (login CSRF), opened on a browser
/// where someone else is signed in, kept after the card was revoked or replaced. Each test uses its own pupil.
/// </summary>
public sealed partial class LoginCardHttpTests(AppServer app) : IClassFixture<AppServer>
{
    [Theory]
    [InlineData("cross-site")]
    [InlineData("same-site")]
    public async Task A_card_link_followed_from_another_site_signs_no_one_in(string fetchSite)
    {
        var (pupil, token) = await CardAsync(0);
        using var client = LoopbackClient.Create(app.BaseUrl);

        using var response = await OpenCardAsync(client, token, fetchSite);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/connexion?carte=autre-site", response.Headers.Location!.OriginalString);
        Assert.False(HasSessionCookie(response));
        Assert.False(await SignedInWithCardAsync(pupil));
        using var page = await client.GetAsync(response.Headers.Location.OriginalString);
        Assert.Contains("ne s'ouvre pas depuis un lien d'un autre site", WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task A_card_opened_while_a_teacher_is_signed_in_asks_first_and_only_a_confirming_post_signs_the_pupil_in()
    {
        var (pupil, token) = await CardAsync(1);
        using var client = LoopbackClient.Create(app.BaseUrl);
        (await client.SignInAsync("paquay", "paquay-demo-2026")).Dispose();
        var paquay = await app.IdOfAsync("paquay");

        // Scanned (Sec-Fetch-Site: none) or from an old browser (no header): the teacher's session stays until she says so.
        using var opened = await OpenCardAsync(client, token, "none");
        Assert.Equal(HttpStatusCode.Redirect, opened.StatusCode);
        Assert.Equal(Mediatheque.Blazor.Account.LoginCardEndpoint.Path, opened.Headers.Location!.OriginalString);
        Assert.False(HasSessionCookie(opened));
        Assert.False(await SignedInWithCardAsync(pupil));
        Assert.Equal(1, await SessionsOfAsync(paquay));

        var confirmation = await client.GetStringAsync(Mediatheque.Blazor.Account.LoginCardEndpoint.Path);
        Assert.Contains("PAQUAY Sophie est connecté sur cet appareil. Continuer avec la carte fermera cette session.", WebUtility.HtmlDecode(confirmation));
        Assert.DoesNotContain(token, confirmation);

        // A forged post without the page's form token (another site's form) is refused, and changes nothing.
        using var forged = await client.PostAsync(Mediatheque.Blazor.Account.LoginCardEndpoint.Path,
            new FormUrlEncodedContent(new Dictionary<string, string> { ["_handler"] = "carte" }));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.False(await SignedInWithCardAsync(pupil));

        using var confirmed = await client.PostAsync(Mediatheque.Blazor.Account.LoginCardEndpoint.Path, new FormUrlEncodedContent(
            new Dictionary<string, string> { ["_handler"] = "carte", ["__RequestVerificationToken"] = AntiforgeryToken().Match(confirmation).Groups[1].Value }));
        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        Assert.True(HasSessionCookie(confirmed));
        Assert.True(await SignedInWithCardAsync(pupil));
        Assert.Equal(0, await SessionsOfAsync(paquay));
        Assert.Equal(1, await SessionsOfAsync(pupil.Id));
    }

    [Fact]
    public async Task A_card_opened_where_no_one_is_signed_in_signs_the_pupil_in_at_once_with_no_referrer()
    {
        var (pupil, token) = await CardAsync(2);
        using var client = LoopbackClient.Create(app.BaseUrl);

        using var response = await OpenCardAsync(client, token, fetchSite: null);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location!.OriginalString);
        Assert.True(HasSessionCookie(response));
        Assert.True(await SignedInWithCardAsync(pupil));
        Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        Assert.True(response.Headers.CacheControl!.NoStore);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Revoking_or_replacing_a_card_signs_out_the_browser_it_signed_in(bool replace)
    {
        var (pupil, token) = await CardAsync(replace ? 3 : 4);
        using var client = LoopbackClient.Create(app.BaseUrl);
        (await OpenCardAsync(client, token, "none")).Dispose();
        using (var before = await client.GetAsync("/compte/mot-de-passe"))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        var admin = await app.IdOfAsync("admin");
        var cards = app.Get<LoginCardService>();
        if (replace)
        {
            Assert.Single((await cards.IssueAsync(admin, UserSelection.Of(pupil.Id))).Cards);
        }
        else
        {
            Assert.Equal(1, (await cards.RevokeAsync(admin, UserSelection.Of(pupil.Id))).Done);
        }

        using var after = await client.GetAsync("/compte/mot-de-passe");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("/connexion", after.Headers.Location!.PathAndQuery());
    }

    private async Task<(User Pupil, string Token)> CardAsync(int nth)
    {
        User pupil;
        await using (var db = app.CreateDbContext())
        {
            pupil = await db.Users.Where(u => u.Profil == Profil.Eleve && u.IsActive && u.Source == UserSource.Local && u.Login != "bm")
                .OrderBy(u => u.Id).Skip(10 + nth).FirstAsync();
        }

        var issue = await app.Get<LoginCardService>().IssueAsync(await app.IdOfAsync("admin"), UserSelection.Of(pupil.Id));
        return (pupil, Assert.Single(issue.Cards).Token);
    }

    private static async Task<HttpResponseMessage> OpenCardAsync(HttpClient client, string token, string? fetchSite)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/carte/{token}");
        if (fetchSite is not null)
        {
            request.Headers.Add("Sec-Fetch-Site", fetchSite);
            request.Headers.Add("Sec-Fetch-Mode", "navigate");
        }

        return await client.SendAsync(request);
    }

    private static bool HasSessionCookie(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("Mediatheque.Session=") && !c.Contains("expires=Thu, 01 Jan 1970"));

    private async Task<bool> SignedInWithCardAsync(User pupil)
    {
        await using var db = app.CreateDbContext();
        return await db.AuditEntries.AnyAsync(a => a.Action == AuditAction.SignIn && a.TargetId == pupil.Id && a.Details == "Carte de connexion");
    }

    private async Task<int> SessionsOfAsync(int userId)
    {
        await using var db = app.CreateDbContext();
        return await db.Sessions.CountAsync(s => db.Users.Any(u => u.Id == userId && u.AccountId == s.AccountId));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}

internal static class UriPaths
{
    /// <summary>A Location header's path and query, whether the server wrote it relative or absolute.</summary>
    public static string PathAndQuery(this Uri location) => location.IsAbsoluteUri ? location.PathAndQuery : location.OriginalString;
}
