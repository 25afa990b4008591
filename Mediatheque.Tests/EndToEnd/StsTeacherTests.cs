using Mediatheque.Core.Demo;
using Mediatheque.Core.Groups;
using Mediatheque.Core.Users;
using Mediatheque.Tests.Core.Import.Siecle;
using Mediatheque.Tests.EndToEnd.Pages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Mediatheque.Tests.EndToEnd;

/// <summary>
/// Issue 22 in Chromium: Collège Jean-Moulin's administrator imports STS-Web's staff file naming a new teacher of 6A,
/// resets her password from the users list, and the teacher, signed in with it, sees 6A's pupils and no one else's.
/// On a server of its own: the import adds a teacher the other classes do not expect.
/// </summary>
public sealed class StsTeacherTests(BrowserFixture browser, AppServer app) : EndToEndTest(browser, app), IClassFixture<AppServer>
{
    [Fact]
    public async Task A_teacher_from_sts_signs_in_after_a_reset_and_sees_the_pupils_of_the_divisions_she_teaches()
    {
        var (sixA, sixB) = (await ActivePupilsAsync("6A"), await ActivePupilsAsync("6B"));
        var xml = SiecleSamples.Sts(
            [new("7001", "NOUVEL", "Camille", "ENS", "1986-04-12")], [("6A", ["7001"])], uai: DemoSchool.JeanMoulinUai);
        await SignInAsync("moulin", "moulin-demo-2026");
        await WaitForCircuitAsync();
        await new DashboardPage(Page).Tile("Importer").ClickAsync();
        var import = new ImportPage(Page);
        await Expect(import.Heading).ToBeVisibleAsync();
        await WaitForCircuitAsync();

        await import.UploadAsync("sts_emp_0999002B_2025.xml", "text/xml", SiecleSamples.Bytes(xml, "ISO-8859-1"));
        await Expect(import.Count("create")).ToHaveTextAsync("1");
        await import.ApplyAsync();
        await Expect(import.Summary).ToContainTextAsync("1 membre du personnel créé");

        // The administrator finds her in the list and resets her password (« Générer »), as for anyone.
        await Page.GotoAsync("/utilisateurs");
        var users = new UsersPage(Page);
        await Expect(users.Heading).ToBeVisibleAsync();
        await WaitForCircuitAsync();
        await users.SearchAsync("nouvel");
        await Expect(users.Rows).ToHaveCountAsync(1);
        await Expect(users.Row("NOUVEL")).ToContainTextAsync("6A");
        var login = (await users.Row("NOUVEL").Locator("[data-label=Identifiant]").TextContentAsync())!.Trim();
        await users.ResetButton("NOUVEL Camille").ClickAsync();
        var detail = new UserDetailPage(Page);
        var password = await detail.GenerateAndResetAsync();
        await detail.Dialog.GetByRole(AriaRole.Button, new() { Name = "Fermer" }).ClickAsync();
        await new DashboardPage(Page).SignOutAsync();
        await Expect(Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/connexion"));

        // The teacher: a password someone else chose is changed at the first sign-in.
        await SignInAsync(login, password);
        var change = new ChangePasswordPage(Page);
        await Expect(change.Heading).ToBeVisibleAsync();
        await change.ChangeAsync(password, "cahier de textes 2026", "cahier de textes 2026");
        var dashboard = new DashboardPage(Page);
        await Expect(dashboard.Heading).ToBeVisibleAsync();
        await WaitForCircuitAsync();
        await dashboard.Tile("Utilisateurs").ClickAsync();
        await Expect(users.Heading).ToBeVisibleAsync();
        await WaitForCircuitAsync();

        await Expect(users.Count).ToHaveTextAsync($"{sixA.Count} utilisateurs");
        await users.SearchAsync(sixA[0].Nom);
        await Expect(RowOf(users, sixA[0].Login)).ToContainTextAsync("6A");
        await users.SearchAsync(sixB[0].Nom);
        await Expect(users.Count).Not.ToHaveTextAsync($"{sixA.Count} utilisateurs");
        await Expect(RowOf(users, sixB[0].Login)).ToHaveCountAsync(0);
    }

    /// <summary>The row whose Identifiant is exactly this login (« bt » is also in « bt2 »).</summary>
    private ILocator RowOf(UsersPage users, string login) =>
        users.Rows.Filter(new() { Has = Page.GetByRole(AriaRole.Cell, new() { Name = login, Exact = true }) });

    private async Task<List<(string Nom, string Login)>> ActivePupilsAsync(string division)
    {
        await using var db = App.CreateDbContext(DemoSchool.JeanMoulinUai);
        var rows = await db.Users
            .Where(u => u.IsActive && u.Profil == Profil.Eleve && u.Memberships.Any(m => m.Group.Type == GroupType.Classe && m.Group.Name == division))
            .OrderBy(u => u.SortKey).Select(u => new { u.Nom, u.Login }).ToListAsync();
        return rows.Select(r => (r.Nom, r.Login)).ToList();
    }
}
