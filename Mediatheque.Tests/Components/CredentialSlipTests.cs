using Bunit;
using Mediatheque.Blazor.Components.Slips;

namespace Mediatheque.Tests.Components;

/// <summary>The CredentialSlip family on screen: what each slip says, and to whom (« tu » / « vous »).</summary>
public sealed class CredentialSlipTests : MudComponentTest
{
    [Fact]
    public void A_pupils_slip_says_tu_and_holds_every_line()
    {
        var slip = Render<CredentialSlip>(p => p.Add(s => s.Slip,
            new Slip("BESSON Marion", "Mme PAQUAY", IsPupil: true) { Login = "bm", Password = "bamiru47", MustChange = true }));

        var text = slip.Markup;
        Assert.Contains("Ta connexion à la Médiathèque", text);
        Assert.Contains("Tu choisiras un nouveau mot de passe à ta première connexion.", text);
        Assert.Equal("bm", slip.Find("[data-testid=slip-login]").TextContent);
        Assert.Equal("bamiru47", slip.Find("[data-testid=slip-password]").TextContent);
        // Read as text: the address may break after each « / » (<wbr>), never inside a word.
        Assert.Equal($"{PublicUrl}/connexion", slip.Find("[data-testid=slip-address]").TextContent);
        Assert.Equal(3, slip.FindAll("[data-testid=slip-address] wbr").Count);
        Assert.Contains("Classe : Mme PAQUAY", text);
        Assert.DoesNotContain("Vous", text);
    }

    [Fact]
    public void A_staff_slip_says_vous()
    {
        var slip = Render<CredentialSlip>(p => p.Add(s => s.Slip,
            new Slip("DURAND Julien", null, IsPupil: false) { Login = "durand", Password = "tigre-vert-47-bleu", MustChange = true }));

        Assert.Contains("Votre connexion à la Médiathèque", slip.Markup);
        Assert.Contains("Vous choisirez un nouveau mot de passe à votre première connexion.", slip.Markup);
        Assert.DoesNotContain(" tu ", slip.Markup, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void A_card_shows_a_named_qr_code_and_no_password()
    {
        var slip = Render<CredentialSlip>(p => p.Add(s => s.Slip,
            new Slip("BESSON Marion", "Mme PAQUAY", IsPupil: true) { CardUrl = $"{PublicUrl}/carte/abc", ValidUntil = new DateTime(2027, 9, 1, 8, 0, 0, DateTimeKind.Utc) }));

        var qr = slip.Find("[role=img]");
        Assert.Equal("Code QR de connexion de BESSON Marion", qr.GetAttribute("aria-label"));
        Assert.NotNull(qr.QuerySelector("svg"));
        Assert.Contains("Valable jusqu'au 1 septembre 2027", slip.Markup);
        Assert.Empty(slip.FindAll("[data-testid=slip-password]"));
    }

    [Fact]
    public void A_sheet_puts_eight_slips_to_a_page_and_starts_each_class_on_a_new_page()
    {
        var slips = Enumerable.Range(1, 10).Select(i => new Slip($"ÉLÈVE {i}", "Mme PAQUAY", true) { Login = $"e{i}", Password = "bamiru47" })
            .Concat(Enumerable.Range(1, 3).Select(i => new Slip($"ÉLÈVE {i}", "M. DURAND", true) { Login = $"d{i}", Password = "bamiru47" }))
            .ToList();

        var sheet = Render<CredentialSheet>(p => p.Add(s => s.Slips, slips).Add(s => s.PerPage, SlipsPerPage.Eight));

        var pages = sheet.FindAll(".sheet-page");
        Assert.Equal([8, 2, 3], pages.Select(page => page.QuerySelectorAll("[data-testid=slip]").Length));
        Assert.Contains("sheet-8", sheet.Find("section").ClassName);
    }
}
