using Bunit;
using Mediatheque.Blazor.Components.Annuaire;
using Mediatheque.Core.Annuaire;
using Mediatheque.Core.Users;
using Microsoft.EntityFrameworkCore;

namespace Mediatheque.Tests.Components;

/// <summary>The « Annuaire » page left open by an administrator who is demoted meanwhile.</summary>
public sealed class AnnuairePageTests : MudComponentTest
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Mediatheque:Annuaire:Enabled"] = "true",
        ["Mediatheque:Annuaire:Name"] = "ENT Test",
        // Nothing answers there: the page must refuse before it would ever ask.
        ["Mediatheque:Annuaire:Ldap:Url"] = "ldap://127.0.0.1:1",
        ["Mediatheque:Annuaire:Ldap:BaseDn"] = "ou=personnes,dc=ecole,dc=test",
    };

    [Fact]
    public async Task A_demoted_administrators_open_page_shows_the_refusal_and_no_longer_the_settings_or_the_skipped_entries()
    {
        var admin = await Database.AddUserAsync("LEBRUN", "Claire", Profil.Administrateur, "admin", "admin-demo-2026");
        await using (var db = Database.CreateDbContext())
        {
            db.AnnuaireRuns.Add(new AnnuaireRun
            {
                Trigger = "au démarrage", StartedAt = DateTime.UtcNow, FinishedAt = DateTime.UtcNow, Succeeded = true, Entries = 2, Skipped = 1,
                Issues = "uid=secret.entree,ou=personnes,dc=ecole,dc=test : le nom (sn) est vide",
            });
            await db.SaveChangesAsync();
        }

        SignInAs(admin);
        RenderProviders();
        var page = Render<AnnuairePage>();
        page.WaitForAssertion(() => Assert.Contains("secret.entree", page.Markup));
        Assert.NotEmpty(page.FindAll("[data-testid=annuaire-settings]"));

        await using (var db = Database.CreateDbContext())
        {
            await db.Users.Where(u => u.Id == admin.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.Profil, Profil.Enseignant));
        }

        await page.FindAll("button").Single(b => b.TextContent.Trim() == "Synchroniser maintenant").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Equal(AnnuaireSync.NotAllowed, page.Find("[data-testid=annuaire-refusal]").TextContent.Trim()));
        Assert.DoesNotContain("secret.entree", page.Markup);
        Assert.Empty(page.FindAll("[data-testid=annuaire-settings]"));
    }
}
