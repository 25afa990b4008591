using System.Text;
using Mediatheque.Core.Groups;
using Mediatheque.Core.Users;
using Mediatheque.Tests.EndToEnd.Pages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Mediatheque.Tests.EndToEnd;

/// <summary>
/// Issue 21 in the browser: the demo school's rentrée from next year's ONDE list. Its own server: the rentrée makes a
/// fifth of the school leave, which the other classes' tests must not see.
/// </summary>
public sealed class RentreeTests(BrowserFixture browser, AppServer app) : EndToEndTest(browser, app), IClassFixture<AppServer>
{
    private const string Header = "Nom Elève;Nom d'usage Elève;Prénom Elève;Date naissance;Cycle;Niveau;Libellé classe;INE";

    // Each class moves up to the next level's class; the CM2 leave for the collège.
    private static readonly Dictionary<string, (string Class, string Level)> NextClass = new()
    {
        ["Mme LEFÈVRE"] = ("Mme PAQUAY", "CE1"), ["M. GIRAUD"] = ("Mme NGUYEN", "CE1"),
        ["Mme PAQUAY"] = ("Mme ROUSSEAU", "CE2"), ["Mme NGUYEN"] = ("M. BENOÎT", "CE2"),
        ["Mme ROUSSEAU"] = ("M. DURAND", "CM1"), ["M. BENOÎT"] = ("Mme CHEVALIER", "CM1"),
        ["M. DURAND"] = ("M. MÉNARD", "CM2"), ["Mme CHEVALIER"] = ("Mme DA SILVA", "CM2"),
    };

    private sealed record Pupil(string Nom, string Prenom, string Login, string? Ine, DateOnly? BirthDate, string Classe, bool Local);

    [Fact]
    public async Task The_administrator_previews_next_years_list_accepts_a_near_match_applies_it_and_finds_a_leaver_marked_parti()
    {
        var pupils = await ActifPupilsAsync();
        // A name typed one letter off in the new list, without its INE: proposed, not matched.
        var misspelt = pupils.Where(p => p.Classe == "Mme NGUYEN" && p.Local && p.BirthDate is not null).OrderBy(p => p.Login).First();
        var newNom = misspelt.Nom[..^1] + (misspelt.Nom[^1] == 'Z' ? 'Y' : 'Z');
        var leavers = pupils.Where(p => p.Classe is "M. MÉNARD" or "Mme DA SILVA" && p.Local).ToList();
        var lines = new List<string>();
        foreach (var pupil in pupils.Where(p => NextClass.ContainsKey(p.Classe)))
        {
            var (classe, level) = NextClass[pupil.Classe];
            var (nom, ine) = pupil == misspelt ? (newNom, "") : (pupil.Nom, pupil.Ine ?? "");
            lines.Add($"{nom};;{pupil.Prenom};{pupil.BirthDate:dd/MM/yyyy};Cycle 2;{level};{classe};{ine}");
        }

        // A new CP class arrives, with its new teacher's name.
        lines.Add("ARRIVÉE;;Capucine;14/02/2020;Cycle 2;CP;Mme ARNAUD;2999999001A");
        lines.Add("NOUVEAU;;Timéo;03/11/2020;Cycle 2;CP;Mme ARNAUD;2999999002B");
        var file = Encoding.Latin1.GetBytes(Header + "\r\n" + string.Join("\r\n", lines) + "\r\n");

        await SignInAsync("admin", "admin-demo-2026");
        await WaitForCircuitAsync();
        await new DashboardPage(Page).Tile("Importer").ClickAsync();
        var import = new ImportPage(Page);
        await Expect(import.Heading).ToBeVisibleAsync();
        await WaitForCircuitAsync();
        await import.Option("Rentrée : ce fichier est la liste complète des élèves pour la nouvelle année").CheckAsync();
        await import.UploadAsync("onde-rentree.csv", "text/csv", file);

        // Every pupil's fate before anything is written.
        await Expect(import.Count("leave")).ToHaveTextAsync(leavers.Count.ToString());
        await Expect(import.Count("create")).ToHaveTextAsync("2");
        await Expect(import.Count("proposals")).ToHaveTextAsync("1");
        await Expect(import.Count("errors")).ToHaveTextAsync("0");
        var proposal = Page.GetByTestId("proposal");
        await Expect(proposal).ToContainTextAsync($"{newNom} {misspelt.Prenom}");
        await Expect(proposal).ToContainTextAsync(misspelt.Login);
        await Expect(proposal).ToContainTextAsync("même date de naissance");
        await Expect(Page.GetByTestId("new-groups")).ToContainTextAsync(FrenchText.Typeset("Classe « Mme ARNAUD » (2 élèves)"));
        await Expect(Page.GetByTestId("backup-notice")).ToContainTextAsync("sauvegarde complète de la base");
        var apply = Page.GetByRole(AriaRole.Button, new() { Name = "Appliquer l’import" });
        await Expect(apply).ToBeDisabledAsync();

        await proposal.GetByRole(AriaRole.Radio, new() { Name = "Accepter" }).CheckAsync();
        await Expect(import.Count("proposals")).ToHaveTextAsync("0");
        await import.ConfirmNewGroups.CheckAsync();
        // The leavers' panel gives each one's dates.
        await Page.GetByText(new System.Text.RegularExpressions.Regex($"^Élèves qui quittent l.école \\({leavers.Count}\\)$")).ClickAsync();
        await Expect(Page.GetByTestId("pupils-leave").Locator("tbody tr").First).ToContainTextAsync("désactivé le");
        await Expect(Page.GetByTestId("pupils-leave").Locator("tbody tr").First).ToContainTextAsync("supprimé le");
        await Expect(apply).ToBeEnabledAsync();
        await import.ApplyAsync();

        await Expect(import.Summary).ToContainTextAsync($"{leavers.Count} départs");
        await Expect(Page.GetByTestId("backup-result")).ToContainTextAsync(".db");

        var users = new UsersPage(Page);
        await users.GotoAsync();
        await WaitForCircuitAsync();
        await users.SearchAsync($"{leavers[0].Nom} {leavers[0].Prenom}");
        await Expect(users.Row(leavers[0].Login)).ToContainTextAsync("Parti le");
        // The accepted near match kept the pupil's account: same login, new name, next year's class.
        await users.SearchAsync(misspelt.Login);
        await Expect(users.Row(misspelt.Login)).ToContainTextAsync(newNom);
        await Expect(users.Row(misspelt.Login)).ToContainTextAsync("M. BENOÎT");
        await Expect(users.Row(misspelt.Login)).Not.ToContainTextAsync("Parti le");
    }

    private async Task<List<Pupil>> ActifPupilsAsync()
    {
        await using var db = App.CreateDbContext();
        var users = await db.Users.AsNoTracking().Include(u => u.Memberships).ThenInclude(m => m.Group)
            .Where(u => u.Profil == Profil.Eleve && u.IsActive && u.LeftAt == null).ToListAsync();
        return users.Select(u => new Pupil(u.Nom, u.Prenom, u.Login, u.NationalId, u.BirthDate,
                u.Memberships.Single(m => m.Group.Type == GroupType.Classe).Group.Name, u.Source == UserSource.Local))
            .OrderBy(p => p.Login).ToList();
    }
}
