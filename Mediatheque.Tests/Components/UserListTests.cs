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

        Assert.False(list.Find("#filter-deactivated").HasAttribute("checked"));

        list.Find("#filter-deactivated").Change(true);

        list.WaitForAssertion(() =>
        {
            Assert.Equal(["pl"], Logins(list));
            Assert.Contains("desactives=1", Services.GetRequiredService<NavigationManager>().Uri);
            Assert.True(list.Find("#filter-deactivated").HasAttribute("checked"));
            Assert.Equal("true", list.Find("#filter-deactivated").GetAttribute("aria-checked"));
        }, Patience);
    }

    [Fact]
    public async Task The_lists_show_the_choice_from_the_url_and_filter_by_class_and_by_profile()
    {
        var list = RenderList(await SchoolAsync(), "/utilisateurs?classe=M.%20DURAND");
        list.WaitForAssertion(() => Assert.Equal(["ch"], Logins(list)), Patience);
        Assert.Equal("M. DURAND", list.Find("#filter-classe").GetAttribute("value"));
        Assert.Equal(["Toutes les classes", "M. DURAND", "Mme PAQUAY"], list.FindAll("#filter-classe option").Select(o => o.TextContent));

        list.Find("#filter-classe").Change("");

        list.WaitForAssertion(() => Assert.Equal(["bm", "ch", "admin", "le"], Logins(list)), Patience);
        Assert.EndsWith("/utilisateurs", Services.GetRequiredService<NavigationManager>().Uri);

        list.Find("#filter-profil").Change(nameof(Profil.Administrateur));

        list.WaitForAssertion(() => Assert.Equal(["admin"], Logins(list)), Patience);
        Assert.Contains("profil=", Services.GetRequiredService<NavigationManager>().Uri);
        Assert.Contains("ADMINISTRATEUR", list.FindAll("#filter-profil option").Select(o => o.TextContent));
    }

    [Fact]
    public async Task A_class_name_in_a_list_is_text_never_markup()
    {
        const string name = "<img src=x onerror=alert(1)> CM1 & CM2";
        var admin = await Database.AddUserAsync("LEBRUN", "Claire", Profil.Administrateur, "admin");
        await Database.AddUserAsync("BESSON", "Marion", login: "bm", groups: [(GroupType.Classe, name)]);

        var list = RenderList(admin);

        list.WaitForAssertion(() => Assert.Equal(2, Logins(list).Length), Patience);
        Assert.Contains(name, list.FindAll("#filter-classe option").Select(o => o.TextContent));
        Assert.Contains(name, list.FindAll("#filter-classe option").Select(o => o.GetAttribute("value")));
        Assert.Empty(list.FindAll("img"));
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
        Assert.EndsWith("/utilisateurs?tri=identifiant", Services.GetRequiredService<NavigationManager>().Uri);

        list.Find("button[aria-label='Trier par identifiant']").Click();

        list.WaitForAssertion(() => Assert.Equal(["le", "ch", "bm", "admin"], Logins(list)), Patience);
        Assert.Equal("descending", list.FindAll("th").Single(th => th.TextContent.Contains("Identifiant")).GetAttribute("aria-sort"));
        Assert.EndsWith("/utilisateurs?tri=-identifiant", Services.GetRequiredService<NavigationManager>().Uri);
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
        string Information() => list.FindAll(".mud-table-pagination-caption")[^1].TextContent.Trim();
        list.WaitForAssertion(() => Assert.Equal("1-25 sur 31", Information()), Patience);
        Assert.Equal(25, Logins(list).Length);
        Assert.True(list.Find("button[aria-label='Page précédente']").HasAttribute("disabled"));

        list.Find("button[aria-label='Page suivante']").Click();

        list.WaitForAssertion(() => Assert.Equal(["e25", "e26", "e27", "e28", "e29", "e30"], Logins(list)), Patience);
        Assert.Equal("26-31 sur 31", Information());
        Assert.True(list.Find("button[aria-label='Dernière page']").HasAttribute("disabled"));
        Assert.EndsWith("/utilisateurs?page=2", Services.GetRequiredService<NavigationManager>().Uri);

        list.Find("#user-grid-page-size").Change("50");

        list.WaitForAssertion(() => Assert.Equal(31, Logins(list).Length), Patience);
        Assert.Equal("1-31 sur 31", Information());
        Assert.EndsWith("/utilisateurs?taille=50", Services.GetRequiredService<NavigationManager>().Uri);
    }

    [Fact]
    public async Task A_link_past_the_last_page_shows_the_last_page()
    {
        var list = RenderList(await SchoolAsync(), "/utilisateurs?page=9");

        list.WaitForAssertion(() => Assert.Equal(["bm", "ch", "admin", "le"], Logins(list)), Patience);
        Assert.Equal("1-4 sur 4", list.FindAll(".mud-table-pagination-caption")[^1].TextContent.Trim());
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
