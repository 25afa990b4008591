using Mediatheque.Core.Users;
using Mediatheque.Tests.EndToEnd.Pages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Mediatheque.Tests.EndToEnd;

/// <summary>The article's steps 5 and 6 and its closing rules, in Chromium, on SQLite.</summary>
public sealed class ResetPasswordTests(BrowserFixture browser, AppServer app) : ResetPasswordTests<AppServer>(browser, app);

/// <summary>The same, with the app on PostgreSQL.</summary>
public sealed class ResetPasswordOnPostgreSqlTests(BrowserFixture browser, PostgreSqlAppServer app) : ResetPasswordTests<PostgreSqlAppServer>(browser, app);

/// <summary>The article's steps 5 and 6 and its closing rules, in Chromium, on the server's database.</summary>
public abstract class ResetPasswordTests<TServer>(BrowserFixture browser, TServer app) : EndToEndTest(browser, app), IClassFixture<TServer>
    where TServer : AppServer
{
    [Fact]
    public async Task The_articles_six_steps_work_for_a_teacher()
    {
        // 1-2. Accéder au portail, se connecter.
        await SignInAsync("paquay", "paquay-demo-2026");
        await WaitForCircuitAsync();

        // 3. « Utilisateurs » dans le tableau de bord.
        await new DashboardPage(Page).Tile("Utilisateurs").ClickAsync();
        var users = new UsersPage(Page);
        await Expect(users.Heading).ToBeVisibleAsync();
        await WaitForCircuitAsync();

        // 4. Rechercher l'élève.
        await users.SearchAsync("besson");
        await Expect(users.Rows).ToHaveCountAsync(1);
        await Expect(users.Count).ToHaveTextAsync("1 utilisateur");
        await users.Row("BESSON").ClickAsync();

        // 5. Modifier « Mot de passe » et « Confirmer le mot de passe ».
        var detail = new UserDetailPage(Page);
        await Expect(detail.Heading).ToHaveTextAsync("Détail de l’utilisateur BESSON Marion");
        await detail.SetPasswordInFormAsync("girafe-bleue-38");

        // 6. « Valider ».
        await detail.ValiderAsync();
        await Expect(Page.GetByText("le nouveau mot de passe est actif")).ToBeVisibleAsync();

        await Context.ClearCookiesAsync();
        await SignInAsync("bm", "girafe-bleue-38");
        // A pupil keeps the password her teacher typed (MustChangeByDefault:Eleve is false): she reaches her dashboard.
        await Expect(new DashboardPage(Page).Heading).ToBeVisibleAsync();
        Assert.DoesNotContain("/compte/mot-de-passe", Page.Url);
    }

    [Fact]
    public async Task A_grid_row_opens_the_reset_dialog_and_annuler_keeps_the_filtered_list()
    {
        await SignInAsync("admin", "admin-demo-2026");
        var users = new UsersPage(Page);
        await Page.GotoAsync("/utilisateurs?classe=Mme%20PAQUAY&profil=Eleve");
        await WaitForCircuitAsync();
        await Expect(users.Count).ToHaveTextAsync("24 utilisateurs");

        await Page.GetByRole(AriaRole.Button, new() { Name = "Réinitialiser le mot de passe de BESSON Marion" }).ClickAsync();
        var detail = new UserDetailPage(Page);
        await Expect(detail.Dialog.GetByText("Réinitialiser le mot de passe de BESSON Marion")).ToBeVisibleAsync();
        await Expect(detail.Dialog.GetByText("Au moins 8 caractères")).ToBeVisibleAsync();
        await detail.Dialog.GetByRole(AriaRole.Button, new() { Name = "Annuler" }).ClickAsync();
        await Expect(detail.Dialog).ToHaveCountAsync(0);
        Assert.EndsWith("/utilisateurs", new Uri(Page.Url).AbsolutePath);

        await users.Row("BESSON").ClickAsync();
        await Expect(detail.Heading).ToHaveTextAsync("Détail de l’utilisateur BESSON Marion");
        await Expect(Page.GetByTestId("position")).ToContainTextAsync("/ 24");
        await Page.GetByRole(AriaRole.Link, new() { Name = "suivant" }).ClickAsync();
        await Expect(detail.Heading).Not.ToHaveTextAsync("Détail de l’utilisateur BESSON Marion");
        await Page.GetByRole(AriaRole.Link, new() { Name = "Annuler" }).ClickAsync();

        await Expect(users.Count).ToHaveTextAsync("24 utilisateurs");
        Assert.Contains("classe=Mme", Uri.UnescapeDataString(Page.Url).Replace('+', ' '));
    }

    [Fact]
    public async Task A_teacher_opening_a_colleague_or_a_missing_id_gets_the_same_refusal()
    {
        await SignInAsync("paquay", "paquay-demo-2026");
        var detail = new UserDetailPage(Page);

        await detail.GotoAsync(await App.IdOfAsync("durand"));
        await Expect(detail.Refusal).ToHaveTextAsync(FrenchText.Typeset(UserPolicy.NotVisibleReason));
        await detail.GotoAsync(999_999);
        await Expect(detail.Refusal).ToHaveTextAsync(FrenchText.Typeset(UserPolicy.NotVisibleReason));
    }

    [Fact]
    public async Task A_directory_pupils_reset_is_refused_with_the_directorys_name()
    {
        int directoryPupil;
        await using (var db = App.CreateDbContext())
        {
            directoryPupil = await db.Users.Where(u => u.Source == UserSource.Annuaire && u.Profil == Profil.Eleve).Select(u => u.Id).FirstAsync();
        }

        await SignInAsync("admin", "admin-demo-2026");
        var detail = new UserDetailPage(Page);
        await detail.GotoAsync(directoryPupil);
        await WaitForCircuitAsync();

        // The form says so before anything is typed, and its password fields are read-only.
        await Expect(Page.GetByTestId("annuaire-notice")).ToContainTextAsync("« ENT Occitanie »");
        await Expect(Page.GetByLabel("Mot de passe *", new() { Exact = true })).Not.ToBeEditableAsync();
        await detail.OpenResetDialogAsync();

        await Expect(detail.DialogRefusal).ToHaveTextAsync(
            "Le mot de passe de cet utilisateur est géré par l’annuaire fédérateur « ENT Occitanie ». Réinitialisez-le dans l’annuaire.");
        await Expect(detail.Dialog.GetByLabel("Nouveau mot de passe")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task The_journal_shows_who_reset_whom_and_never_the_password()
    {
        await SignInAsync("secondaire", "secondaire-demo-2026");
        var detail = new UserDetailPage(Page);
        await detail.GotoAsync(await App.IdOfAsync("durand"));
        await WaitForCircuitAsync();
        await detail.OpenResetDialogAsync();
        var password = await detail.GenerateAndResetAsync();
        await detail.Dialog.GetByRole(AriaRole.Button, new() { Name = "Fermer" }).ClickAsync();

        await Page.GotoAsync("/journal");
        await WaitForCircuitAsync();

        // The class's other tests may have reset someone else's password on the same server before this one.
        var row = Page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Mot de passe réinitialisé" }).Filter(new() { HasText = "durand" });
        await Expect(row).ToContainTextAsync("secondaire");
        Assert.DoesNotContain(password, await Page.ContentAsync());
    }

    [Fact]
    public async Task A_teacher_cannot_open_the_journal()
    {
        await SignInAsync("paquay", "paquay-demo-2026");

        await Page.GotoAsync("/journal");

        await Expect(Page.GetByText("Vous n’avez pas accès à cette page.", new() { Exact = false })).ToBeVisibleAsync();
    }
}

/// <summary>On a server of its own: it changes paquay's password, which the other classes sign in with.</summary>
public sealed class AdministratorResetTests(BrowserFixture browser, AppServer app) : EndToEndTest(browser, app), IClassFixture<AppServer>
{
    [Fact]
    public async Task An_administrator_resets_a_teacher_with_generer_and_the_teacher_must_change_it()
    {
        await SignInAsync("admin", "admin-demo-2026");
        var detail = new UserDetailPage(Page);
        await detail.GotoAsync(await App.IdOfAsync("paquay"));
        await WaitForCircuitAsync();

        await detail.OpenResetDialogAsync();
        await Expect(detail.Dialog.GetByText("Au moins 12 caractères")).ToBeVisibleAsync();
        var password = await detail.GenerateAndResetAsync();
        await Expect(detail.Dialog.GetByRole(AriaRole.Button, new() { Name = "Imprimer la fiche" })).ToBeVisibleAsync();

        await Context.ClearCookiesAsync();
        await SignInAsync("paquay", password);
        var change = new ChangePasswordPage(Page);
        await Expect(change.Heading).ToBeVisibleAsync();
        await change.ChangeAsync(password, "ma nouvelle phrase 2026", "ma nouvelle phrase 2026");
        await Expect(new DashboardPage(Page).Heading).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_change_made_in_an_open_page_is_journaled_with_the_browsers_address()
    {
        int pupil;
        await using (var db = App.CreateDbContext())
        {
            pupil = await db.Users.Where(u => u.Profil == Profil.Eleve && u.IsActive && u.Source == UserSource.Local && u.Login != "bm")
                .OrderBy(u => u.Id).Select(u => u.Id).Skip(3).FirstAsync();
        }

        await SignInAsync("admin", "admin-demo-2026");
        var detail = new UserDetailPage(Page);
        await detail.GotoAsync(pupil);
        await WaitForCircuitAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Désactiver" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Réactiver" })).ToBeVisibleAsync();

        // Made through the circuit (no HTTP request carried it): the address was captured when the circuit connected.
        await using var journal = App.CreateDbContext();
        var line = await journal.AuditEntries.SingleAsync(e => e.Action == Mediatheque.Core.Audit.AuditAction.UserDeactivated && e.TargetId == pupil);
        Assert.Equal("127.0.0.1", line.IpAddress);
    }
}
