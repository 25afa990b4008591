using System.Text.RegularExpressions;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Mediatheque.Core.Import;
using Mediatheque.Tests.EndToEnd.Pages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Mediatheque.Tests.EndToEnd;

/// <summary>
/// Every screen, as its users reach it: no WCAG 2.1 A/AA violation axe-core can find (RGAA 4.1), one main landmark and
/// one h1, a title naming the screen, no word cut across two lines at 1280, 768 or 390 px, and nothing scrolling
/// sideways on a 390 px phone. One visit per screen for all of it: the suite stays short.
/// </summary>
public sealed class EveryScreenTests(BrowserFixture browser, AppServer app) : EndToEndTest(browser, app), IClassFixture<AppServer>
{
    public static TheoryData<string> Screens =>
    [
        "Connexion", "Changer mon mot de passe", "Tableau de bord", "Tableau de bord d’un élève", "Liste des utilisateurs",
        "Détail de l’utilisateur", "Réinitialiser le mot de passe", "Détail refusé", "Nouvel utilisateur", "Importer",
        "Importer : aperçu", "Importer : résultat et fiches", "Journal", "Accès refusé", "Page introuvable", "Erreur",
        "Connexion par images", "Connexion par images : impression", "Page de classe", "Page de classe : images",
        "Adresse de classe non valable", "Paramètres", "Départs et suppressions", "Importer : rentrée",
    ];

    /// <summary>The screens above, and those reached by an action (the sheets of a bulk reset, the cards, the directory).</summary>
    public static TheoryData<string> AllScreens =>
        [.. Screens, "Annuaire", "Fiches des nouveaux mots de passe", "Cartes de connexion"];

    [Theory]
    [MemberData(nameof(AllScreens))]
    public async Task The_screen_is_accessible_structured_named_cuts_no_word_and_fits_a_phone(string screen)
    {
        var title = await OpenAsync(screen);
        // An interactive page's title is taken out and put back when its circuit starts: the screen as it settles.
        await Expect(Page).ToHaveTitleAsync(new Regex("— Médiathèque$"));

        var axe = await Page.RunAxe(new AxeRunOptions
        {
            RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
        });
        Assert.True(axe.Violations.Length == 0, string.Join("\n", axe.Violations.Select(v =>
            $"{v.Id}: {v.Help} — {string.Join(" | ", v.Nodes.Take(3).Select(n => string.Join(" ", n.Target) + " " + n.Html))}")));
        await Expect(Page.GetByRole(AriaRole.Main)).ToHaveCountAsync(1);
        await Expect(Page.Locator("h1")).ToHaveCountAsync(1);
        Assert.EndsWith("— Médiathèque", await Page.TitleAsync());
        Assert.Contains(title, FrenchText.Typeset(await Page.TitleAsync()).Replace('\u00A0', ' '));

        // Issue 27: « Acti/fs », « admi/n », « 127.0.0./1 »: no word cut across two lines on a laptop, a tablet, a phone.
        var cut = await CutWords.AtEveryWidthAsync(Page);
        Assert.True(cut.Count == 0, $"{screen}, mots coupés :\n" + string.Join("\n", cut));

        await Page.SetViewportSizeAsync(390, 844);
        await Page.WaitForTimeoutAsync(300); // a layout pass at the new width
        var widths = await Page.EvaluateAsync<int[]>("[document.documentElement.scrollWidth, window.innerWidth]");
        // The failure names the deepest elements that stick out, to say where to look.
        var wide = widths[0] <= widths[1] ? [] : await Page.EvaluateAsync<string[]>("""
            () => [...document.body.querySelectorAll('*')]
                .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1
                    && ![...e.children].some(c => c.getBoundingClientRect().right > window.innerWidth + 1))
                .slice(0, 5)
                .map(e => e.closest('button, label, a, td, th') ?? e)
                .map(e => `${e.parentElement.outerHTML.slice(0, 200)} (${Math.round(e.getBoundingClientRect().right)} px)`)
            """);
        Assert.True(widths[0] <= widths[1], $"{screen}: {widths[0]} px wide on a {widths[1]} px phone: {string.Join(", ", wide)}");
    }

    /// <summary>A live address of the class's picture sign-in page, turned on (or given a new address) by an administrator.</summary>
    private async Task<string> ClassAddressAsync(string className)
    {
        var setup = App.Get<Mediatheque.Core.PictureSignIn.PictureSignInSetup>();
        var admin = await App.IdOfAsync("admin");
        int classId;
        await using (var db = App.CreateDbContext())
        {
            classId = await db.Groups.Where(g => g.Name == className).Select(g => g.Id).SingleAsync();
        }

        var handout = await setup.EnableAsync(admin, classId);
        return (handout.Result.Succeeded ? handout : await setup.NewAddressAsync(admin, classId)).Code!;
    }

    /// <summary>Goes to the screen as its user would; returns what its title must name.</summary>
    private async Task<string> OpenAsync(string screen)
    {
        switch (screen)
        {
            case "Connexion":
                await new LoginPage(Page).GotoAsync();
                return "Connexion";
            case "Erreur":
                await Page.GotoAsync("/erreur");
                return "Erreur";
            case "Changer mon mot de passe":
                await SignInAsync("admin", "admin-demo-2026");
                await Page.GotoAsync("/compte/mot-de-passe");
                return screen;
            case "Tableau de bord d’un élève":
                await SignInAsync("bm", "marion2026");
                await WaitForCircuitAsync();
                return "Tableau de bord";
            case "Accès refusé":
                await SignInAsync("paquay", "paquay-demo-2026");
                await Page.GotoAsync("/journal");
                await WaitForCircuitAsync();
                await Expect(Page.GetByText("Vous n’avez pas accès à cette page", new() { Exact = false })).ToBeVisibleAsync();
                return screen;
            case "Page de classe" or "Page de classe : images":
                await Page.GotoAsync($"/classe/{await ClassAddressAsync("M. DURAND")}");
                if (screen == "Page de classe : images")
                {
                    await Page.GetByTestId("pupil-tile").First.ClickAsync();
                    await Expect(Page.GetByTestId("picture-board")).ToBeVisibleAsync();
                }

                return "M. DURAND";
            case "Adresse de classe non valable":
                await Page.GotoAsync($"/classe/{Mediatheque.Core.LoginCards.LoginCardToken.New()}");
                await Expect(Page.GetByTestId("class-address-refused")).ToBeVisibleAsync();
                return "Connexion par images";
            case "Connexion par images" or "Connexion par images : impression":
                await SignInAsync("paquay", "paquay-demo-2026");
                await Page.GotoAsync("/connexion-par-images");
                await WaitForCircuitAsync();
                if (screen == "Connexion par images : impression")
                {
                    await Page.GetByRole(AriaRole.Button, new() { Name = "Activer la connexion par images" }).ClickAsync();
                    await Page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Activer", Exact = true }).ClickAsync();
                    await Expect(Page.GetByTestId("class-poster")).ToBeVisibleAsync();
                    return "Connexion par images : Mme PAQUAY";
                }

                await Expect(Page.GetByTestId("picture-class")).ToBeVisibleAsync();
                return screen;
            case "Détail refusé":
                await SignInAsync("paquay", "paquay-demo-2026");
                await new UserDetailPage(Page).GotoAsync(await App.IdOfAsync("durand"));
                await WaitForCircuitAsync();
                await Expect(new UserDetailPage(Page).Refusal).ToBeVisibleAsync();
                return "Détail de l’utilisateur";
        }

        await SignInAsync("admin", "admin-demo-2026");
        await WaitForCircuitAsync();
        switch (screen)
        {
            case "Tableau de bord":
                await Expect(Page.GetByTestId("active-total")).ToBeVisibleAsync();
                return screen;
            case "Liste des utilisateurs":
                await new UsersPage(Page).GotoAsync();
                await WaitForCircuitAsync();
                await Expect(new UsersPage(Page).Rows.First).ToBeVisibleAsync();
                return screen;
            case "Détail de l’utilisateur" or "Réinitialiser le mot de passe":
                var detail = new UserDetailPage(Page);
                await detail.GotoAsync(await App.IdOfAsync("bm"));
                await WaitForCircuitAsync();
                await Expect(detail.Heading).ToBeVisibleAsync();
                if (screen == "Réinitialiser le mot de passe")
                {
                    await detail.OpenResetDialogAsync();
                    await Expect(detail.Dialog.GetByLabel("Nouveau mot de passe")).ToBeVisibleAsync();
                }

                return "BESSON Marion";
            case "Nouvel utilisateur":
                await Page.GotoAsync("/utilisateurs/nouveau");
                await WaitForCircuitAsync();
                await Expect(Page.GetByLabel("Nom *", new() { Exact = true })).ToBeVisibleAsync();
                return screen;
            case "Journal":
                await Page.GotoAsync("/journal");
                await WaitForCircuitAsync();
                await Expect(Page.GetByRole(AriaRole.Row).Nth(1)).ToBeVisibleAsync();
                return screen;
            case "Paramètres":
                await Page.GotoAsync("/parametres");
                await WaitForCircuitAsync();
                await Expect(Page.GetByTestId("notice-settings")).ToBeVisibleAsync();
                return screen;
            case "Départs et suppressions":
                await new DashboardPage(Page).Tile("Départs et suppressions").ClickAsync();
                await WaitForCircuitAsync();
                await Expect(Page.GetByLabel("Élèves, jours parti")).ToHaveValueAsync("30");
                return screen;
            case "Page introuvable":
                await Page.GotoAsync("/nulle-part");
                await WaitForCircuitAsync();
                return screen;
            case "Annuaire":
                await Page.GotoAsync("/annuaire");
                await WaitForCircuitAsync();
                await Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToBeVisibleAsync();
                return screen;
            case "Fiches des nouveaux mots de passe" or "Cartes de connexion":
                // Mme CHEVALIER's pupils: no other screen here signs one in or shows their class.
                await Page.GotoAsync("/utilisateurs?classe=Mme%20CHEVALIER&profil=Eleve");
                await WaitForCircuitAsync();
                await Page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Tout sélectionner \\(") }).ClickAsync();
                var cards = screen == "Cartes de connexion";
                await Page.GetByRole(AriaRole.Button, new() { Name = cards ? "Imprimer les cartes de connexion" : "Réinitialiser les mots de passe", Exact = true }).ClickAsync();
                await Page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { NameRegex = cards ? new Regex(@"^Imprimer \d+ cartes$") : new Regex(@"^Réinitialiser \d+ mots de passe$") }).ClickAsync();
                await Expect(new CredentialSheetsPage(Page).Slips.First).ToBeVisibleAsync();
                return screen;
        }

        var import = new ImportPage(Page);
        await import.GotoAsync();
        await WaitForCircuitAsync();
        if (screen != "Importer")
        {
            var file = Path.Combine(Path.GetTempPath(), $"ecran-{Guid.NewGuid().ToString("N")[..8]}.csv");
            // A new pupil each time: the screens share one school, and a pupil imported once is not new the next time.
            var nom = "NOUVEAU" + string.Concat(Guid.NewGuid().ToString("N").Take(6).Select(c => (char)('A' + c % 26)));
            await File.WriteAllTextAsync(file, ImportTemplate.Header + $"\n{nom};Noé;;;;;;Mme PAQUAY;CE1;;\nREFUS;Zoé;;;;;pas-une-adresse;Mme PAQUAY;CE1;;\n");
            if (screen == "Importer : rentrée")
            {
                // Every decision the rentrée asks for on one screen: a near match, a new class, the brake, the backup.
                await File.WriteAllTextAsync(file, await RentreeListAsync(nom), System.Text.Encoding.Latin1);
                await import.Option("Rentrée : ce fichier est la liste complète des élèves pour la nouvelle année").CheckAsync();
            }

            await import.UploadAsync(file);
            await Expect(import.Count("create")).ToHaveTextAsync("1");
            if (screen == "Importer : rentrée")
            {
                await Expect(Page.GetByTestId("proposal")).ToHaveCountAsync(1);
                await Expect(Page.GetByTestId("brake")).ToBeVisibleAsync();
                await Expect(Page.GetByTestId("new-groups")).ToBeVisibleAsync();
            }
            if (screen == "Importer : résultat et fiches")
            {
                await import.ApplyAsync();
                await import.ShowSlipsAsync();
                await Expect(import.PrintButton).ToBeVisibleAsync();
            }

            File.Delete(file);
        }

        return "Importer la liste des élèves";
    }

    /// <summary>An ONDE list naming a pupil a letter off (a near match) and a new pupil in a new class: the rest would leave.</summary>
    private async Task<string> RentreeListAsync(string newNom)
    {
        await using var db = App.CreateDbContext();
        var pupil = await db.Users.AsNoTracking().Where(u => u.Login != "bm" && u.Profil == Mediatheque.Core.Users.Profil.Eleve && u.BirthDate != null && u.IsActive && u.LeftAt == null)
            .OrderBy(u => u.Id).FirstAsync();
        return "Nom Elève;Nom d'usage Elève;Prénom Elève;Date naissance;Cycle;Niveau;Libellé classe;INE\r\n"
            + $"{pupil.Nom}X;;{pupil.Prenom};{pupil.BirthDate:dd/MM/yyyy};Cycle 2;CE2;Mme ROUSSEAU;\r\n"
            + $"{newNom};;Noé;01/09/2020;Cycle 2;CP;Mme ARNAUD;\r\n";
    }
}
