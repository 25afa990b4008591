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
        // The page waits 250 ms after a keystroke; a loaded machine can stall this driver's next keystroke longer than
        // that, which the page rightly takes for a pause. A longer wait for this page only keeps the question to what
        // the page does with six quick keystrokes, whatever the machine's load (search.js reads it at each keystroke).
        await users.Search.EvaluateAsync("input => input.dataset.debounce = '3000'");
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
            // One search for six keystrokes: the browser waited for typing to pause (a debounce on the server would
            // have received an « input » per keystroke). The rest is MudTextField's keydown and keyup, which search nothing.
            var changes = events.Where(e => e.Contains("\"eventName\":\"change\"", StringComparison.Ordinal)).ToList();
            Assert.Contains("\"value\":\"besson\"", Assert.Single(changes));
            Assert.All(events.Except(changes), e => Assert.Matches("\"eventName\":\"key(down|up)\"", e));
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
    public async Task On_a_phone_the_filters_fold_under_one_button_the_search_stays_and_bessons_row_is_on_the_first_screen()
    {
        await Page.SetViewportSizeAsync(390, 844);
        await SignInAsync("paquay", "paquay-demo-2026");
        await Page.GotoAsync("/utilisateurs?q=besson&option=Foot");
        await WaitForCircuitAsync();
        var users = new UsersPage(Page);
        await Expect(users.Rows).ToHaveCountAsync(1);

        await Expect(users.Search).ToBeInViewportAsync();
        await Expect(users.FiltersButton).ToHaveTextAsync("Filtres (1)");
        await Expect(users.Chips).ToHaveTextAsync(["Option : Foot"]);
        await Expect(Page.GetByRole(AriaRole.Combobox, new() { Name = "Classe" })).ToHaveCountAsync(0);
        // The first screen, unscrolled, holds BESSON's name, class and reset button (the row's first cells on a phone).
        Assert.Equal(0, await Page.EvaluateAsync<double>("window.scrollY"));
        foreach (var part in new[] { users.Row("BESSON").GetByRole(AriaRole.Link, new() { Name = "BESSON" }), users.Row("BESSON").GetByRole(AriaRole.Cell, new() { Name = "Mme PAQUAY" }), users.ResetButton("BESSON Marion") })
        {
            var box = await part.BoundingBoxAsync();
            Assert.True(box is { Y: >= 0 } && box.Y + box.Height <= 844, $"{part} at {box?.Y} px of 844");
        }
    }

    [Fact]
    public async Task At_390_px_the_app_bar_shows_the_whole_school_name_and_se_deconnecter_on_one_line()
    {
        await Page.SetViewportSizeAsync(390, 844);
        await SignInAsync("paquay", "paquay-demo-2026");
        await new UsersPage(Page).GotoAsync();
        await WaitForCircuitAsync();
        var bar = Page.GetByRole(AriaRole.Banner);

        var school = bar.GetByTestId("school-name");
        await Expect(school).ToHaveTextAsync("École élémentaire Jules-Ferry");
        // Nothing of the name hidden (no « École élé… »), inside the screen, no word cut across two lines.
        Assert.True(await school.EvaluateAsync<bool>("""
            e => {
              const r = e.getBoundingClientRect();
              return e.scrollWidth <= e.clientWidth && r.left >= 0 && r.right <= window.innerWidth;
            }
            """));
        Assert.Equal(1, await LinesAsync(school));
        var logout = bar.GetByRole(AriaRole.Button, new() { Name = "Se déconnecter" });
        await Expect(logout).ToBeInViewportAsync(new() { Ratio = 1 });
        Assert.Equal(1, await LinesAsync(logout));
    }

    /// <summary>How many lines an element's text takes on the screen (its words, not its icons).</summary>
    private static Task<int> LinesAsync(ILocator element) => element.EvaluateAsync<int>("""
        e => {
          const tops = new Set();
          const walker = document.createTreeWalker(e, NodeFilter.SHOW_TEXT);
          for (let text = walker.nextNode(); text; text = walker.nextNode()) {
            const range = document.createRange();
            range.selectNodeContents(text);
            [...range.getClientRects()].filter(r => r.width > 0).forEach(r => tops.add(Math.round(r.top)));
          }
          return tops.size;
        }
        """);

    [Fact]
    public async Task Select_all_ticks_every_box_and_unticking_bonnet_leo_unticks_his_box_and_counts_one_less()
    {
        // Issue 25, as a new school tried it: every box must say what a bulk reset would apply to.
        await SignInAsync("paquay", "paquay-demo-2026");
        var users = new UsersPage(Page);
        await users.GotoAsync();
        await WaitForCircuitAsync();
        await Expect(users.Box("BONNET Léo")).ToBeVisibleAsync();
        var selectAll = Page.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Tout sélectionner \\((\\d+) utilisateurs\\)$") });
        var total = int.Parse(System.Text.RegularExpressions.Regex.Match((await selectAll.TextContentAsync())!, "\\d+").Value);
        Assert.Equal(total, await users.RowBoxes.CountAsync()); // the whole class on one page

        await selectAll.ClickAsync();

        await Expect(users.SelectionCount).ToHaveTextAsync($"{total} utilisateurs sélectionnés");
        await Expect(users.PageBox).ToBeCheckedAsync();
        await ExpectTickedAsync(users.RowBoxes, total);

        await users.Box("BONNET Léo").UncheckAsync();

        await Expect(users.SelectionCount).ToHaveTextAsync($"{total - 1} utilisateurs sélectionnés");
        await Expect(users.Box("BONNET Léo")).Not.ToBeCheckedAsync();
        await Expect(users.PageBox).Not.ToBeCheckedAsync();
        await ExpectTickedAsync(users.Rows.Filter(new() { HasNot = users.Box("BONNET Léo") }).GetByRole(AriaRole.Checkbox), total - 1);

        await Page.GetByRole(AriaRole.Button, new() { Name = "Tout désélectionner" }).ClickAsync();

        await Expect(users.SelectionCount).ToHaveTextAsync("Aucun utilisateur sélectionné");
        await Expect(users.PageBox).Not.ToBeCheckedAsync();
        for (var i = 0; i < total; i++)
        {
            await Expect(users.RowBoxes.Nth(i)).Not.ToBeCheckedAsync();
        }
    }

    [Fact]
    public async Task Select_all_holds_on_every_page_and_a_box_unticked_on_another_page_stays_unticked()
    {
        await SignInAsync("admin", "admin-demo-2026");
        var users = new UsersPage(Page);
        await users.GotoAsync();
        await WaitForCircuitAsync();
        await Expect(users.RowBoxes).ToHaveCountAsync(25);
        var selectAll = Page.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Tout sélectionner") });
        var total = int.Parse(System.Text.RegularExpressions.Regex.Match((await selectAll.TextContentAsync())!, "\\d+").Value);
        Assert.InRange(total, 51, 999); // the demo school: more than two pages, no thousands separator

        await selectAll.ClickAsync();
        await Expect(users.SelectionCount).ToHaveTextAsync($"{total} utilisateurs sélectionnés");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Page suivante" }).ClickAsync();
        await Expect(Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("page=2"));
        await ExpectTickedAsync(users.RowBoxes, 25);
        var secondPageFirst = (await users.RowBoxes.First.GetAttributeAsync("aria-label"))!;

        await users.RowBoxes.First.UncheckAsync();

        await Expect(users.SelectionCount).ToHaveTextAsync($"{total - 1} utilisateurs sélectionnés");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Page précédente" }).ClickAsync();
        await Expect(Page).Not.ToHaveURLAsync(new System.Text.RegularExpressions.Regex("page=2"));
        await ExpectTickedAsync(users.RowBoxes, 25);
        await Expect(users.PageBox).ToBeCheckedAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Page suivante" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Checkbox, new() { Name = secondPageFirst, Exact = true })).Not.ToBeCheckedAsync();
        await Expect(users.PageBox).Not.ToBeCheckedAsync();
    }

    /// <summary>Each of these boxes is ticked in the browser (its real state, not the markup's attribute), and there are that many.</summary>
    private static async Task ExpectTickedAsync(ILocator boxes, int count)
    {
        await Expect(boxes).ToHaveCountAsync(count);
        for (var i = 0; i < count; i++)
        {
            await Expect(boxes.Nth(i)).ToBeCheckedAsync();
        }
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
