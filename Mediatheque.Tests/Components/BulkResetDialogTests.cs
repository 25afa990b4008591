using Bunit;
using Mediatheque.Blazor.Components.Users.Bulk;
using Mediatheque.Core.Accounts;
using Mediatheque.Core.Groups;
using Mediatheque.Core.LoginCards;
using Mediatheque.Core.Users;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Mediatheque.Tests.Components;

/// <summary>« Réinitialiser les mots de passe » for a selection: the pupils' cards go too, unless the box is unticked.</summary>
public sealed class BulkResetDialogTests : MudComponentTest
{
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
        var provider = RenderProviders();
        var parameters = new DialogParameters<BulkResetDialog> { { d => d.ActorId, teacher.Id }, { d => d.Selection, UserSelection.Of(marion.Id, jules.Id) } };
        await provider.InvokeAsync(() => Services.GetRequiredService<IDialogService>().ShowAsync<BulkResetDialog>("Réinitialiser", parameters));
        provider.WaitForElement("input[type=checkbox][data-testid=revoke-cards]");

        var box = provider.Find("input[type=checkbox][data-testid=revoke-cards]");
        Assert.True(box.HasAttribute("checked"));
        Assert.Contains("Révoquer aussi la carte de connexion", provider.Find("input[data-testid=revoke-cards]").Closest("label")!.TextContent);
        if (untick)
        {
            await box.ChangeAsync(new() { Value = false });
        }

        await provider.FindAll("button").Single(b => b.TextContent.Trim() == "Réinitialiser 2 mots de passe").ClickAsync(new());

        provider.WaitForAssertion(() => Assert.Empty(provider.FindAll("[data-testid=revoke-cards]")), TimeSpan.FromSeconds(30));
        foreach (var card in cards)
        {
            var signIn = await Database.Get<LoginCardService>().SignInAsync(card.Token, null);
            Assert.Equal(untick ? SignInStatus.Succeeded : SignInStatus.Failed, signIn.Status);
        }
    }
}
