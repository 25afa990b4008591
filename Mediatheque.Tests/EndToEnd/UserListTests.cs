using Mediatheque.Tests.EndToEnd.Pages;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Mediatheque.Tests.EndToEnd;

/// <summary>F051 step 4 in a real browser: the teacher finds the pupil in a few keystrokes.</summary>
public sealed class UserListTests(BrowserFixture browser, AppServer app) : EndToEndTest(browser, app), IClassFixture<AppServer>
{
    [Fact]
    public async Task Teacher_finds_besson_from_the_dashboard_tile_and_the_view_survives_a_reload()
    {
        await SignInAsync("paquay", "paquay-demo-2026");
        await WaitForCircuitAsync();
        await new DashboardPage(Page).Tile("Utilisateurs").ClickAsync();
        var users = new UsersPage(Page);
        await Expect(users.Heading).ToBeVisibleAsync();
        await WaitForCircuitAsync();

        await users.SearchAsync("besson");

        await Expect(users.Rows).ToHaveCountAsync(1);
        // The first cell holds the row's selection checkbox.
        var cells = users.Rows.First.GetByRole(AriaRole.Cell);
        await Expect(cells.Nth(1)).ToHaveTextAsync("BESSON");
        await Expect(cells.Nth(2)).ToHaveTextAsync("Marion");
        await Expect(cells.Nth(3)).ToHaveTextAsync("Mme PAQUAY");
        await Expect(cells.Nth(4)).ToHaveTextAsync("bm");
        await Expect(cells.Nth(7)).ToHaveTextAsync("CE1, Foot");
        await Expect(users.Count).ToHaveTextAsync("1 utilisateur");
        await Expect(Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/utilisateurs\\?q=besson$"));

        await Page.ReloadAsync();
        await WaitForCircuitAsync();

        await Expect(users.Search).ToHaveValueAsync("besson");
        await Expect(users.Rows).ToHaveCountAsync(1);
        await Expect(users.Row("BESSON")).ToBeVisibleAsync();
        await Expect(users.Count).ToHaveTextAsync("1 utilisateur");
    }

    [Fact]
    public async Task Typing_besson_letter_by_letter_hands_the_server_one_search_and_effacer_brings_everyone_back()
    {
        // Browser events the page hands its circuit (keystrokes, changes, clicks): each one is a message the server handles.
        var events = new List<string>();
        Page.WebSocket += (_, socket) => socket.FrameSent += (_, frame) =>
        {
            var text = frame.Text ?? System.Text.Encoding.UTF8.GetString(frame.Binary ?? []);
            if (text.Contains("DispatchEventAsync", StringComparison.Ordinal))
            {
                lock (events)
                {
                    events.Add(text);
                }
            }
        };
        await SignInAsync("admin", "admin-demo-2026");
        var users = new UsersPage(Page);
        await users.GotoAsync();
        await WaitForCircuitAsync();
        await Expect(users.Search).ToBeFocusedAsync();
        var everyone = await users.Count.TextContentAsync();
        // Every write of the field's text by the page's scripts (Blazor rendering a value): a render of a stale value
        // overwrites what is typed meanwhile, and the letters typed after a pause are lost.
        await users.Search.EvaluateAsync("""
            input => {
              const value = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value');
              window.searchWrites = [];
              Object.defineProperty(input, 'value', {
                get() { return value.get.call(this); },
                set(text) { window.searchWrites.push(text); value.set.call(this, text); },
              });
            }
            """);
        lock (events)
        {
            events.Clear();
        }

        await Page.Keyboard.TypeAsync("besson");

        await Expect(users.Rows).ToHaveCountAsync(1);
        await Expect(users.Row("BESSON")).ToBeVisibleAsync();
        await Expect(Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/utilisateurs\\?q=besson$"));
        lock (events)
        {
            // One message for six keystrokes: the browser waited for typing to pause (a debounce on the server
            // would still have received every keystroke).
            Assert.Contains("\"value\":\"besson\"", Assert.Single(events));
        }

        Assert.Empty(await Page.EvaluateAsync<string[]>("() => window.searchWrites"));

        await Page.GetByRole(AriaRole.Button, new() { Name = "Effacer", Exact = true }).ClickAsync();

        await Expect(users.Search).ToHaveValueAsync(string.Empty);
        await Expect(users.Count).ToHaveTextAsync(everyone!);
        await Expect(users.Search).ToBeFocusedAsync();
    }

    [Fact]
    public async Task An_accented_pupil_is_found_typed_without_accents()
    {
        var (nom, prenom) = AccentedPupilOfPaquay();
        await SignInAsync("paquay", "paquay-demo-2026");
        var users = new UsersPage(Page);
        await users.GotoAsync();
        await WaitForCircuitAsync();

        await users.SearchAsync(Mediatheque.Core.Text.TextFolding.Fold(prenom + " " + nom));

        await Expect(users.Row(prenom).First).ToBeVisibleAsync();
        await Expect(users.Row(nom).First).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_teacher_does_not_see_the_pupils_of_another_class()
    {
        await SignInAsync("paquay", "paquay-demo-2026");
        var users = new UsersPage(Page);
        await users.GotoAsync();
        await WaitForCircuitAsync();

        await Expect(users.Row("Mme PAQUAY").First).ToBeVisibleAsync();
        await Expect(users.Rows.Filter(new() { HasNotText = "Mme PAQUAY" })).ToHaveCountAsync(0);

        await users.SearchAsync(PupilOf("M. DURAND"));

        await Expect(users.Count).ToHaveTextAsync("Aucun utilisateur");
    }

    [Fact]
    public async Task A_pupil_opening_the_list_is_refused()
    {
        await SignInAsync("bm", "marion2026");
        var users = new UsersPage(Page);

        await users.GotoAsync();

        await Expect(users.Heading).ToHaveCountAsync(0);
        await Expect(Page.GetByText("contactez", new() { Exact = false }).First).ToBeVisibleAsync();
        await Expect(Page.GetByRole(AriaRole.Cell, new() { Name = "BESSON" })).ToHaveCountAsync(0);
    }

    /// <summary>Mme Paquay's list searched for « besson » (one row) on a screen of that size.</summary>
    private async Task<UsersPage> BessonOnAScreenAsync(int width, int height)
    {
        await Page.SetViewportSizeAsync(width, height);
        await SignInAsync("paquay", "paquay-demo-2026");
        await Page.GotoAsync("/utilisateurs?q=besson");
        await WaitForCircuitAsync();
        var users = new UsersPage(Page);
        await Expect(users.Rows).ToHaveCountAsync(1);
        return users;
    }

    private string PupilOf(string className)
    {
        using var db = App.CreateDbContext();
        return db.Memberships.Where(m => m.Group.Name == className && m.User.Profil == Mediatheque.Core.Users.Profil.Eleve)
            .OrderBy(m => m.UserId).Select(m => m.User.NationalId!).First();
    }

    /// <summary>A pupil of Mme PAQUAY's class whose first name carries an accent (the demo school has several).</summary>
    private (string Nom, string Prenom) AccentedPupilOfPaquay()
    {
        using var db = App.CreateDbContext();
        return db.Memberships
            .Where(m => m.Group.Name == "Mme PAQUAY" && m.User.Profil == Mediatheque.Core.Users.Profil.Eleve && m.User.IsActive)
            .Select(m => new { m.User.Nom, m.User.Prenom, m.User.Id })
            .AsEnumerable()
            .Where(u => u.Prenom != Mediatheque.Core.Text.TextFolding.Fold(u.Prenom) && u.Prenom.Any(c => c > 127))
            .OrderBy(u => u.Id)
            .Select(u => (u.Nom, u.Prenom))
            .First();
    }

    [Fact]
    public async Task On_a_phone_a_row_shows_nom_prenom_classe_and_the_actions_first()
    {
        var users = await BessonOnAScreenAsync(390, 844);

        // The labels of the row's cells as they stand on the screen, top to bottom (the checkbox's cell has none).
        var labels = await users.Rows.First.EvaluateAsync<string[]>("""
            row => [...row.querySelectorAll('td')]
                .map(td => ({ label: td.dataset.label || '', top: td.getBoundingClientRect().top }))
                .filter(c => c.label !== '')
                .sort((a, b) => a.top - b.top)
                .map(c => c.label)
            """);
        Assert.Equal(["Nom", "Prénom", "Classe", "Actions"], labels.Take(4));
        Assert.Contains("Identifiant", labels.Skip(4));
        await Expect(users.Rows.First.GetByRole(AriaRole.Cell, new() { Name = "Mme PAQUAY" })).ToBeVisibleAsync();
        Assert.True(await Page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"));
    }

    [Fact]
    public async Task On_a_desktop_screen_a_user_is_one_line_under_the_column_headers()
    {
        var users = await BessonOnAScreenAsync(1280, 900);

        // Every cell of the row on the same line, left to right in the headers' order, each under its header.
        var cells = await users.Rows.First.EvaluateAsync<double[][]>("""
            row => [...row.querySelectorAll('td')].map(td => { const r = td.getBoundingClientRect(); return [r.top, r.left]; })
            """);
        var headers = await Page.Locator("thead th").EvaluateAllAsync<double[]>("ths => ths.map(th => th.getBoundingClientRect().left)");
        Assert.Single(cells.Select(c => c[0]).Distinct());
        Assert.Equal(headers, cells.Select(c => c[1]));
        await Expect(Page.GetByRole(AriaRole.Columnheader, new() { Name = "Identifiant" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Back_from_a_pupils_page_returns_to_the_filtered_list()
    {
        await SignInAsync("paquay", "paquay-demo-2026");
        var users = new UsersPage(Page);
        await users.GotoAsync();
        await WaitForCircuitAsync();
        await users.SearchAsync("besson");
        await Expect(users.Count).ToHaveTextAsync("1 utilisateur");

        await users.Row("BESSON").ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Détail de l’utilisateur BESSON Marion" })).ToBeVisibleAsync();
        await Page.GoBackAsync();

        await Expect(users.Search).ToHaveValueAsync("besson");
        await Expect(users.Rows).ToHaveCountAsync(1);
        await Expect(users.Count).ToHaveTextAsync("1 utilisateur");

        await Page.GoForwardAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Détail de l’utilisateur BESSON Marion" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task The_administrator_filters_by_a_class_picked_from_the_list_of_classes()
    {
        await SignInAsync("admin", "admin-demo-2026");
        var users = new UsersPage(Page);
        await users.GotoAsync();
        await WaitForCircuitAsync();

        await users.FilterAsync("Classe", "M. DURAND");

        await Expect(Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("classe=M\\.(%20|\\+)DURAND"));
        await Expect(users.Row("M. DURAND").First).ToBeVisibleAsync();
        await Expect(users.Rows.Filter(new() { HasNotText = "M. DURAND" })).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task A_rows_reset_icon_says_what_it_does_on_hover_in_the_schools_colours()
    {
        await SignInAsync("admin", "admin-demo-2026");
        var users = new UsersPage(Page);
        await users.GotoAsync();
        await WaitForCircuitAsync();
        await users.SearchAsync("besson");
        await Expect(users.Count).ToHaveTextAsync("1 utilisateur");

        var icon = users.ResetButton("BESSON Marion");
        await icon.HoverAsync();

        Assert.Equal("\"Réinitialiser le mot de passe\"", await icon.EvaluateAsync<string>("b => getComputedStyle(b, '::after').content"));
        // The theme's CSS is written by the page itself, outside the circuit: the list still wears the school's blue.
        Assert.Equal("rgba(31,92,153,1)", (await Page.EvaluateAsync<string>(
            "() => getComputedStyle(document.documentElement).getPropertyValue('--mud-palette-primary')")).Trim());
    }
}
