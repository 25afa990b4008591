using Mediatheque.Core.Users;
using Mediatheque.Tests.EndToEnd.Pages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Mediatheque.Tests.EndToEnd;

/// <summary>The article's steps 5 and 6 and its closing rules, in Chromium.</summary>
public sealed class ResetPasswordTests(BrowserFixture browser, AppServer app) : EndToEndTest(browser, app), IClassFixture<AppServer>
{
    [Fact]
    public async Task A_teacher_sets_marions_password_in_the_form_and_marion_signs_in_with_it()
    {
        await SignInAsync("paquay", "paquay-demo-2026");
        var detail = new UserDetailPage(Page);
        await detail.GotoAsync(await App.IdOfAsync("bm"));
        await WaitForCircuitAsync();
        await Expect(detail.Heading).ToHaveTextAsync("Détail de l'utilisateur BESSON Marion");

        await detail.SetPasswordInFormAsync("girafe-bleue-38");
        await detail.ValiderAsync();
        await Expect(Page.GetByText("le nouveau mot de passe est actif")).ToBeVisibleAsync();

        await Context.ClearCookiesAsync();
        await SignInAsync("bm", "girafe-bleue-38");
        // « Doit changer le mot de passe » is on by default: Marion chooses her own next.
        await Expect(new ChangePasswordPage(Page).Heading).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_teacher_cannot_reset_a_colleague_and_is_told_why()
    {
        await SignInAsync("paquay", "paquay-demo-2026");
        var detail = new UserDetailPage(Page);

        await detail.GotoAsync(await App.IdOfAsync("durand"));

        await Expect(detail.Refusal).ToContainTextAsync(
            "Le mot de passe d'un enseignant ne peut être réinitialisé que par un administrateur ou un administrateur secondaire.");
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
        await detail.OpenResetDialogAsync();

        await Expect(detail.DialogRefusal).ToHaveTextAsync(
            "Le mot de passe de cet utilisateur est géré par l'annuaire fédérateur « ENT Occitanie ». Réinitialisez-le dans l'annuaire.");
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

        var row = Page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Mot de passe réinitialisé" });
        await Expect(row).ToContainTextAsync("secondaire");
        await Expect(row).ToContainTextAsync("durand");
        Assert.DoesNotContain(password, await Page.ContentAsync());
    }

    [Fact]
    public async Task A_teacher_cannot_open_the_journal()
    {
        await SignInAsync("paquay", "paquay-demo-2026");

        await Page.GotoAsync("/journal");

        await Expect(Page.GetByText("Vous n'avez pas accès à cette page.", new() { Exact = false })).ToBeVisibleAsync();
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
}
