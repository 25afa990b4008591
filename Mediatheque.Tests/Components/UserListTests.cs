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
            Assert.Contains(JSInterop.Invocations, i => i.Identifier == "replaceAddress" && Equals(i.Arguments[0], "/utilisateurs?q=besson"));
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

        list.Find("input[type=checkbox]").Change(true);

        list.WaitForAssertion(() =>
        {
            Assert.Equal(["pl"], Logins(list));
            Assert.Contains("desactives=1", Services.GetRequiredService<NavigationManager>().Uri);
        }, Patience);
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
