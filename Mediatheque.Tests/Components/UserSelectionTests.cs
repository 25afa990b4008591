using Bunit;
using Mediatheque.Blazor.Components.Users;
using Mediatheque.Core.Audit;
using Mediatheque.Core.Groups;
using Mediatheque.Core.Users;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Mediatheque.Tests.Components;

/// <summary>The grid's selection bar and status column, on the real database.</summary>
public sealed class UserSelectionTests : MudComponentTest
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Mediatheque:Annuaire:Enabled"] = "true",
        ["Mediatheque:Annuaire:Name"] = "ENT Occitanie",
    };

    private IRenderedComponent<MudDialogProvider> provider = null!;

    private async Task<User> ClassAsync()
    {
        var paquay = await Database.AddUserAsync("PAQUAY", "Sophie", Profil.Enseignant, "paquay", groups: (GroupType.Classe, "Mme PAQUAY"));
        await Database.AddUserAsync("BESSON", "Marion", login: "bm", groups: (GroupType.Classe, "Mme PAQUAY"));
        await Database.AddUserAsync("ARNAUD", "Jules", login: "aj", groups: (GroupType.Classe, "Mme PAQUAY"));
        await Database.AddUserAsync("ROUX", "Chloé", login: "rc", source: UserSource.Annuaire, groups: (GroupType.Classe, "Mme PAQUAY"));
        await Database.AddUserAsync("MARTIN", "Lucas", login: "ml", groups: (GroupType.Classe, "M. DURAND"));
        return paquay;
    }

    private IRenderedComponent<UserList> RenderList(User actor, string url)
    {
        SignInAs(actor);
        provider = RenderProviders();
        Services.GetRequiredService<NavigationManager>().NavigateTo(url);
        return Render<UserList>();
    }

    private async Task LockAsync(params string[] logins)
    {
        // The components' services run on the system clock (the database's ManualClock is for Core tests).
        var until = DateTime.UtcNow.AddMinutes(15);
        await using var db = Database.CreateDbContext();
        await db.Accounts.Where(a => logins.Contains(a.Login)).ExecuteUpdateAsync(s => s.SetProperty(a => a.LockedUntil, until));
    }

    [Fact]
    public async Task Each_status_has_an_icon_named_in_french_and_a_directory_pupils_reset_is_disabled_with_the_reason()
    {
        var paquay = await ClassAsync();
        await LockAsync("aj");

        var list = RenderList(paquay, "/utilisateurs");
        list.WaitForAssertion(() => Assert.Equal(3, list.FindAll("tbody tr").Count), Patience);

        var locked = list.Find("[data-status=Locked]");
        Assert.Equal("img", locked.GetAttribute("role"));
        Assert.Equal("Compte verrouillé après trop d'essais de connexion", locked.GetAttribute("aria-label"));
        Assert.Equal(locked.GetAttribute("aria-label"), locked.GetAttribute("title"));
        Assert.Contains("annuaire fédérateur", list.Find("[data-status=Directory]").GetAttribute("aria-label"));

        var directoryRow = list.FindAll("tbody tr").Single(r => r.TextContent.Contains("ROUX"));
        Assert.NotNull(directoryRow.QuerySelector("button[disabled]"));
        Assert.Contains("« ENT Occitanie »", directoryRow.QuerySelector("[aria-label^='Réinitialisation impossible']")!.GetAttribute("aria-label"));
        var marionRow = list.FindAll("tbody tr").Single(r => r.TextContent.Contains("BESSON"));
        Assert.Null(marionRow.QuerySelector("button[disabled]"));
    }

    [Fact]
    public async Task A_teacher_filters_the_locked_accounts_selects_them_all_and_unlocks_them()
    {
        var paquay = await ClassAsync();
        await LockAsync("aj", "bm", "ml");

        var list = RenderList(paquay, "/utilisateurs?verrouilles=1");
        list.WaitForAssertion(() => Assert.Equal(2, list.FindAll("tbody tr").Count), Patience);

        // « Tout sélectionner » states how many; Lucas (another class) is not even listed.
        await list.FindAll("button").Single(b => b.TextContent.Contains("Tout sélectionner")).ClickAsync(new());
        list.WaitForAssertion(() => Assert.Equal("2 utilisateurs sélectionnés", list.Find("[data-testid=selection-count]").TextContent.Trim()));
        // Not awaited: the handler waits for the dialog's answer, given below.
        _ = list.FindAll("button").Single(b => b.TextContent.Trim() == "Déverrouiller").ClickAsync(new());
        provider.WaitForAssertion(() => Assert.Contains("Déverrouiller 2 comptes ?", provider.Markup), Patience);
        await provider.FindAll("button").Single(b => b.TextContent.Trim() == "Déverrouiller 2 comptes").ClickAsync(new());

        list.WaitForAssertion(() => Assert.Empty(list.FindAll("tbody tr td[data-label=Identifiant]")), Patience);
        Assert.Null((await Database.FindUserAsync("aj")).Account.LockedUntil);
        Assert.Null((await Database.FindUserAsync("bm")).Account.LockedUntil);
        Assert.NotNull((await Database.FindUserAsync("ml")).Account.LockedUntil);
        await using var db = Database.CreateDbContext();
        Assert.Equal(2, await db.AuditEntries.CountAsync(a => a.Action == AuditAction.Unlocked && a.ActorLogin == "paquay"));
    }

    [Fact]
    public async Task Every_box_shows_the_selection_across_pages_after_select_all_a_single_untick_and_deselect_all()
    {
        var admin = await Database.AddUserAsync("AAA", "Claire", Profil.Administrateur, "admin");
        for (var i = 1; i <= 30; i++)
        {
            await Database.AddUserAsync($"ÉLÈVE{i:00}", "Test", login: $"e{i:00}");
        }

        var list = RenderList(admin, "/utilisateurs");
        list.WaitForAssertion(() => Assert.Equal(25, Boxes(list).Count), Patience);
        string Said() => list.Find("[data-testid=selection-count]").TextContent.Trim();

        await list.FindAll("button").Single(b => b.TextContent.Contains("Tout sélectionner (31 utilisateurs)")).ClickAsync(new());

        list.WaitForAssertion(() => Assert.All(Boxes(list), box => Assert.True(box.Ticked, box.Name)), Patience);
        Assert.True(PageBox(list).HasAttribute("checked"));
        Assert.Equal("31 utilisateurs sélectionnés", Said());

        await list.Find("button[aria-label='Page suivante']").ClickAsync(new());
        list.WaitForAssertion(() => Assert.Equal(6, Boxes(list).Count), Patience);
        Assert.All(Boxes(list), box => Assert.True(box.Ticked, box.Name));

        await list.Find("input[aria-label='Sélectionner ÉLÈVE27 Test']").ChangeAsync(new() { Value = false });

        list.WaitForAssertion(() => Assert.Equal("30 utilisateurs sélectionnés", Said()), Patience);
        Assert.Equal(["Sélectionner ÉLÈVE27 Test"], Boxes(list).Where(b => !b.Ticked).Select(b => b.Name));
        Assert.False(PageBox(list).HasAttribute("checked")); // some of the page, not all

        await list.Find("button[aria-label='Page précédente']").ClickAsync(new());
        list.WaitForAssertion(() => Assert.Equal(25, Boxes(list).Count), Patience);
        Assert.All(Boxes(list), box => Assert.True(box.Ticked, box.Name));

        await list.FindAll("button").Single(b => b.TextContent.Trim() == "Tout désélectionner").ClickAsync(new());

        list.WaitForAssertion(() => Assert.All(Boxes(list), box => Assert.False(box.Ticked, box.Name)), Patience);
        Assert.False(PageBox(list).HasAttribute("checked"));
        Assert.Equal("Aucun utilisateur sélectionné", Said());
    }

    private static List<(string Name, bool Ticked)> Boxes(IRenderedComponent<UserList> list) =>
        [.. list.FindAll("tbody input[type=checkbox]").Select(b => (b.GetAttribute("aria-label") ?? string.Empty, b.HasAttribute("checked")))];

    private static AngleSharp.Dom.IElement PageBox(IRenderedComponent<UserList> list) =>
        list.Find("input[aria-label='Sélectionner les utilisateurs de cette page']");

    [Fact]
    public async Task The_confirmation_states_the_count_and_lists_who_is_skipped_and_why_before_any_reset()
    {
        var paquay = await ClassAsync();
        var list = RenderList(paquay, "/utilisateurs");
        list.WaitForAssertion(() => Assert.Equal(3, list.FindAll("tbody tr").Count), Patience);

        for (var row = 0; row < 3; row++)
        {
            // Found again each time: every change renders the rows anew.
            await list.FindAll("tbody input[type=checkbox]")[row].ChangeAsync(new() { Value = true });
        }

        list.WaitForAssertion(() => Assert.Equal("3 utilisateurs sélectionnés", list.Find("[data-testid=selection-count]").TextContent.Trim()));
        // Not awaited: the handler waits for the dialog's answer.
        _ = list.FindAll("button").Single(b => b.TextContent.Trim() == "Réinitialiser les mots de passe").ClickAsync(new());

        provider.WaitForAssertion(() => Assert.Contains("Réinitialiser les mots de passe de 2 utilisateurs ?", provider.Markup), Patience);
        var skipped = provider.Find("[data-testid=skipped-users]").TextContent;
        Assert.Contains("ROUX Chloé (rc)", skipped);
        Assert.Contains("« ENT Occitanie »", skipped);
        await using var db = Database.CreateDbContext();
        Assert.False(await db.AuditEntries.AnyAsync(a => a.Action == AuditAction.PasswordReset));
    }
}
