using System.Text.RegularExpressions;
using Mediatheque.Blazor.Deployment;
using Mediatheque.Core.Audit;
using Mediatheque.Core.Groups;
using Mediatheque.Core.PictureSignIn;
using Mediatheque.Core.Users;
using Mediatheque.Tests.EndToEnd.Pages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Mediatheque.Tests.EndToEnd;

/// <summary>
/// Issue 24 in Chromium: Mme PAQUAY turns picture sign-in on for her CE1, prints the poster and the cards (read back
/// from the PDF, the QR code decoded by zbarimg), and a pupil signs in on a tablet with the three pictures read from
/// their card; wrong sequences lock, she unlocks. A phone with a keyboard, and a browser without script, sign in too.
/// </summary>
public sealed partial class PictureSignInPageTests(BrowserFixture browser, AppServer app) : EndToEndTest(browser, app), IClassFixture<AppServer>
{
    private const string School = "École élémentaire Jules-Ferry";

    /// <summary>Nothing of the app around the poster and the cards may reach paper.</summary>
    private static readonly string[] Chrome =
    [
        "Se déconnecter", "Imprimer", "Retour", "ne sont enregistrées nulle part", "8 par page", "Connexion par images : Mme PAQUAY",
    ];

    [Fact]
    public async Task Paquay_turns_it_on_prints_poster_and_cards_and_a_pupil_signs_in_on_a_tablet_with_the_pictures_of_their_card()
    {
        await SignInAsync("paquay", "paquay-demo-2026");
        // Her dashboard leads there.
        await Expect(new DashboardPage(Page).Tile("Connexion par images")).ToHaveAttributeAsync("href", "connexion-par-images");
        await Page.GotoAsync("/connexion-par-images");
        await WaitForCircuitAsync();
        // Her classes only.
        await Expect(Page.GetByTestId("picture-class")).ToHaveCountAsync(1);
        var card = Page.GetByTestId("picture-class").Filter(new() { HasText = "Mme PAQUAY" });
        await Expect(card.GetByTestId("picture-class-state")).ToContainTextAsync("Désactivée");
        await card.GetByRole(AriaRole.Button, new() { Name = "Activer la connexion par images" }).ClickAsync();
        await Page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Activer", Exact = true }).ClickAsync();

        await Expect(Page).ToHaveURLAsync(new Regex("/connexion-par-images/imprimer$"));
        await Expect(Page.GetByTestId("memory-only")).ToContainTextAsync("ne sont enregistrées nulle part en clair");
        var sheets = new CredentialSheetsPage(Page);
        var cards = await sheets.Slips.CountAsync();
        Assert.InRange(cards, 20, 25);

        // The poster: one A4 page, the class, and a QR code of the class's address on the school's public address.
        await sheets.PrintAsync("Imprimer l’affiche");
        string address;
        using (var poster = await PrintedPdf.PrintAsync(Page))
        {
            Assert.Equal(1, await poster.PageCountAsync());
            var text = await poster.TextAsync();
            Assert.Contains("Connexion par images", text);
            Assert.Contains("Classe : Mme PAQUAY", text);
            Assert.Contains(School, text);
            Assert.DoesNotContain("Mes images de connexion", text);
            Assert.All(Chrome, chrome => Assert.DoesNotContain(chrome, text));
            address = Assert.Single(await poster.QrCodesAsync(1));
            Assert.Matches(new Regex($"^{Regex.Escape(PublicUrl)}/classe/[A-Za-z0-9_-]{{24}}$"), address);
            Assert.Contains(address, text.Replace(" ", string.Empty).Replace("\n", string.Empty));
        }

        // The cards: 8 to an A4 page, each with the pupil's first name and three pictures named in French.
        await sheets.PrintAsync("Imprimer les cartes");
        var firstPage = await Page.Locator(".sheet-page").First.GetByTestId("slip").AllAsync();
        (string? Prenom, IReadOnlyList<string> Pictures) pupil = (null, []);
        using (var pdf = await PrintedPdf.PrintAsync(Page))
        {
            Assert.Equal((cards + 7) / 8, await pdf.PageCountAsync());
            var text = await pdf.TextAsync(1);
            Assert.Equal(Math.Min(8, cards), Occurrences(text, School));
            Assert.Equal(Math.Min(8, cards), Occurrences(text, "Classe : Mme PAQUAY"));
            Assert.Empty(await pdf.QrCodesAsync(1));
            var all = await pdf.TextAsync();
            Assert.All(Chrome.Append("Connexion par images"), chrome => Assert.DoesNotContain(chrome, all));

            // A card cut out of the first page, read alone: a pupil whose first name no classmate shares.
            var names = await Page.Locator(".credential-slip-name").AllTextContentsAsync();
            for (var i = 0; i < firstPage.Count && pupil.Prenom is null; i++)
            {
                var prenom = (await firstPage[i].Locator(".credential-slip-name").TextContentAsync())!.Trim();
                if (names.Count(n => n.Trim() == prenom) > 1)
                {
                    continue;
                }

                var region = await pdf.TextAsync(1, 10 + 95 * (i % 2), 10 + 68 * (i / 2), 95, 68);
                Assert.Contains(prenom, region);
                Assert.Contains("Mes images", region);
                pupil = (prenom, PicturesOn(region));
            }
        }

        Assert.NotNull(pupil.Prenom);
        Assert.Equal(3, pupil.Pictures.Count);
        var prenomOnCard = pupil.Prenom!;

        // On a tablet, by touch: the address of the poster, the tile, the three pictures.
        var tablet = await Browser.NewContextAsync(Tablet);
        var tabletPage = await tablet.NewPageAsync();
        await tabletPage.GotoAsync(App.BaseUrl + new Uri(address).PathAndQuery);
        var classPage = new ClassSignInPage(tabletPage, touch: true);
        await Expect(tabletPage.GetByRole(AriaRole.Heading, new() { Name = "Mme PAQUAY" })).ToBeVisibleAsync();
        Assert.Equal(cards, await classPage.Tiles.CountAsync());
        await NoFamilyNameAsync(tabletPage, "Mme PAQUAY");
        await classPage.SignInAsync(prenomOnCard, pupil.Pictures);
        await Expect(new DashboardPage(tabletPage).Heading).ToBeVisibleAsync();
        Assert.DoesNotContain("/classe/", tabletPage.Url);
        var pupilId = await PupilIdAsync("Mme PAQUAY", prenomOnCard);
        await using (var db = App.CreateDbContext())
        {
            var line = await db.AuditEntries.Where(a => a.Action == AuditAction.SignIn && a.TargetId == pupilId).SingleAsync();
            Assert.Equal("Connexion par images, classe Mme PAQUAY", line.Details);
        }

        // Five wrong sequences: the pictures shake each time, then the fifth locks.
        await tablet.ClearCookiesAsync();
        await tabletPage.GotoAsync(App.BaseUrl + new Uri(address).PathAndQuery);
        await classPage.TapAsync(classPage.Tile(prenomOnCard));
        var wrong = new[] { pupil.Pictures[1], pupil.Pictures[0], pupil.Pictures[2] };
        for (var attempt = 1; attempt <= 4; attempt++)
        {
            await classPage.TapPicturesAsync(wrong);
            await Expect(classPage.Message).ToHaveTextAsync(FrenchText.Typeset(PictureSignInService.WrongSequenceMessage));
            await Expect(classPage.Board).ToHaveClassAsync(new Regex("picture-shake"));
        }

        await classPage.TapPicturesAsync(wrong);
        await Expect(classPage.Message).ToHaveTextAsync(FrenchText.Typeset(PictureSignInService.LockedMessage));
        await Expect(classPage.Board).ToHaveCountAsync(0);
        await tabletPage.GotoAsync(App.BaseUrl + new Uri(address).PathAndQuery);
        await classPage.SignInAsync(prenomOnCard, pupil.Pictures);
        await Expect(classPage.Message).ToHaveTextAsync(FrenchText.Typeset(PictureSignInService.LockedMessage));

        // Paquay unlocks from the pupil's page (« Déverrouiller », as for passwords), and the right pictures work again.
        var detail = new UserDetailPage(Page);
        await detail.GotoAsync(pupilId);
        await WaitForCircuitAsync();
        await Expect(Page.GetByTestId("picture-signin-state")).ToContainTextAsync("Connexion par images : séquence attribuée le");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Déverrouiller" }).ClickAsync();
        await Expect(Page.GetByTestId("save-done")).ToContainTextAsync("Le compte est déverrouillé.");
        await tabletPage.GotoAsync(App.BaseUrl + new Uri(address).PathAndQuery);
        await classPage.SignInAsync(prenomOnCard, pupil.Pictures);
        await Expect(new DashboardPage(tabletPage).Heading).ToBeVisibleAsync();

        // « Se déconnecter » on the class's tablet goes back to the class's tiles for the next child, not to « Connexion ».
        await new DashboardPage(tabletPage).SignOutAsync();
        await Expect(tabletPage.GetByRole(AriaRole.Heading, new() { Name = "Mme PAQUAY" })).ToBeVisibleAsync();
        Assert.Equal(new Uri(address).AbsolutePath, new Uri(tabletPage.Url).AbsolutePath);
        Assert.Equal(cards, await classPage.Tiles.CountAsync());
        await tablet.CloseAsync();
    }

    [Fact]
    public async Task On_a_390_px_phone_arrows_and_enter_sign_a_pupil_in_and_another_classs_address_shows_nothing_of_this_class()
    {
        var (handout, _) = await EnableAsync("M. DURAND");
        var (otherClass, _) = await EnableAsync("Mme LEFÈVRE");
        // Tiles come in first-name order, as the cards do.
        var tiles = handout.Cards.Select(c => c.Prenom).ToList();
        var pupil = handout.Cards.GroupBy(c => c.Prenom).First(g => g.Count() == 1).Single();

        var phone = await Browser.NewContextAsync(new() { Locale = "fr-FR", ViewportSize = new() { Width = 390, Height = 844 } });
        var page = await phone.NewPageAsync();
        await page.GotoAsync($"{App.BaseUrl}/classe/{handout.Code}");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "M. DURAND" })).ToBeVisibleAsync();
        await FitsAsync(page);
        await NoFamilyNameAsync(page, "M. DURAND");

        // Arrows move between the tiles (from the heading, focused once the page's script has started: the first),
        // Enter chooses. Pressed before that, the heading's focus would take the arrows' tile back.
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "M. DURAND" })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("ArrowRight");
        for (var i = 0; i < tiles.IndexOf(pupil.Prenom); i++)
        {
            await page.Keyboard.PressAsync("ArrowRight");
        }

        await Expect(page.Locator(":focus")).ToHaveTextAsync(pupil.Prenom);
        await page.Keyboard.PressAsync("Enter");
        var classPage = new ClassSignInPage(page);
        await Expect(classPage.Greeting).ToHaveTextAsync(FrenchText.Typeset($"Bonjour {pupil.Prenom} !"));
        await FitsAsync(page);

        // Three columns on a phone: down from the first picture is the fourth.
        await Expect(classPage.Greeting).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("ArrowDown");
        await Expect(page.Locator(":focus")).ToHaveAccessibleNameAsync(PictureSet.Board[0].Name);
        await page.Keyboard.PressAsync("ArrowDown");
        await Expect(page.Locator(":focus")).ToHaveAccessibleNameAsync(PictureSet.Board[3].Name);
        var at = 3;
        foreach (var picture in pupil.Sequence)
        {
            var target = PictureSet.Board.ToList().IndexOf(picture);
            for (; at < target; at++)
            {
                await page.Keyboard.PressAsync("ArrowRight");
            }

            for (; at > target; at--)
            {
                await page.Keyboard.PressAsync("ArrowLeft");
            }

            await Expect(page.Locator(":focus")).ToHaveAccessibleNameAsync(picture.Name);
            await page.Keyboard.PressAsync("Enter");
        }

        await Expect(new DashboardPage(page).Heading).ToBeVisibleAsync();

        // Another class's address: none of this class's pupils, names or ids.
        await phone.ClearCookiesAsync();
        await page.GotoAsync($"{App.BaseUrl}/classe/{otherClass.Code}");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Mme LEFÈVRE" })).ToBeVisibleAsync();
        var html = await page.ContentAsync();
        Assert.DoesNotContain("M. DURAND", html);
        Assert.All(handout.Cards, c => Assert.DoesNotContain($"eleve={c.UserId}\"", html));
        await phone.CloseAsync();
    }

    [Fact]
    public async Task Without_script_each_touch_posts_and_every_wrong_or_revoked_address_gets_the_same_answer()
    {
        var (handout, classId) = await EnableAsync("M. GIRAUD");
        var pupil = handout.Cards.GroupBy(c => c.Prenom).First(g => g.Count() == 1).Single();
        var context = await Browser.NewContextAsync(new() { Locale = "fr-FR", JavaScriptEnabled = false });
        var page = await context.NewPageAsync();
        var classPage = new ClassSignInPage(page);
        await page.GotoAsync($"{App.BaseUrl}/classe/{handout.Code}");
        await classPage.Tile(pupil.Prenom).ClickAsync();
        for (var i = 0; i < 2; i++)
        {
            await classPage.Picture(pupil.Sequence[i].Name).ClickAsync();
            await Expect(page.Locator(".picture-dot-on")).ToHaveCountAsync(i + 1);
            await Expect(page.Locator(".picture-progress-text")).ToContainTextAsync($"{i + 1} image");
        }

        await classPage.Picture(pupil.Sequence[2].Name).ClickAsync();
        await Expect(new DashboardPage(page).Heading).ToBeVisibleAsync();

        // A new poster: the old address, a made-up one and a malformed one all say the same, and nothing else.
        var renewed = await Setup.NewAddressAsync(await App.IdOfAsync("admin"), classId);
        var answers = new List<string>();
        foreach (var code in new[] { handout.Code!, renewed.Code![..^1] + (renewed.Code[^1] == 'A' ? 'B' : 'A'), "pas-une-adresse" })
        {
            await page.GotoAsync($"{App.BaseUrl}/classe/{code}");
            await Expect(classPage.Refusal).ToHaveTextAsync("Cette adresse de classe n'est plus valable.");
            answers.Add(await page.Locator("main").InnerTextAsync());
        }

        Assert.Single(answers.Distinct());
        Assert.DoesNotContain("GIRAUD", answers[0]);
        await page.GotoAsync($"{App.BaseUrl}/classe/{renewed.Code}");
        await Expect(classPage.Tile(pupil.Prenom)).ToBeVisibleAsync();
        await context.CloseAsync();
    }

    /// <summary>
    /// A slow tablet: the child touches a picture before js/pictures.js has loaded, so that touch posts on its own and
    /// the page comes back with one picture of three; the script then loads and must go on from there (it started
    /// again from none, so the child's next two touches were one short and the page never signed in).
    /// </summary>
    [Fact]
    public async Task A_touch_made_before_the_script_loaded_counts_once_it_has_loaded()
    {
        var (handout, _) = await EnableAsync("Mme NGUYEN");
        var pupil = handout.Cards.GroupBy(c => c.Prenom).First(g => g.Count() == 1).Single();
        var context = await Browser.NewContextAsync(Tablet);
        var page = await context.NewPageAsync();
        var classPage = new ClassSignInPage(page, touch: true);
        await page.RouteAsync("**/js/pictures*.js", route => route.AbortAsync());
        await page.GotoAsync($"{App.BaseUrl}/classe/{handout.Code}");
        await classPage.TapAsync(classPage.Tile(pupil.Prenom));
        await classPage.TapAsync(classPage.Picture(pupil.Sequence[0].Name));
        await Expect(page.Locator(".picture-progress-text")).ToContainTextAsync("1 image touchée sur 3");

        // The script arrives late on the page that came back.
        await page.UnrouteAllAsync();
        await page.WaitForLoadStateAsync(LoadState.DOMContentLoaded);
        var script = await page.EvaluateAsync<string>("() => [...document.scripts].map(s => s.src).find(s => s.includes('/js/pictures'))");
        await page.AddScriptTagAsync(new() { Url = script });
        await classPage.TapPicturesAsync([pupil.Sequence[1].Name, pupil.Sequence[2].Name]);
        await Expect(new DashboardPage(page).Heading).ToBeVisibleAsync();
        await context.CloseAsync();
    }

    private static BrowserNewContextOptions Tablet => new()
    {
        Locale = "fr-FR",
        ViewportSize = new() { Width = 768, Height = 1024 },
        HasTouch = true,
        IsMobile = true,
        DeviceScaleFactor = 2,
    };

    private PictureSignInSetup Setup => App.Get<PictureSignInSetup>();

    private string PublicUrl => App.Get<PublicAddress>().Root;

    private async Task<(PictureHandout Handout, int ClassId)> EnableAsync(string className)
    {
        var classId = await ClassIdAsync(className);
        var handout = await Setup.EnableAsync(await App.IdOfAsync("admin"), classId);
        Assert.True(handout.Result.Succeeded, handout.Result.Message);
        return (handout, classId);
    }

    private async Task<int> ClassIdAsync(string className)
    {
        await using var db = App.CreateDbContext();
        return await db.Groups.Where(g => g.Name == className && g.Type == GroupType.Classe).Select(g => g.Id).SingleAsync();
    }

    private async Task<int> PupilIdAsync(string className, string prenom)
    {
        await using var db = App.CreateDbContext();
        return await db.Users.Where(u => u.Prenom == prenom && u.IsActive && u.Profil == Profil.Eleve && u.Memberships.Any(m => m.Group.Name == className))
            .Select(u => u.Id).SingleAsync();
    }

    /// <summary>The class page names pupils by first name only: no family name of the class's pupils anywhere in it.</summary>
    private async Task NoFamilyNameAsync(IPage page, string className)
    {
        await using var db = App.CreateDbContext();
        var familyNames = await db.Users.Where(u => u.Profil == Profil.Eleve && u.Memberships.Any(m => m.Group.Name == className))
            .Select(u => u.Nom).Distinct().ToListAsync();
        var html = await page.ContentAsync();
        Assert.All(familyNames, nom => Assert.DoesNotContain(nom, html));
    }

    /// <summary>Nothing scrolls sideways at this width.</summary>
    private static async Task FitsAsync(IPage page)
    {
        var widths = await page.EvaluateAsync<int[]>("[document.documentElement.scrollWidth, window.innerWidth]");
        Assert.True(widths[0] <= widths[1], $"{widths[0]} px wide on a {widths[1]} px screen");
    }

    /// <summary>The board's pictures printed on a card, in the order they read left to right.</summary>
    private static IReadOnlyList<string> PicturesOn(string card)
    {
        var line = card.Split('\n').Single(l => BoardWords(l).Count == 3);
        return BoardWords(line);
    }

    private static List<string> BoardWords(string line) =>
        Word().Matches(line).Select(m => m.Value).Where(w => PictureSet.Board.Any(p => p.Name == w)).ToList();

    private static int Occurrences(string text, string what) => Regex.Matches(text, Regex.Escape(what)).Count;

    [GeneratedRegex(@"[\p{L}']+")]
    private static partial Regex Word();
}
