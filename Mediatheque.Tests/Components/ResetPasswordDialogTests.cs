using Bunit;
using Mediatheque.Blazor.Components.Users;
using Mediatheque.Core.Accounts;
using Mediatheque.Core.Groups;
using Mediatheque.Core.LoginCards;
using Mediatheque.Core.Passwords;
using Mediatheque.Core.Users;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Mediatheque.Tests.Components;

public sealed class ResetPasswordDialogTests : MudComponentTest
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Mediatheque:Annuaire:Enabled"] = "true",
        ["Mediatheque:Annuaire:Name"] = "ENT Occitanie",
        ["Mediatheque:Annuaire:PasswordPageUrl"] = "https://ent.example.fr/mot-de-passe",
    };

    private async Task<IRenderedComponent<MudDialogProvider>> OpenAsync(User actor, User target)
    {
        SignInAs(actor);
        var provider = RenderProviders();
        var parameters = new DialogParameters<ResetPasswordDialog>
        {
            { d => d.UserId, target.Id }, { d => d.FullName, target.FullName }, { d => d.Login, target.Login }, { d => d.Profil, target.Profil },
        };
        await provider.InvokeAsync(() => Services.GetRequiredService<IDialogService>().ShowAsync<ResetPasswordDialog>("Réinitialiser", parameters));
        return provider;
    }

    private async Task<(User Teacher, User Pupil)> ClassAsync()
    {
        var teacher = await Database.AddUserAsync("PAQUAY", "Sophie", Profil.Enseignant, "paquay", groups: (GroupType.Classe, "Mme PAQUAY"));
        var pupil = await Database.AddUserAsync("BESSON", "Marion", Profil.Eleve, "bm", "marion2026", groups: (GroupType.Classe, "Mme PAQUAY"));
        return (teacher, pupil);
    }

    [Fact]
    public async Task The_dialog_shows_the_pupils_password_policy()
    {
        var (teacher, pupil) = await ClassAsync();

        var dialog = await OpenAsync(teacher, pupil);

        dialog.WaitForAssertion(() => Assert.Contains("Au moins 8 caractères, au plus 64", dialog.Markup));
        Assert.Contains("Réinitialiser le mot de passe de BESSON Marion", dialog.Markup);
    }

    [Fact]
    public async Task A_mismatched_confirmation_is_flagged_and_nothing_is_saved()
    {
        var (teacher, pupil) = await ClassAsync();
        var dialog = await OpenAsync(teacher, pupil);
        dialog.WaitForElement("input[type=password]");

        var inputs = dialog.FindAll("input[type=password]");
        await inputs[0].InputAsync(new() { Value = "tigre-vert-47" });
        await dialog.FindAll("input[type=password]")[1].InputAsync(new() { Value = "tigre-vert-48" });
        await dialog.FindAll("button").Single(b => b.TextContent.Trim() == "Valider").ClickAsync(new());

        dialog.WaitForAssertion(() => Assert.Contains("Les deux mots de passe ne correspondent pas.", dialog.Markup));
        Assert.Equal(pupil.Account.PasswordHash, (await Database.FindUserAsync("bm")).Account.PasswordHash);
    }

    [Fact]
    public async Task Generate_fills_both_fields_with_a_childs_password_and_valider_hands_it_over_once()
    {
        var (teacher, pupil) = await ClassAsync();
        var dialog = await OpenAsync(teacher, pupil);
        dialog.WaitForElement("input[type=password]");

        await dialog.FindAll("button").Single(b => b.TextContent.Trim() == "Générer").ClickAsync(new());
        var generated = dialog.FindAll("input[type=text]").Select(i => i.GetAttribute("value")).ToList();
        await dialog.FindAll("button").Single(b => b.TextContent.Trim() == "Valider").ClickAsync(new());

        Assert.Equal(2, generated.Count);
        Assert.Equal(generated[0], generated[1]);
        Assert.DoesNotContain(generated[0]!, c => PasswordGenerator.LookAlikes.Contains(c));
        dialog.WaitForAssertion(() => Assert.Equal(generated[0], dialog.Find("[data-testid=new-password]").TextContent));
        Assert.Contains("Imprimer la fiche", dialog.Markup);
        var saved = await Database.FindUserAsync("bm");
        Assert.True(Database.Get<PasswordHasher>().Verify(generated[0]!, saved.Account.PasswordHash));
        // Mediatheque:Passwords:MustChangeByDefault:Eleve is false: the pupil keeps what the teacher hands over.
        Assert.False(saved.Account.MustChangePassword);
    }

    [Fact]
    public async Task Copier_says_copie_once_the_password_is_on_the_clipboard()
    {
        var (teacher, pupil) = await ClassAsync();
        var dialog = await OpenAsync(teacher, pupil);
        dialog.WaitForElement("input[type=password]");
        await dialog.FindAll("button").Single(b => b.TextContent.Trim() == "Générer").ClickAsync(new());
        await dialog.FindAll("button").Single(b => b.TextContent.Trim() == "Valider").ClickAsync(new());
        dialog.WaitForElement("[data-testid=new-password]");
        var password = dialog.Find("[data-testid=new-password]").TextContent;

        await dialog.FindAll("button").Single(b => b.TextContent.Trim() == "Copier").ClickAsync(new());

        dialog.WaitForAssertion(() => Assert.Contains(dialog.FindAll("button"), b => b.TextContent.Trim() == "Copié"));
        var copy = Assert.Single(JSInterop.Invocations, i => i.Identifier == "navigator.clipboard.writeText");
        Assert.Equal(password, copy.Arguments[0]);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task For_a_pupil_with_a_card_revoquer_aussi_la_carte_is_ticked_and_unticking_keeps_the_card(bool untick)
    {
        var (teacher, pupil) = await ClassAsync();
        var card = Assert.Single((await Database.Get<LoginCardService>().IssueAsync(teacher.Id, UserSelection.Of(pupil.Id))).Cards);
        var dialog = await OpenAsync(teacher, pupil);
        dialog.WaitForElement("input[type=checkbox][data-testid=revoke-card]");

        var box = dialog.Find("input[type=checkbox][data-testid=revoke-card]");
        Assert.True(box.HasAttribute("checked"));
        Assert.Contains("Révoquer aussi la carte de connexion", dialog.Find("input[data-testid=revoke-card]").Closest("label")!.TextContent);
        if (untick)
        {
            await box.ChangeAsync(new() { Value = false });
        }

        await dialog.FindAll("button").Single(b => b.TextContent.Trim() == "Générer").ClickAsync(new());
        await dialog.FindAll("button").Single(b => b.TextContent.Trim() == "Valider").ClickAsync(new());

        dialog.WaitForElement("[data-testid=new-password]");
        var signIn = await Database.Get<LoginCardService>().SignInAsync(card.Token, null);
        Assert.Equal(untick ? SignInStatus.Succeeded : SignInStatus.Failed, signIn.Status);
    }

    [Fact]
    public async Task A_pupil_without_a_card_is_not_offered_to_revoke_one()
    {
        var (teacher, pupil) = await ClassAsync();

        var dialog = await OpenAsync(teacher, pupil);

        dialog.WaitForElement("input[type=password]");
        Assert.Empty(dialog.FindAll("[data-testid=revoke-card]"));
    }

    [Fact]
    public async Task A_directory_pupil_is_refused_before_anything_is_typed()
    {
        var teacher = await Database.AddUserAsync("PAQUAY", "Sophie", Profil.Enseignant, "paquay", groups: (GroupType.Classe, "Mme PAQUAY"));
        var pupil = await Database.AddUserAsync("ROUX", "Chloé", Profil.Eleve, "rc", source: UserSource.Annuaire, groups: (GroupType.Classe, "Mme PAQUAY"));

        var dialog = await OpenAsync(teacher, pupil);

        dialog.WaitForAssertion(() => Assert.Contains(
            "géré par l'annuaire fédérateur « ENT Occitanie ». Réinitialisez-le dans l'annuaire.",
            dialog.Find("[data-testid=reset-refused]").TextContent));
        Assert.Empty(dialog.FindAll("input[type=password]"));
        Assert.DoesNotContain(dialog.FindAll("button"), b => b.TextContent.Trim() == "Valider");
        Assert.Contains("https://ent.example.fr/mot-de-passe", dialog.Markup);
    }

    [Fact]
    public async Task A_teacher_cannot_reset_a_colleague_and_learns_nothing_about_them()
    {
        var (teacher, _) = await ClassAsync();
        var colleague = await Database.AddUserAsync("DURAND", "Julien", Profil.Enseignant, "durand", groups: (GroupType.Classe, "Mme PAQUAY"));

        var dialog = await OpenAsync(teacher, colleague);

        dialog.WaitForAssertion(() => Assert.Contains(UserPolicy.NotVisibleReason, dialog.Find("[data-testid=reset-refused]").TextContent));
    }
}
