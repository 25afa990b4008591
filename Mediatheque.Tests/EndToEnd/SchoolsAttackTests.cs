using System.Net;
using Mediatheque.Core.Demo;
using Mediatheque.Core.Groups;
using Mediatheque.Core.Users;
using Mediatheque.Tests.EndToEnd.Pages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Mediatheque.Tests.EndToEnd;

/// <summary>
/// The demo's two schools as an attacker and as Roux see them: moulin (administrator of Collège Jean-Moulin) opening
/// Jules-Ferry's users by address and from inside the circuit, crafting grid filters with its classes, exporting the
/// journal; Roux (one login, CM2 at Jules-Ferry, 6A at Jean-Moulin) in two schools, one at a time, and in two tabs.
/// </summary>
public sealed class SchoolsAttackTests(BrowserFixture browser, AppServer app) : EndToEndTest(browser, app), IClassFixture<AppServer>
{
    private Task<int> JulesFerryAsync() => App.SchoolIdAsync(DemoSchool.JulesFerryUai);

    private Task<int> JeanMoulinAsync() => App.SchoolIdAsync(DemoSchool.JeanMoulinUai);

    [Fact]
    public async Task Moulin_opening_jules_ferry_by_address_reads_only_that_it_is_no_school_or_no_user_of_his()
    {
        using var moulin = LoopbackClient.Create(App.BaseUrl);
        Assert.Equal(HttpStatusCode.Redirect, (await moulin.SignInAsync("moulin", "moulin-demo-2026")).StatusCode);
        var (julesFerry, jeanMoulin) = (await JulesFerryAsync(), await JeanMoulinAsync());
        var marion = await App.IdOfAsync("bm");

        string[] addresses =
        [
            $"/ecoles/{julesFerry}/", $"/ecoles/{julesFerry}/utilisateurs", $"/ecoles/{julesFerry}/utilisateurs/{marion}",
            $"/ecoles/{jeanMoulin}/utilisateurs/{marion}", $"/utilisateurs/{marion}", "/utilisateurs?classe=Mme%20PAQUAY",
            $"/ecoles/{jeanMoulin}/utilisateurs?classe=Mme%20PAQUAY&q=besson", "/utilisateurs?niveau=CE1", $"/ecoles/{julesFerry}/journal",
        ];
        foreach (var address in addresses)
        {
            var page = WebUtility.HtmlDecode(await moulin.GetStringAsync(address));
            Assert.DoesNotContain("BESSON", page);
            Assert.DoesNotContain("Marion", page);
            Assert.DoesNotContain("Jules-Ferry", page);
        }

        Assert.Contains("Cette école n'existe pas ou vous n'en faites pas partie.", WebUtility.HtmlDecode(await moulin.GetStringAsync($"/ecoles/{julesFerry}/utilisateurs")));
        Assert.Contains(UserPolicy.NotVisibleReason, WebUtility.HtmlDecode(await moulin.GetStringAsync($"/ecoles/{jeanMoulin}/utilisateurs/{marion}")));
        Assert.Contains("Aucun utilisateur", WebUtility.HtmlDecode(await moulin.GetStringAsync("/utilisateurs?classe=Mme%20PAQUAY")));
    }

    [Fact]
    public async Task Moulin_exports_his_schools_journal_only_and_is_refused_jules_ferrys()
    {
        using var moulin = LoopbackClient.Create(App.BaseUrl);
        await moulin.SignInAsync("moulin", "moulin-demo-2026");
        using var admin = LoopbackClient.Create(App.BaseUrl);
        await admin.SignInAsync("admin", "admin-demo-2026");

        var own = await moulin.GetStringAsync($"/ecoles/{await JeanMoulinAsync()}/journal/export.csv");
        var theirs = await moulin.GetAsync($"/ecoles/{await JulesFerryAsync()}/journal/export.csv");
        var julesFerrys = await admin.GetStringAsync("/journal/export.csv");

        Assert.Contains(";moulin;", own);
        Assert.DoesNotContain(";admin;", own);
        Assert.Equal(HttpStatusCode.BadRequest, theirs.StatusCode);
        Assert.DoesNotContain(";admin;", await theirs.Content.ReadAsStringAsync());
        Assert.Contains(";admin;", julesFerrys);
        Assert.DoesNotContain(";moulin;", julesFerrys);
    }

    [Fact]
    public async Task Moulin_in_the_browser_reaches_no_jules_ferry_user_from_inside_the_circuit()
    {
        await SignInAsync("moulin", "moulin-demo-2026");
        await WaitForCircuitAsync();
        await Expect(Page.GetByTestId("school-name")).ToHaveTextAsync(DemoSchool.JeanMoulin);
        var users = new UsersPage(Page);
        await Page.GotoAsync("/utilisateurs?classe=Mme%20PAQUAY");
        await WaitForCircuitAsync();
        await Expect(users.Count).ToHaveTextAsync("Aucun utilisateur");

        // The circuit's own router, as a crafted link inside the page would use it.
        await Page.EvaluateAsync($"Blazor.navigateTo('utilisateurs/{await App.IdOfAsync("bm")}')");

        await Expect(Page.GetByText(FrenchText.Typeset(UserPolicy.NotVisibleReason))).ToBeVisibleAsync();
        await Expect(Page.GetByText("BESSON")).ToHaveCountAsync(0);
        await users.GotoAsync();
        await WaitForCircuitAsync();
        await users.SearchAsync("besson");
        await Expect(users.Count).ToHaveTextAsync("Aucun utilisateur");
        await Expect(Page.GetByTestId("switch-school")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Roux_sees_his_cm2_in_jules_ferry_and_his_6a_in_jean_moulin_never_both_at_once_even_in_two_tabs()
    {
        var (cm2, sixA) = (await ActivePupilsAsync(DemoSchool.JulesFerryUai, GroupType.Niveau, "CM2"), await ActivePupilsAsync(DemoSchool.JeanMoulinUai, GroupType.Classe, "6A"));
        await SignInAsync("roux", "roux-demo-2026");
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Choisir une école" })).ToBeVisibleAsync();
        await WaitForCircuitAsync();

        await Page.GetByRole(AriaRole.Link, new() { Name = DemoSchool.JulesFerry }).ClickAsync();
        await WaitForCircuitAsync();
        await Expect(Page.GetByTestId("school-name")).ToHaveTextAsync(DemoSchool.JulesFerry);
        await new DashboardPage(Page).Tile("Utilisateurs").ClickAsync();
        var users = new UsersPage(Page);
        await Expect(users.Count).ToHaveTextAsync($"{cm2.Count} utilisateurs");
        await Expect(Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/ecoles/{await JulesFerryAsync()}/utilisateurs$"));
        await WaitForCircuitAsync();
        await users.SearchAsync(sixA[0].Nom);
        await Expect(RowOf(users, sixA[0].Login)).ToHaveCountAsync(0);

        // One click to the other school, on the same page of it.
        await Page.GetByRole(AriaRole.Link, new() { Name = FrenchText.Typeset($"Passer à l'école {DemoSchool.JeanMoulin}") }).ClickAsync();
        await Expect(Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/ecoles/{await JeanMoulinAsync()}/utilisateurs$"));
        await WaitForCircuitAsync();
        await Expect(Page.GetByTestId("school-name")).ToHaveTextAsync(DemoSchool.JeanMoulin);
        await Expect(users.Count).ToHaveTextAsync($"{sixA.Count} utilisateurs");
        await users.SearchAsync(cm2[0].Nom);
        await Expect(RowOf(users, cm2[0].Login)).ToHaveCountAsync(0);

        // A second tab on Jules-Ferry's list, the first still on Jean-Moulin's: each keeps its school.
        var second = await Context.NewPageAsync();
        await second.GotoAsync($"/ecoles/{await JulesFerryAsync()}/utilisateurs");
        await second.Locator("[data-circuit=ready]").WaitForAsync();
        await Expect(second.GetByTestId("user-count")).ToHaveTextAsync($"{cm2.Count} utilisateurs");
        await Expect(second.GetByTestId("school-name")).ToHaveTextAsync(DemoSchool.JulesFerry);
        await Page.GetByLabel("Rechercher").FillAsync(string.Empty);
        await Expect(users.Count).ToHaveTextAsync($"{sixA.Count} utilisateurs");
    }

    [Fact]
    public async Task Admin_sees_jules_ferry_only_with_no_way_to_jean_moulin()
    {
        await SignInAsync("admin", "admin-demo-2026");
        await WaitForCircuitAsync();

        await Expect(Page.GetByTestId("school-name")).ToHaveTextAsync(DemoSchool.JulesFerry);
        await Expect(Page.GetByTestId("switch-school")).ToHaveCountAsync(0);
        await Expect(Page.GetByTestId("platform-link")).ToHaveCountAsync(0);
        await Page.GotoAsync($"/ecoles/{await JeanMoulinAsync()}/utilisateurs");
        await Expect(Page.GetByTestId("school-refused")).ToHaveTextAsync(FrenchText.Typeset(Mediatheque.Blazor.Components.Schools.SchoolGate.RefusedMessage));
        await Expect(Page.GetByTestId("user-count")).ToHaveCountAsync(0);
        var platform = await Page.GotoAsync("/plateforme");
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Écoles de la plateforme" })).ToHaveCountAsync(0);
        Assert.NotNull(platform);
    }

    [Fact]
    public async Task The_platform_administrator_sees_every_school_with_its_numbers_and_creates_one_but_no_schools_users()
    {
        await SignInAsync("plateforme", "plateforme-demo-2026");
        await Page.GotoAsync("/plateforme");
        await WaitForCircuitAsync();

        var rows = Page.GetByTestId("school-row");
        await Expect(rows).ToHaveCountAsync(2);
        await Expect(rows.Filter(new() { HasText = DemoSchool.JeanMoulin })).ToContainTextAsync(DemoSchool.JeanMoulinUai);
        await Expect(rows.Filter(new() { HasText = DemoSchool.JulesFerry })).ToContainTextAsync(DemoSchool.JulesFerryUai);

        var uai = $"09{Random.Shared.Next(10_000, 99_999)}Z";
        await Page.GetByRole(AriaRole.Button, new() { Name = "Nouvelle école" }).ClickAsync();
        await Page.GetByLabel("Nom de l’école").FillAsync("École Louise-Michel " + uai);
        await Page.GetByLabel("UAI").FillAsync(uai);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Créer l’école" }).ClickAsync();
        // The new school's page, to name its administrators; back on the list it is counted like the others.
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "École Louise-Michel " + uai, Level = 1 })).ToBeVisibleAsync();
        await Page.GotoAsync("/plateforme");
        await Expect(rows.Filter(new() { HasText = uai })).ToHaveCountAsync(1);

        // Not a school's profile: no school's users through the platform's account.
        await Page.GotoAsync($"/ecoles/{await JulesFerryAsync()}/utilisateurs");
        await Expect(Page.GetByTestId("user-count")).ToHaveCountAsync(0);
        await Expect(Page.GetByText("BESSON")).ToHaveCountAsync(0);
    }

    /// <summary>The row whose Identifiant cell is exactly this login.</summary>
    private ILocator RowOf(UsersPage users, string login) =>
        users.Rows.Filter(new() { Has = Page.GetByRole(AriaRole.Cell, new() { Name = login, Exact = true }) });

    /// <summary>The active pupils of a group of a demo school, read by the test from the database.</summary>
    private async Task<List<(string Nom, string Login)>> ActivePupilsAsync(string uai, GroupType type, string group)
    {
        await using var db = App.CreateDbContext(uai);
        var rows = await db.Users.Where(u => u.IsActive && u.Profil == Profil.Eleve && u.Memberships.Any(m => m.Group.Type == type && m.Group.Name == group))
            .OrderBy(u => u.SortKey).Select(u => new { u.Nom, u.Login }).ToListAsync();
        return rows.Select(r => (r.Nom, r.Login)).ToList();
    }
}
