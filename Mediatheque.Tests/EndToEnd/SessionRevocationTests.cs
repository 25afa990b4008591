using System.Net;
using Mediatheque.Core.Users;

namespace Mediatheque.Tests.EndToEnd;

/// <summary>
/// Sessions end on the server, where an attacker with a copied cookie acts: plain HTTP requests against the real
/// app, each test with its own demo account on the class's server.
/// </summary>
public sealed class SessionRevocationTests(AppServer app) : IClassFixture<AppServer>
{
    [Fact]
    public async Task A_cookie_copied_before_sign_out_gets_the_sign_in_page_afterwards()
    {
        using var victim = LoopbackClient.Create(app.BaseUrl);
        (await victim.SignInAsync("bm", "marion2026")).Dispose();
        var copied = SessionCookie(victim);

        using (var signOut = await victim.PostAsync("/deconnexion", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = await victim.AntiforgeryTokenAsync("/"), ["raison"] = "",
        })))
        {
            Assert.Equal("/connexion?deconnecte=1", signOut.Headers.Location?.OriginalString);
        }

        using var attacker = WithCookie(copied);
        using var replayed = await attacker.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, replayed.StatusCode);
        Assert.StartsWith("/connexion", replayed.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task A_secondary_administrator_turned_teacher_loses_the_journal_and_the_import_on_the_next_request()
    {
        using var client = LoopbackClient.Create(app.BaseUrl);
        (await client.SignInAsync("secondaire", "secondaire-demo-2026")).Dispose();
        using (var before = await client.GetAsync("/journal"))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        await EditAsync("secondaire", form => form with { Profil = Profil.Enseignant });

        foreach (var page in new[] { "/journal", "/import", "/" })
        {
            using var after = await client.GetAsync(page);
            Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
            Assert.StartsWith("/connexion", after.Headers.Location!.PathAndQuery);
        }
    }

    [Fact]
    public async Task A_teacher_moved_to_another_class_must_sign_in_again()
    {
        using var client = LoopbackClient.Create(app.BaseUrl);
        (await client.SignInAsync("durand", "durand-demo-2026")).Dispose();

        await EditAsync("durand", form => form with { GroupIds = [] });
        using var after = await client.GetAsync("/utilisateurs");

        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("/connexion", after.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task A_renamed_user_keeps_the_session_and_the_next_page_shows_the_new_name()
    {
        using var client = LoopbackClient.Create(app.BaseUrl);
        (await client.SignInAsync("paquay", "paquay-demo-2026")).Dispose();

        await EditAsync("paquay", form => form with { Nom = "PAQUAY-LEGRAND" });
        using var after = await client.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Contains("PAQUAY-LEGRAND Sophie", await after.Content.ReadAsStringAsync());
        Assert.Contains(after.Headers, h => h.Key == "Set-Cookie" && h.Value.Any(v => v.StartsWith("Mediatheque.Session=")));
    }

    private async Task EditAsync(string login, Func<UserEdit, UserEdit> change)
    {
        var admin = await app.IdOfAsync("admin");
        var editor = app.Get<UserEditor>();
        var details = (await editor.GetAsync(admin, await app.IdOfAsync(login)))!;
        var form = new UserEdit(details.Id, details.Version, details.Nom, details.Prenom, details.Profil, details.Login,
            details.NationalId, details.EstablishmentId, details.Email, details.NetworkFolder, details.Groups.Select(g => g.Id).ToList());
        var result = await editor.SaveAsync(admin, change(form));
        Assert.True(result.Succeeded, result.Message);
    }

    private string SessionCookie(HttpClient client) =>
        // LoopbackClient keeps its cookies in the handler's container; read the session cookie back from it.
        LoopbackClient.Cookies(client).GetCookies(new Uri(app.BaseUrl)).Single(c => c.Name == "Mediatheque.Session").Value;

    private HttpClient WithCookie(string session)
    {
        var client = LoopbackClient.Create(app.BaseUrl);
        LoopbackClient.Cookies(client).Add(new Uri(app.BaseUrl), new Cookie("Mediatheque.Session", session));
        return client;
    }
}
