using System.Text.RegularExpressions;
using Mediatheque.Blazor.Deployment;
using Mediatheque.Core.Audit;
using Mediatheque.Tests.EndToEnd.Pages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Mediatheque.Tests.EndToEnd;

/// <summary>
/// Issue 13 in Chromium: a teacher hands her whole class new passwords on paper, an administrator prints QR
/// sign-in cards, and what reaches paper is read back from the PDF (pdftotext) and the QR codes (zbarimg).
/// </summary>
public sealed partial class CredentialHandoverTests(BrowserFixture browser, AppServer app) : EndToEndTest(browser, app), IClassFixture<AppServer>
{
    private const string School = "École élémentaire Jules-Ferry";

    /// <summary>Nothing of the app around the slips may reach paper.</summary>
    private static readonly string[] Chrome =
    [
        "Se déconnecter", "Imprimer", "Retour à la liste", "par page", "Fiches des nouveaux mots de passe", "Cartes de connexion",
        "ne sont enregistrés nulle part", "PAQUAY Sophie", "LEBRUN Claire", "Détail de l'utilisateur", "Copier", "Fermer",
    ];

    [Fact]
    public async Task Paquay_resets_her_whole_class_prints_eight_per_page_and_a_pupil_signs_in_with_the_printed_password()
    {
        await SignInAsync("paquay", "paquay-demo-2026");
        await Page.GotoAsync("/utilisateurs?classe=Mme%20PAQUAY");
        await WaitForCircuitAsync();
        var users = new UsersPage(Page);
        await Expect(users.Count).ToHaveTextAsync(ManyUsers());
        var total = Number(await users.Count.TextContentAsync());

        // « Tout sélectionner » states the number, for the whole list, all pages.
        await Page.GetByRole(AriaRole.Button, new() { Name = $"Tout sélectionner ({total} utilisateurs)" }).ClickAsync();
        await Expect(Page.GetByTestId("selection-count")).ToHaveTextAsync($"{total} utilisateurs sélectionnés");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Réinitialiser les mots de passe", Exact = true }).ClickAsync();

        // One confirmation, with the count; the directory's pupils are listed with the reason, not silently dropped.
        var dialog = Page.GetByRole(AriaRole.Dialog);
        await Expect(dialog.GetByTestId("bulk-question")).ToContainTextAsync("Réinitialiser les mots de passe de");
        var skipped = await dialog.GetByTestId("skipped-users").CountAsync() > 0
            ? await dialog.GetByTestId("skipped-users").Locator("li").CountAsync()
            : 0;
        if (skipped > 0)
        {
            await Expect(dialog.GetByTestId("skipped-users")).ToContainTextAsync("ENT Occitanie");
        }

        await dialog.GetByRole(AriaRole.Button, new() { NameRegex = ResetButton() }).ClickAsync();

        var sheets = new CredentialSheetsPage(Page);
        await Expect(Page).ToHaveURLAsync(new Regex("/utilisateurs/fiches$"));
        await Expect(sheets.Slips).ToHaveCountAsync(total - skipped);
        await Expect(sheets.MemoryOnlyNotice).ToContainTextAsync("disparaîtront dès que vous quitterez cette page");
        var credentials = await sheets.CredentialsAsync();
        await sheets.ChooseSlipsPerPageAsync(8);
        await sheets.PrintAsync("Imprimer les fiches");

        using var pdf = await PrintedPdf.PrintAsync(Page);
        var pages = (credentials.Count + 7) / 8;
        Assert.Equal(pages, await pdf.PageCountAsync());
        for (var page = 1; page <= pages; page++)
        {
            // Each slip whole on its page: login and password side by side with the rest of the slip.
            var text = await pdf.TextAsync(page);
            var onPage = credentials.Skip((page - 1) * 8).Take(8).ToList();
            foreach (var (login, password) in onPage)
            {
                Assert.Contains(password, text);
                Assert.Matches(new Regex($@"\b{Regex.Escape(login)}\b"), text);
            }

            Assert.Equal(onPage.Count, Occurrences(text, "Mot de passe"));
            Assert.Equal(onPage.Count, Occurrences(text, "Adresse"));
            Assert.Equal(onPage.Count, Occurrences(text, School));
            Assert.Equal(onPage.Count, Occurrences(text, "Classe : Mme PAQUAY"));
            Assert.Equal(onPage.Count, Occurrences(text, "/connexion"));
            // « tu » for a pupil, and the note is printed.
            Assert.Equal(onPage.Count, Occurrences(text, "Garde ce mot de passe pour toi"));
        }

        var all = await pdf.TextAsync();
        Assert.All(Chrome, chrome => Assert.DoesNotContain(chrome, all));

        // The password on paper works.
        var (pupilLogin, pupilPassword) = credentials[0];
        var pupil = await Browser.NewContextAsync(new() { Locale = "fr-FR", BaseURL = App.BaseUrl });
        var pupilPage = await pupil.NewPageAsync();
        var loginPage = new LoginPage(pupilPage);
        await loginPage.GotoAsync();
        await loginPage.SignInAsync(pupilLogin, pupilPassword);
        await Expect(new DashboardPage(pupilPage).Heading).ToBeVisibleAsync();
        await pupil.CloseAsync();
    }

    [Fact]
    public async Task An_administrator_prints_cards_whose_qr_code_signs_the_pupil_in_and_a_new_card_revokes_the_old_one()
    {
        await SignInAsync("admin", "admin-demo-2026");
        await Page.GotoAsync("/utilisateurs?classe=Mme%20PAQUAY&profil=Eleve");
        await WaitForCircuitAsync();
        var users = new UsersPage(Page);
        await Expect(users.Count).ToHaveTextAsync(ManyUsers());
        await Page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Tout sélectionner \\(") }).ClickAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Imprimer les cartes de connexion" }).ClickAsync();
        var dialog = Page.GetByRole(AriaRole.Dialog);
        await dialog.GetByRole(AriaRole.Button, new() { NameRegex = new Regex(@"^Imprimer \d+ cartes$") }).ClickAsync();

        var sheets = new CredentialSheetsPage(Page);
        await Expect(Page).ToHaveURLAsync(new Regex("/utilisateurs/fiches$"));
        await Expect(sheets.Slips.First).ToBeVisibleAsync();
        var firstPageNames = await Page.Locator(".sheet-page").First.Locator(".credential-slip-name").AllTextContentsAsync();
        await sheets.PrintAsync("Imprimer les cartes");

        using var pdf = await PrintedPdf.PrintAsync(Page);
        var codes = await pdf.QrCodesAsync(1);
        Assert.Equal(8, codes.Count);
        Assert.Equal(8, codes.Distinct().Count());
        // The address the school publishes (Mediatheque:PublicUrl), never the request's host.
        Assert.All(codes, code => Assert.Matches(new Regex($"^{Regex.Escape(PublicUrl)}/carte/[A-Za-z0-9_-]{{24}}$"), code));
        var text = await pdf.TextAsync(1);
        Assert.Equal(8, Occurrences(text, "Classe : Mme PAQUAY"));
        Assert.Equal(8, Occurrences(text, "Valable jusqu"));
        Assert.All(firstPageNames, name => Assert.Contains(name, text));
        var all = await pdf.TextAsync();
        Assert.All(Chrome, chrome => Assert.DoesNotContain(chrome, all));

        // The decoded address, in a fresh browser (on this test server, which stands for the public name as a proxy
        // would): signed in as that pupil, and the token gone from the address bar.
        var card = App.BaseUrl + new Uri(codes[0]).PathAndQuery;
        var (cardPage, cardContext) = await OpenInFreshBrowserAsync(card);
        await Expect(new DashboardPage(cardPage).Heading).ToBeVisibleAsync();
        Assert.DoesNotContain("/carte/", cardPage.Url);
        var pupilName = await cardPage.GetByTestId("signed-in-name").TextContentAsync();
        Assert.Contains(pupilName!.Trim(), firstPageNames);
        await cardContext.CloseAsync();
        string pupilLogin;
        int pupilId;
        await using (var db = App.CreateDbContext())
        {
            var signIn = await db.AuditEntries.Where(a => a.Action == AuditAction.SignIn && a.Details == "Carte de connexion").SingleAsync();
            (pupilLogin, pupilId) = (signIn.TargetLogin!, signIn.TargetId!.Value);
        }

        // The detail page says the card is active.
        await Page.GotoAsync($"/utilisateurs/{pupilId}");
        await Expect(Page.GetByTestId("login-card-state")).ToContainTextAsync("Carte de connexion active depuis le");

        // A new card for that pupil: the old address signs no one in.
        await Page.GotoAsync($"/utilisateurs?q={pupilLogin}");
        await WaitForCircuitAsync();
        var row = users.Rows.Filter(new() { Has = Page.GetByRole(AriaRole.Cell, new() { Name = pupilLogin, Exact = true }) });
        await Expect(row).ToHaveCountAsync(1);
        await row.GetByRole(AriaRole.Checkbox).CheckAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Imprimer les cartes de connexion" }).ClickAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Imprimer 1 carte", Exact = true }).ClickAsync();
        await Expect(sheets.Slips).ToHaveCountAsync(1);

        var (oldCardPage, oldCardContext) = await OpenInFreshBrowserAsync(card);
        await Expect(oldCardPage.GetByTestId("card-refused")).ToContainTextAsync("Cette carte de connexion ne fonctionne pas ou plus");
        await Expect(oldCardPage).ToHaveURLAsync(new Regex("/connexion\\?carte=invalide$"));
        await oldCardContext.CloseAsync();
    }

    [Fact]
    public async Task The_reset_dialogs_slip_prints_whole_at_the_top_of_one_page_saying_vous_to_staff()
    {
        await SignInAsync("admin", "admin-demo-2026");
        var detail = new UserDetailPage(Page);
        await detail.GotoAsync(await App.IdOfAsync("durand"));
        await WaitForCircuitAsync();
        await detail.OpenResetDialogAsync();
        var password = await detail.GenerateAndResetAsync();
        await new CredentialSheetsPage(Page).PrintAsync("Imprimer la fiche");

        using var pdf = await PrintedPdf.PrintAsync(Page);

        Assert.Equal(1, await pdf.PageCountAsync());
        var text = await pdf.TextAsync();
        var lines = text.Split('\n').Where(l => l.Trim().Length > 0).ToList();
        Assert.StartsWith(School, lines[0].Trim());
        Assert.Contains("DURAND Julien", text);
        Assert.Matches(new Regex(@"Identifiant\s+durand"), text);
        Assert.Matches(new Regex($@"Mot de passe\s+{Regex.Escape(password)}"), text);
        Assert.Matches(new Regex($@"Adresse\s+{Regex.Escape(PublicUrl)}/connexion"), text);
        Assert.Contains("Vous choisirez un nouveau mot de passe à votre première connexion.", text);
        Assert.All(Chrome.Append("Réinitialiser le mot de passe"), chrome => Assert.DoesNotContain(chrome, text));
    }

    [Fact]
    public async Task The_forced_change_page_offers_to_sign_out()
    {
        await using (var db = App.CreateDbContext())
        {
            await db.Accounts.Where(a => a.Login == "secondaire").ExecuteUpdateAsync(s => s.SetProperty(a => a.MustChangePassword, true));
        }

        await SignInAsync("secondaire", "secondaire-demo-2026");
        await Expect(new ChangePasswordPage(Page).Heading).ToBeVisibleAsync();

        await Page.GetByRole(AriaRole.Button, new() { Name = "Se déconnecter" }).ClickAsync();

        await Expect(Page).ToHaveURLAsync(new Regex("/connexion\\?deconnecte=1$"));
        await Expect(Page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Vous êtes déconnecté. À bientôt !");
        await Page.GotoAsync("/");
        await Expect(Page).ToHaveURLAsync(new Regex("/connexion"));
    }

    private string PublicUrl => App.Get<PublicAddress>().Root;

    private async Task<(IPage Page, IBrowserContext Context)> OpenInFreshBrowserAsync(string url)
    {
        var context = await Browser.NewContextAsync(new() { Locale = "fr-FR" });
        var page = await context.NewPageAsync();
        await page.GotoAsync(url);
        return (page, context);
    }

    private static int Occurrences(string text, string what) => Regex.Matches(text, Regex.Escape(what)).Count;

    private static int Number(string? text) => int.Parse(Regex.Match(text ?? string.Empty, @"\d+").Value, System.Globalization.CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^\d+ utilisateurs$")]
    private static partial Regex ManyUsers();

    [GeneratedRegex(@"^Réinitialiser \d+ mots de passe$")]
    private static partial Regex ResetButton();
}
