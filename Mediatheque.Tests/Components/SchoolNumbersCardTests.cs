using Bunit;
using Mediatheque.Blazor.Components.Dashboard;
using Mediatheque.Core.Users;

namespace Mediatheque.Tests.Components;

public sealed class SchoolNumbersCardTests : MudComponentTest
{
    [Fact]
    public async Task The_card_shows_the_school_counts_read_from_the_database()
    {
        await Database.AddUserAsync("BESSON", "Marion");
        await Database.AddUserAsync("MARTIN", "Léa");
        await Database.AddUserAsync("PARTI", "Léo", active: false);
        var paquay = await Database.AddUserAsync("PAQUAY", "Sophie", Profil.Enseignant);
        // Another school's pupils are not this school's numbers.
        var college = await Database.AddSchoolAsync("Collège Jean-Moulin", "0999002B");
        await Database.AddUserToAsync(college, "ZOLA", "Émile");
        SignInAs(paquay);

        var card = Render<SchoolNumbersCard>();

        card.WaitForAssertion(() =>
        {
            Assert.Equal("2", card.Find("[data-testid=active-Eleve]").TextContent);
            Assert.Equal("1", card.Find("[data-testid=deactivated-Eleve]").TextContent);
            Assert.Equal("1", card.Find("[data-testid=active-Enseignant]").TextContent);
            Assert.Equal("3", card.Find("[data-testid=active-total]").TextContent);
        });
        Assert.Contains("ÉLÈVE", card.Markup);
    }
}
