using System.Collections;
using System.Resources;
using Bunit;
using Mediatheque.Blazor.Components.Users;
using Mediatheque.Blazor.Localization;
using Mediatheque.Core.Users;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Mediatheque.Tests.Components;

/// <summary>MudBlazor's own texts, which screen readers read out too, are French.</summary>
public sealed class FrenchTests : MudComponentTest
{
    [Fact]
    public void Every_text_MudBlazor_ships_has_a_french_translation()
    {
        // A MudBlazor upgrade that adds a text fails here instead of showing English.
        var assembly = typeof(MudLocalizer).Assembly;
        using var stream = assembly.GetManifestResourceStream("MudBlazor.Resources.LanguageResource.resources")!;
        using var reader = new ResourceReader(stream);
        var keys = reader.Cast<DictionaryEntry>().Select(e => (string)e.Key).ToList();

        Assert.NotEmpty(keys);
        Assert.Equal([], keys.Where(k => !FrenchMudLocalizer.Texts.ContainsKey(k)));
    }

    [Fact]
    public async Task The_users_grid_names_its_sort_and_pager_buttons_in_french()
    {
        var admin = await Database.AddUserAsync("LEBRUN", "Claire", Profil.Administrateur, "admin");
        await Database.AddUserAsync("BESSON", "Marion", login: "bm");
        SignInAs(admin);
        RenderProviders();
        Services.GetRequiredService<NavigationManager>().NavigateTo("/utilisateurs");

        var list = Render<UserList>();

        list.WaitForAssertion(() => Assert.NotEmpty(list.FindAll("tbody tr td")), TimeSpan.FromSeconds(10));
        var labels = list.FindAll("[aria-label]").Select(e => e.GetAttribute("aria-label")!).ToList();
        Assert.Contains("Première page", labels);
        Assert.Contains("Page suivante", labels);
        foreach (var english in new[] { "Sort", "Unsort", "Column options", "First page", "Previous page", "Next page", "Last page" })
        {
            Assert.DoesNotContain(english, labels);
        }
    }
}
