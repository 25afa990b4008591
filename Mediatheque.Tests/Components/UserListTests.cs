using Bunit;
using Mediatheque.Blazor.Components.Users;
using Mediatheque.Core.Groups;
using Mediatheque.Core.Users;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace Mediatheque.Tests.Components;

public sealed class UserListTests : MudComponentTest
{
    // The search box waits 250 ms for typing to pause; a loaded machine needs more than bUnit's default second.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private static readonly (GroupType, string) Paquay = (GroupType.Classe, "Mme PAQUAY");
    private static readonly (GroupType, string) Durand = (GroupType.Classe, "M. DURAND");

    private async Task<User> SchoolAsync()
    {
        var admin = await Database.AddUserAsync("LEBRUN", "Claire", Profil.Administrateur, "admin");
        await Database.AddUserAsync("BESSON", "Marion", login: "bm", groups: [Paquay, (GroupType.Niveau, "CE1"), (GroupType.Option, "Foot")]);
        await Database.AddUserAsync("LEFÈVRE", "Éloïse", login: "le", groups: [Paquay]);
        await Database.AddUserAsync("CARON", "Hugo", login: "ch", groups: [Durand]);
        await Database.AddUserAsync("PARTI", "Léo", login: "pl", active: false, groups: [Durand]);
        return admin;
    }

    private IRenderedComponent<UserList> RenderList(User actor, string url = "/utilisateurs")
    {
        SignInAs(actor);
        RenderProviders();
        Services.GetRequiredService<NavigationManager>().NavigateTo(url);
        return Render<UserList>();
    }

    private static string[] Logins(IRenderedComponent<UserList> list) =>
        [.. list.FindAll("tbody tr td[data-label=Identifiant]").Select(td => td.TextContent.Trim())];

    private static string Count(IRenderedComponent<UserList> list) =>
        list.Find("[data-testid=user-count]").TextContent.Replace('\u202F', ' ').Replace('\u00A0', ' ').Trim();

    private string Address() => Services.GetRequiredService<NavigationManager>().Uri;

    /// <summary>The « Filtres » button: « Filtres (2) » with two filters in force.</summary>
    private static AngleSharp.Dom.IElement FiltersButton(IRenderedComponent<UserList> list) =>
        list.FindAll("button[aria-controls=user-filters]").Single();

    private static void OpenFilters(IRenderedComponent<UserList> list)
    {
        if (FiltersButton(list).GetAttribute("aria-expanded") != "true")
        {
            FiltersButton(list).Click();
        }
    }

    /// <summary>The field a &lt;label&gt; with this text names (MudSelect's, MudAutocomplete's, MudSwitch's input).</summary>
    private static AngleSharp.Dom.IElement Field(IRenderedComponent<UserList> list, string label)
    {
        var named = list.FindAll("label").Single(l => l.TextContent.Trim() == label);
        return named.GetAttribute("for") is { } id ? list.Find($"[id='{id}']") : named.QuerySelector("input")!;
    }

    /// <summary>The filters' lists rendered, by label.</summary>
    private static string[] FilterLists(IRenderedComponent<UserList> list) =>
        [.. list.FindAll("label").Select(l => l.TextContent.Trim()).Where(l => l is "Profil" or "Classe" or "Niveau" or "Groupes" or "Options")];

    /// <summary>The chips of the filters in force, as they read.</summary>
    private static string[] Chips(IRenderedComponent<UserList> list) =>
        [.. list.FindAll("[aria-label='Filtres actifs'] [role=listitem]").Select(c => c.TextContent.Trim())];

    /// <summary>The choices an open list offers (MudSelect's or MudAutocomplete's popover).</summary>
    private string[] Offered() => [.. Popovers.FindAll("[role=option]").Select(o => o.TextContent.Trim())];

    /// <summary>Opens a short list (MudSelect), picks a choice and returns the choices it offered.</summary>
    private async Task<string[]> PickAsync(IRenderedComponent<UserList> list, string label, string choice)
    {
        OpenFilters(list);
        await Field(list, label).MouseDownAsync(new());
        Popovers.WaitForAssertion(() => Assert.Contains(choice, Offered()), Patience);
        var offered = Offered();
        await Popovers.FindAll("[role=option]").Single(o => o.TextContent.Trim() == choice).ClickAsync(new());
        return offered;
    }

    /// <summary>Types into a long list (MudAutocomplete) and picks what it offers.</summary>
    private async Task TypeAndPickAsync(IRenderedComponent<UserList> list, string label, string typed, string choice)
    {
        OpenFilters(list);
        await Field(list, label).InputAsync(new() { Value = typed });
        Popovers.WaitForAssertion(() => Assert.Contains(choice, Offered()), Patience);
        await Popovers.FindAll("[role=option]").Single(o => o.TextContent.Trim() == choice).ClickAsync(new());
    }

    [Fact]
    public async Task Typing_in_the_search_box_updates_the_rows_the_count_and_the_url()
    {
        var list = RenderList(await SchoolAsync());
        list.WaitForAssertion(() => Assert.Equal("4 utilisateurs", Count(list)), Patience);

        list.Find("#user-search").Change("besson");

        list.WaitForAssertion(() =>
        {
            Assert.Equal(["bm"], Logins(list));
            Assert.Equal("1 utilisateur", Count(list));
            // Typing replaces the address through AddressBar (the real address bar: EndToEnd.UserListTests).
            Assert.Contains(JSInterop.Invocations, i => i.Identifier == "replaceAddress" && Equals(i.Arguments[0], "utilisateurs?q=besson"));
        }, Patience);
        Assert.Contains(">Mme PAQUAY</td>", list.Markup);
        Assert.Contains(">CE1, Foot</td>", list.Markup);
    }

    [Fact]
    public async Task An_accent_free_search_finds_the_accented_pupil()
    {
        var list = RenderList(await SchoolAsync());
        list.WaitForAssertion(() => Assert.Equal("4 utilisateurs", Count(list)), Patience);

        list.Find("#user-search").Change("eloise");

        list.WaitForAssertion(() => Assert.Equal(["le"], Logins(list)), Patience);
    }

    [Fact]
    public async Task A_class_in_the_url_filters_the_grid()
    {
        var list = RenderList(await SchoolAsync(), "/utilisateurs?classe=M.%20DURAND");

        list.WaitForAssertion(() =>
        {
            Assert.Equal(["ch"], Logins(list));
            Assert.Equal("1 utilisateur", Count(list));
        }, Patience);
    }

    [Fact]
    public async Task The_switch_shows_only_deactivated_users()
    {
        var list = RenderList(await SchoolAsync());
        list.WaitForAssertion(() => Assert.Equal("4 utilisateurs", Count(list)), Patience);
        OpenFilters(list);
        var deactivated = Field(list, "Voir seulement les utilisateurs désactivés");

        Assert.False(deactivated.HasAttribute("checked"));

        await deactivated.ChangeAsync(new() { Value = true });

        list.WaitForAssertion(() =>
        {
            Assert.Equal(["pl"], Logins(list));
            Assert.Contains("desactives=1", Address());
            Assert.True(Field(list, "Voir seulement les utilisateurs désactivés").HasAttribute("checked"));
            Assert.Equal("true", Field(list, "Voir seulement les utilisateurs désactivés").GetAttribute("aria-checked"));
        }, Patience);
    }

    [Fact]
    public async Task The_lists_show_the_choice_from_the_url_and_filter_by_class_and_by_profile()
    {
        var list = RenderList(await SchoolAsync(), "/utilisateurs?classe=M.%20DURAND");
        list.WaitForAssertion(() => Assert.Equal(["ch"], Logins(list)), Patience);
        OpenFilters(list);
        Assert.Equal("M. DURAND", Field(list, "Classe").GetAttribute("value"));

        // Emptied, the class list offers every class, in name order; the typed text finds its class.
        await Field(list, "Classe").InputAsync(new() { Value = "" });
        Popovers.WaitForAssertion(() => Assert.Equal(["M. DURAND", "Mme PAQUAY"], Offered()), Patience);
        list.WaitForAssertion(() => Assert.Equal(["bm", "ch", "admin", "le"], Logins(list)), Patience);
        Assert.EndsWith("/utilisateurs", Address());
        // Escape closes the class list, as a keyboard user does.
        await Field(list, "Classe").KeyDownAsync(Key.Escape);
        await Field(list, "Classe").KeyUpAsync(Key.Escape);
        Popovers.WaitForAssertion(() => Assert.Empty(Offered()), Patience);

        var profiles = await PickAsync(list, "Profil", "ADMINISTRATEUR");

        list.WaitForAssertion(() => Assert.Equal(["admin"], Logins(list)), Patience);
        Assert.Contains("profil=", Address());
        Assert.Equal(["ÉLÈVE", "ENSEIGNANT", "ADMINISTRATEUR SECONDAIRE", "ADMINISTRATEUR"], profiles);

        await PickAsync(list, "Profil", "ÉLÈVE");
        await TypeAndPickAsync(list, "Classe", "paq", "Mme PAQUAY");

        list.WaitForAssertion(() => Assert.Equal(["bm", "le"], Logins(list)), Patience);
        Assert.Contains("classe=Mme%20PAQUAY", Address());
    }

    [Fact]
    public async Task The_filters_panel_is_closed_and_unrendered_until_opened_and_each_filter_in_force_is_a_chip_that_removes_it()
    {
        var list = RenderList(await SchoolAsync(), "/utilisateurs?classe=Mme%20PAQUAY&option=Foot");
        list.WaitForAssertion(() => Assert.Equal(["bm"], Logins(list)), Patience);

        // Closed: no list is rendered (every open tab keeps what is rendered), the button counts the filters in force.
        Assert.Equal("Filtres (2)", FiltersButton(list).TextContent.Trim());
        Assert.Equal("false", FiltersButton(list).GetAttribute("aria-expanded"));
        Assert.Empty(FilterLists(list));
        Assert.Empty(list.FindAll("#user-filters"));
        Assert.Equal(["Classe : Mme PAQUAY", "Option : Foot"], Chips(list));

        // Open: the lists show what is in force, and the chips give way to them.
        OpenFilters(list);
        Assert.Equal("Mme PAQUAY", Field(list, "Classe").GetAttribute("value"));
        Assert.Equal("Foot", Field(list, "Options").GetAttribute("value"));
        Assert.Empty(Chips(list));
        Assert.Equal(["Profil", "Classe", "Niveau", "Groupes", "Options"], FilterLists(list));
        FiltersButton(list).Click();
        Assert.Empty(FilterLists(list));

        // A chip's ✕ removes its filter: the rows, the address and the button follow.
        await list.FindAll("[aria-label='Filtres actifs'] [role=listitem]").Single(c => c.TextContent.Contains("Foot"))
            .QuerySelector("button[aria-label=Retirer]")!.ClickAsync(new());

        list.WaitForAssertion(() => Assert.Equal(["bm", "le"], Logins(list)), Patience);
        Assert.EndsWith("/utilisateurs?classe=Mme%20PAQUAY", Address());
        Assert.Equal(["Classe : Mme PAQUAY"], Chips(list));
        Assert.Equal("Filtres (1)", FiltersButton(list).TextContent.Trim());
    }

    [Fact]
    public async Task An_exact_identifier_shows_its_user_alone_and_a_link_to_the_approximate_matches()
    {
        var admin = await SchoolAsync();
        await Database.AddUserAsync("BMW", "Zoé", login: "bmw");
        var list = RenderList(admin);
        list.WaitForAssertion(() => Assert.Equal("5 utilisateurs", Count(list)), Patience);

        list.Find("#user-search").Change("BM");

        list.WaitForAssertion(() => Assert.Equal(["bm"], Logins(list)), Patience);
        var exact = list.Find("[data-testid=exact-identifier]");
        Assert.Contains("Identifiant exact", exact.TextContent);
        var approximate = exact.QuerySelectorAll("a").Single(a => a.TextContent.Trim() == "voir aussi les résultats approchants");
        Assert.Equal("utilisateurs?q=BM&approchants=1", approximate.GetAttribute("href"));

        Services.GetRequiredService<NavigationManager>().NavigateTo(approximate.GetAttribute("href")!);

        list.WaitForAssertion(() => Assert.Equal(["bm", "bmw"], Logins(list)), Patience);
        Assert.Empty(list.FindAll("[data-testid=exact-identifier]"));
    }

    [Fact]
    public async Task A_class_name_in_a_list_is_text_never_markup()
    {
        const string name = "<img src=x onerror=alert(1)> CM1 & CM2";
        var admin = await Database.AddUserAsync("LEBRUN", "Claire", Profil.Administrateur, "admin");
        await Database.AddUserAsync("BESSON", "Marion", login: "bm", groups: [(GroupType.Classe, name)]);

        var list = RenderList(admin, "/utilisateurs?classe=" + Uri.EscapeDataString(name));

        list.WaitForAssertion(() => Assert.Equal(["bm"], Logins(list)), Patience);
        Assert.Equal([$"Classe : {name}"], Chips(list));
        OpenFilters(list);
        Assert.Equal(name, Field(list, "Classe").GetAttribute("value"));
        await Field(list, "Classe").InputAsync(new() { Value = "cm1" });
        Popovers.WaitForAssertion(() => Assert.Equal([name], Offered()), Patience);
        Assert.Empty(list.FindAll("img"));
        Assert.Empty(Popovers.FindAll("img"));
    }

    [Fact]
    public async Task A_teacher_sees_only_the_pupils_of_their_class()
    {
        await SchoolAsync();
        var teacher = await Database.AddUserAsync("PAQUAY", "Sophie", Profil.Enseignant, "paquay", groups: [Paquay]);

        var list = RenderList(teacher);

        list.WaitForAssertion(() =>
        {
            Assert.Equal(["bm", "le"], Logins(list));
            Assert.Equal("2 utilisateurs", Count(list));
        }, Patience);
    }

    [Fact]
    public async Task No_match_says_aucun_utilisateur()
    {
        var list = RenderList(await SchoolAsync(), "/utilisateurs?q=personne");

        list.WaitForAssertion(() => Assert.Equal("Aucun utilisateur", Count(list)), Patience);
    }

    [Fact]
    public async Task A_sort_button_sorts_on_its_column_one_way_then_the_other_and_puts_it_in_the_url()
    {
        var list = RenderList(await SchoolAsync());
        list.WaitForAssertion(() => Assert.Equal(["bm", "ch", "admin", "le"], Logins(list)), Patience); // by name: BESSON, CARON, LEBRUN, LEFÈVRE

        list.Find("button[aria-label='Trier par identifiant']").Click();

        list.WaitForAssertion(() => Assert.Equal(["admin", "bm", "ch", "le"], Logins(list)), Patience);
        Assert.Equal("ascending", list.FindAll("th").Single(th => th.TextContent.Contains("Identifiant")).GetAttribute("aria-sort"));
        Assert.EndsWith("/utilisateurs?tri=identifiant", Address());

        list.Find("button[aria-label='Trier par identifiant']").Click();

        list.WaitForAssertion(() => Assert.Equal(["le", "ch", "bm", "admin"], Logins(list)), Patience);
        Assert.Equal("descending", list.FindAll("th").Single(th => th.TextContent.Contains("Identifiant")).GetAttribute("aria-sort"));
        Assert.EndsWith("/utilisateurs?tri=-identifiant", Address());
    }

    [Fact]
    public async Task The_pager_moves_page_by_page_and_a_larger_page_shows_every_row()
    {
        var admin = await Database.AddUserAsync("ADMIN", "Claire", Profil.Administrateur, "admin");
        for (var i = 1; i <= 30; i++)
        {
            await Database.AddUserAsync($"ÉLÈVE{i:00}", "Test", login: $"e{i:00}");
        }

        var list = RenderList(admin);
        string Information() => list.Find("[data-testid=page-information]").TextContent.Trim();
        list.WaitForAssertion(() => Assert.Equal("1-25 sur 31", Information()), Patience);
        Assert.Equal(25, Logins(list).Length);
        Assert.True(list.Find("button[aria-label='Page précédente']").HasAttribute("disabled"));

        list.Find("button[aria-label='Page suivante']").Click();

        list.WaitForAssertion(() => Assert.Equal(["e25", "e26", "e27", "e28", "e29", "e30"], Logins(list)), Patience);
        Assert.Equal("26-31 sur 31", Information());
        Assert.True(list.Find("button[aria-label='Dernière page']").HasAttribute("disabled"));
        Assert.EndsWith("/utilisateurs?page=2", Address());

        await Field(list, "Lignes par page").MouseDownAsync(new());
        Popovers.WaitForAssertion(() => Assert.Equal(["25", "50", "100"], Offered()), Patience);
        await Popovers.FindAll("[role=option]").Single(o => o.TextContent.Trim() == "50").ClickAsync(new());

        list.WaitForAssertion(() => Assert.Equal(31, Logins(list).Length), Patience);
        Assert.Equal("1-31 sur 31", Information());
        Assert.EndsWith("/utilisateurs?taille=50", Address());
    }

    [Fact]
    public async Task A_link_past_the_last_page_shows_the_last_page()
    {
        var list = RenderList(await SchoolAsync(), "/utilisateurs?page=9");

        list.WaitForAssertion(() => Assert.Equal(["bm", "ch", "admin", "le"], Logins(list)), Patience);
        Assert.Equal("1-4 sur 4", list.Find("[data-testid=page-information]").TextContent.Trim());
    }

    [Fact]
    public async Task When_the_database_fails_the_grid_says_so_in_french_and_the_next_search_works_again()
    {
        var list = RenderList(await SchoolAsync());
        list.WaitForAssertion(() => Assert.Equal("4 utilisateurs", Count(list)), Patience);

        await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection(Database.ConnectionString))
        {
            await connection.OpenAsync();
            await new Microsoft.Data.Sqlite.SqliteCommand("ALTER TABLE Users RENAME TO UsersAway", connection).ExecuteNonQueryAsync();
        }

        list.Find("#user-search").Change("besson");

        list.WaitForAssertion(() => Assert.Contains("La liste n'a pas pu être lue", list.Find("[role=alert]").TextContent), Patience);
        Assert.Empty(Logins(list));

        await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection(Database.ConnectionString))
        {
            await connection.OpenAsync();
            await new Microsoft.Data.Sqlite.SqliteCommand("ALTER TABLE UsersAway RENAME TO Users", connection).ExecuteNonQueryAsync();
        }

        list.Find("#user-search").Change("caron");

        list.WaitForAssertion(() => Assert.Equal(["ch"], Logins(list)), Patience);
        Assert.Empty(list.FindAll("[role=alert]"));
    }

    [Theory]
    [InlineData(1, "1 utilisateur")]
    [InlineData(27, "27 utilisateurs")]
    [InlineData(1234, "1 234 utilisateurs")]
    public void The_count_is_worded_in_french(int total, string expected)
    {
        var count = Render<UserCount>(p => p.Add(c => c.Total, total));

        Assert.Equal(expected, count.Find("[data-testid=user-count]").TextContent.Replace('\u202F', ' ').Replace('\u00A0', ' ').Trim());
    }
}
