using System.Net;
using Mediatheque.Core.Audit;
using Microsoft.EntityFrameworkCore;

namespace Mediatheque.Tests.EndToEnd;

/// <summary>
/// The lockout where a guesser meets it: form posts against the real app. Each test uses its own demo account,
/// the class shares one server.
/// </summary>
public sealed class LockoutHttpTests(AppServer app) : IClassFixture<AppServer>
{
    [Fact]
    public async Task Thirty_concurrent_sign_in_posts_get_at_most_five_passwords_checked_and_the_right_one_sent_during_the_burst_does_not_sign_in()
    {
        using var client = LoopbackClient.Create(app.BaseUrl);
        var token = await client.AntiforgeryTokenAsync("/connexion");
        var bm = await app.IdOfAsync("bm");

        var burst = Enumerable.Range(0, 30).Select(i => PostSignInAsync(client, token, "bm", "devine" + i)).ToList();
        await WaitUntilLockedAsync(bm);
        using var right = await PostSignInAsync(client, token, "bm", "marion2026");
        var responses = await Task.WhenAll(burst);

        Assert.DoesNotContain(right.Headers, h => h.Key == "Set-Cookie" && h.Value.Any(v => v.StartsWith("Mediatheque.Session=")));
        Assert.Contains("verrouillé", await right.AlertAsync());
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        await using var db = app.CreateDbContext();
        var checkedPasswords = await db.AuditEntries.CountAsync(e => e.TargetId == bm && (e.Action == AuditAction.SignInFailed || e.Action == AuditAction.SignIn));
        Assert.InRange(checkedPasswords, 1, 5);
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task A_login_that_exists_and_one_that_does_not_get_the_same_answers_lockout_included()
    {
        using var client = LoopbackClient.Create(app.BaseUrl);
        var real = new List<string?>();
        var unknown = new List<string?>();
        for (var i = 0; i < 6; i++)
        {
            using var a = await client.SignInAsync("paquay", "devine" + i);
            real.Add(await a.AlertAsync());
            using var b = await client.SignInAsync("pas.un.compte", "devine" + i);
            unknown.Add(await b.AlertAsync());
        }

        Assert.Equal(real, unknown);
        Assert.Contains("verrouillé", unknown[^1]);
    }

    [Fact]
    public async Task Wrong_current_passwords_in_change_my_password_lock_are_journaled_and_the_form_is_rate_limited()
    {
        using var client = LoopbackClient.Create(app.BaseUrl);
        (await client.SignInAsync("durand", "durand-demo-2026")).Dispose();
        var token = await client.AntiforgeryTokenAsync("/compte/mot-de-passe");

        var answers = new List<(HttpStatusCode Status, string? Alert)>();
        for (var i = 0; i < 12; i++)
        {
            using var response = await client.PostAsync("/compte/mot-de-passe", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["_handler"] = "mot-de-passe", ["__RequestVerificationToken"] = token,
                ["Input.Current"] = "devine" + i, ["Input.New"] = "une phrase assez longue", ["Input.Confirmation"] = "une phrase assez longue",
            }));
            answers.Add((response.StatusCode, response.StatusCode == HttpStatusCode.OK
                ? await response.AlertAsync()
                : await response.Content.ReadAsStringAsync()));
        }

        Assert.All(answers.Take(4), a => Assert.Equal((HttpStatusCode.OK, "Le mot de passe actuel est incorrect."), a));
        Assert.All(answers.Skip(4).Take(6), a => Assert.Contains("verrouillé", a.Alert));
        Assert.All(answers.Skip(10), a => Assert.Equal(HttpStatusCode.TooManyRequests, a.Status));
        Assert.Contains("Trop de tentatives de changement de mot de passe", answers[^1].Alert);
        using var signIn = await LoopbackClient.Create(app.BaseUrl).SignInAsync("durand", "durand-demo-2026");
        Assert.Contains("verrouillé", await signIn.AlertAsync());
        await using var db = app.CreateDbContext();
        var durand = await app.IdOfAsync("durand");
        Assert.Equal(10, await db.AuditEntries.CountAsync(e => e.TargetId == durand && e.Action == AuditAction.PasswordChangeFailed));
        Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.TargetId == durand && e.Action == AuditAction.LockedOut));
    }

    private static Task<HttpResponseMessage> PostSignInAsync(HttpClient client, string token, string login, string password) =>
        client.PostAsync("/connexion", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "connexion", ["__RequestVerificationToken"] = token, ["Input.Login"] = login, ["Input.Password"] = password,
        }));

    private async Task WaitUntilLockedAsync(int userId)
    {
        for (var i = 0; i < 1500; i++)
        {
            await using var db = app.CreateDbContext();
            if (await db.Users.AnyAsync(u => u.Id == userId && u.Account.LockedUntil != null))
            {
                return;
            }

            await Task.Delay(10);
        }

        Assert.Fail("The burst never locked the account.");
    }
}
