using Mediatheque.Core.Accounts;
using Mediatheque.Core.Audit;
using Microsoft.EntityFrameworkCore;

namespace Mediatheque.Tests.EndToEnd;

/// <summary>
/// The sign-in form while the federated directory does not answer, as someone sorting logins would post it: a directory
/// user's login, an unknown one and a local account's get the same page; the journal tells administrators why.
/// </summary>
public sealed class AnnuaireDownHttpTests(DownAnnuaireAppServer app) : IClassFixture<DownAnnuaireAppServer>
{
    [Fact]
    public async Task A_directory_login_an_unknown_one_and_a_local_one_read_the_same_answer_while_the_directory_is_down()
    {
        using var client = LoopbackClient.Create(app.BaseUrl);

        var answers = new List<string?>();
        foreach (var login in new[] { "noe.francois", "pas.dans.l.annuaire", "paquay" })
        {
            using var response = await client.SignInAsync(login, "Nuage-2026");
            answers.Add(await response.AlertAsync());
        }

        Assert.All(answers, a => Assert.Equal(SignInResult.InvalidMessage, a));
        await using var db = app.CreateDbContext();
        Assert.True(await db.AuditEntries.AnyAsync(a =>
            a.Action == AuditAction.SignInRefused && a.TargetLogin == "noe.francois" && a.Details == "Annuaire fédérateur injoignable"));
    }
}
