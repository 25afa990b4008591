using Bunit;
using Mediatheque.Blazor.Components.Users.Bulk;
using Mediatheque.Core.Accounts;
using Mediatheque.Core.Groups;
using Mediatheque.Core.LoginCards;
using Mediatheque.Core.Passwords;
using Mediatheque.Core.Users;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Mediatheque.Tests.Components;

/// <summary>
/// « Réinitialiser les mots de passe » for a class's selection: the teacher selected with her pupils is named in the
/// confirmation and left out, unless « Inclure aussi … du personnel » is ticked (issue 27).
/// </summary>
public sealed class BulkResetDialogTests : MudComponentTest
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private static readonly UserSelection PaquaysClass = UserSelection.All(new UserQuery { Classe = "Mme PAQUAY" });

    private IRenderedComponent<MudDialogProvider> provider = null!;

    private async Task<(User Paquay, User Admin)> ClassAsync()
    {
        var paquay = await Database.AddUserAsync("PAQUAY", "Sophie", Profil.Enseignant, "paquay", "paquay-demo-2026", groups: (GroupType.Classe, "Mme PAQUAY"));
        var admin = await Database.AddUserAsync("LEBRUN", "Claire", Profil.Administrateur, "admin");
        await Database.AddUserAsync("BESSON", "Marion", login: "bm", groups: (GroupType.Classe, "Mme PAQUAY"));
        await Database.AddUserAsync("ARNAUD", "Jules", login: "aj", groups: (GroupType.Classe, "Mme PAQUAY"));
        return (paquay, admin);
    }

    private async Task<IDialogReference> OpenAsync(User actor, UserSelection selection)
    {
        SignInAs(actor);
        provider = RenderProviders();
        var parameters = new DialogParameters<BulkResetDialog> { { d => d.ActorId, actor.Id }, { d => d.Selection, selection } };
        var dialog = await provider.InvokeAsync(() =>
            Services.GetRequiredService<IDialogService>().ShowAsync<BulkResetDialog>("Réinitialiser les mots de passe", parameters));
        provider.WaitForElement("[data-testid=bulk-question]", Patience);
        return dialog;
    }

    private string Question => provider.Find("[data-testid=bulk-question]").TextContent.Trim();

    private AngleSharp.Dom.IElement Button(string text) => provider.FindAll("button").Single(b => b.TextContent.Trim() == text);

    private async Task<BulkResetOutcome> ConfirmAsync(IDialogReference dialog, string button)
    {
        await Button(button).ClickAsync(new());
        var result = await dialog.Result.WaitAsync(Patience);
        return Assert.IsType<BulkResetOutcome>(result!.Data);
    }

    [Fact]
    public async Task The_confirmation_counts_the_pupils_names_the_teacher_and_the_reset_leaves_her_password_alone()
    {
        var (paquay, admin) = await ClassAsync();
        var dialog = await OpenAsync(admin, PaquaysClass);

        Assert.Equal("Réinitialiser les mots de passe de 2 utilisateurs ?", Question);
        var staff = provider.Find("[data-testid=bulk-staff]");
        Assert.Contains("1 membre du personnel est sélectionné ; cette action s'adresse aux élèves, il est laissé de côté", staff.TextContent);
        Assert.Contains("PAQUAY Sophie (paquay)", staff.TextContent);
        Assert.Contains("Inclure aussi 1 membre du personnel", staff.TextContent);
        Assert.False(staff.QuerySelector("input[type=checkbox]")!.HasAttribute("checked"));

        var outcome = await ConfirmAsync(dialog, "Réinitialiser 2 mots de passe");

        Assert.Equal(["aj", "bm"], outcome.Credentials.Select(c => c.Login));
        Assert.Equal(paquay.Account.PasswordHash, (await Database.FindUserAsync("paquay")).Account.PasswordHash);
    }

    [Fact]
    public async Task Ticking_include_staff_counts_and_resets_the_teacher_too()
    {
        var (paquay, admin) = await ClassAsync();
        var dialog = await OpenAsync(admin, PaquaysClass);

        await provider.Find("[data-testid=bulk-staff] input[type=checkbox]").ChangeAsync(new() { Value = true });

        provider.WaitForAssertion(() => Assert.Equal("Réinitialiser les mots de passe de 3 utilisateurs ?", Question));
        Assert.Contains("1 membre du personnel sera aussi traité", provider.Find("[data-testid=bulk-staff]").TextContent);
        var outcome = await ConfirmAsync(dialog, "Réinitialiser 3 mots de passe");
        Assert.Contains("paquay", outcome.Credentials.Select(c => c.Login));
        Assert.NotEqual(paquay.Account.PasswordHash, (await Database.FindUserAsync("paquay")).Account.PasswordHash);
    }

    [Fact]
    public async Task Several_staff_members_are_counted_in_the_plural()
    {
        var (_, admin) = await ClassAsync();
        await Database.AddUserAsync("MOREL", "Anne", Profil.Enseignant, "morel", groups: (GroupType.Classe, "Mme PAQUAY"));

        await OpenAsync(admin, PaquaysClass);

        var staff = provider.Find("[data-testid=bulk-staff]").TextContent;
        Assert.Contains("2 membres du personnel sont sélectionnés ; cette action s'adresse aux élèves, ils sont laissés de côté", staff);
        Assert.Contains("Inclure aussi les 2 membres du personnel", staff);
        Assert.Contains("MOREL Anne (morel)", staff);
    }

    [Fact]
    public async Task A_teacher_reads_that_no_colleague_is_concerned_before_she_confirms()
    {
        var (paquay, _) = await ClassAsync();

        await OpenAsync(paquay, PaquaysClass);

        Assert.Equal("Réinitialiser les mots de passe de 2 utilisateurs ?", Question);
        Assert.Equal(UserPolicy.TeacherResetsPupilsOnly, provider.Find("[data-testid=bulk-staff-note]").TextContent.Trim());
        Assert.Empty(provider.FindAll("[data-testid=bulk-staff]"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Revoquer_aussi_la_carte_is_ticked_and_unticking_keeps_the_cards(bool untick)
    {
        var teacher = await Database.AddUserAsync("PAQUAY", "Sophie", Profil.Enseignant, "paquay", groups: (GroupType.Classe, "Mme PAQUAY"));
        var marion = await Database.AddUserAsync("BESSON", "Marion", Profil.Eleve, "bm", "marion2026", groups: (GroupType.Classe, "Mme PAQUAY"));
        var jules = await Database.AddUserAsync("ARNAUD", "Jules", Profil.Eleve, "aj", "jules-2026", groups: (GroupType.Classe, "Mme PAQUAY"));
        var cards = (await Database.Get<LoginCardService>().IssueAsync(teacher.Id, UserSelection.Of(marion.Id, jules.Id))).Cards;
        SignInAs(teacher);
        var dialogs = RenderProviders();
        var parameters = new DialogParameters<BulkResetDialog> { { d => d.ActorId, teacher.Id }, { d => d.Selection, UserSelection.Of(marion.Id, jules.Id) } };
        await dialogs.InvokeAsync(() => Services.GetRequiredService<IDialogService>().ShowAsync<BulkResetDialog>("Réinitialiser", parameters));
        dialogs.WaitForElement("input[type=checkbox][data-testid=revoke-cards]");

        var box = dialogs.Find("input[type=checkbox][data-testid=revoke-cards]");
        Assert.True(box.HasAttribute("checked"));
        Assert.Contains("Révoquer aussi la carte de connexion", dialogs.Find("input[data-testid=revoke-cards]").Closest("label")!.TextContent);
        if (untick)
        {
            await box.ChangeAsync(new() { Value = false });
        }

        await dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Réinitialiser 2 mots de passe").ClickAsync(new());

        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll("[data-testid=revoke-cards]")), TimeSpan.FromSeconds(30));
        foreach (var card in cards)
        {
            var signIn = await Database.Get<LoginCardService>().SignInAsync(card.Token, null);
            Assert.Equal(untick ? SignInStatus.Succeeded : SignInStatus.Failed, signIn.Status);
        }
    }
}
