using Bunit;
using Mediatheque.Blazor.Components.Users;
using Mediatheque.Core.Groups;
using Mediatheque.Core.Users;
using Microsoft.EntityFrameworkCore;

namespace Mediatheque.Tests.Components;

public sealed class UserDetailTests : MudComponentTest
{
    private IRenderedComponent<UserDetail> Open(User actor, User target)
    {
        SignInAs(actor);
        RenderProviders();
        var page = Render<UserDetail>(p => p.Add(d => d.Id, target.Id));
        page.WaitForAssertion(() => Assert.Contains("Détail de l'utilisateur", page.Markup));
        return page;
    }

    private static AngleSharp.Dom.IElement Input(IRenderedComponent<UserDetail> page, string label) =>
        page.FindAll(".mud-input-control").Single(c => c.QuerySelector("label")?.TextContent.Trim() == label).QuerySelector("input")!;

    [Fact]
    public async Task A_teacher_sees_the_form_read_only_except_the_password_fields()
    {
        var teacher = await Database.AddUserAsync("PAQUAY", "Sophie", Profil.Enseignant, "paquay", groups: (GroupType.Classe, "Mme PAQUAY"));
        var pupil = await Database.AddUserAsync("BESSON", "Marion", Profil.Eleve, "bm", groups: [(GroupType.Classe, "Mme PAQUAY"), (GroupType.Niveau, "CE1")]);

        var page = Open(teacher, pupil);

        Assert.Contains("Détail de l'utilisateur BESSON Marion", page.Markup);
        Assert.True(Input(page, "Nom *").HasAttribute("readonly"));
        Assert.True(Input(page, "Identifiant de connexion *").HasAttribute("readonly"));
        Assert.False(Input(page, "Mot de passe *").HasAttribute("readonly"));
        Assert.False(Input(page, "Confirmer le mot de passe *").HasAttribute("readonly"));
        Assert.Contains("CE1", page.Markup);
        Assert.DoesNotContain(page.FindAll("button"), b => b.TextContent.Contains("Désactiver"));
    }

    [Fact]
    public async Task Validation_errors_from_core_appear_in_french_next_to_their_field()
    {
        var admin = await Database.AddUserAsync("LEBRUN", "Claire", Profil.Administrateur, "admin");
        var pupil = await Database.AddUserAsync("BESSON", "Marion", Profil.Eleve, "bm");
        var page = Open(admin, pupil);

        await Input(page, "Email").ChangeAsync(new() { Value = "pas-un-email" });
        await page.FindAll("button").Single(b => b.TextContent.Trim() == "Valider").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Contains("L'adresse email n'est pas valide", page.Markup));
        Assert.Contains("Rien n'a été enregistré", page.Markup);
        Assert.Null((await Database.FindUserAsync("bm")).Email);
    }

    [Fact]
    public async Task A_save_over_someone_elses_newer_save_says_so_and_overwrites_nothing()
    {
        var admin = await Database.AddUserAsync("LEBRUN", "Claire", Profil.Administrateur, "admin");
        var pupil = await Database.AddUserAsync("BESSON", "Marion", Profil.Eleve, "bm");
        var page = Open(admin, pupil);
        await using (var db = Database.CreateDbContext())
        {
            var other = await db.Users.SingleAsync(u => u.Login == "bm");
            other.Email = "autre@ecole.fr";
            other.Touch(DateTime.UtcNow);
            await db.SaveChangesAsync();
        }

        await Input(page, "Email").ChangeAsync(new() { Value = "moi@ecole.fr" });
        await page.FindAll("button").Single(b => b.TextContent.Trim() == "Valider").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Contains("Quelqu'un d'autre a enregistré cet utilisateur", page.Find("[data-testid=save-error]").TextContent));
        Assert.Equal("autre@ecole.fr", (await Database.FindUserAsync("bm")).Email);
    }

    [Fact]
    public async Task Deactivating_a_directory_user_says_the_synchronisation_will_not_reactivate_them()
    {
        var admin = await Database.AddUserAsync("LEBRUN", "Claire", Profil.Administrateur, "admin");
        var pupil = await Database.AddUserAsync("ROCHE", "Nina", Profil.Eleve, "nina.roche", source: UserSource.Annuaire);
        var page = Open(admin, pupil);

        await page.FindAll("button").Single(b => b.TextContent.Trim() == "Désactiver").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Equal(
            "Cet utilisateur a été désactivé dans la Médiathèque : il ne peut pas se connecter. "
            + "La synchronisation de l'annuaire ne le réactive pas : seul un administrateur peut le réactiver ici.",
            page.Find("[data-testid=inactive-notice]").TextContent.Trim()));
        Assert.Equal(UserDeactivation.Administrator, (await Database.FindUserAsync("nina.roche")).DeactivatedBy);
    }

    [Fact]
    public async Task A_teacher_opening_anyone_outside_her_scope_gets_one_refusal_text()
    {
        var teacher = await Database.AddUserAsync("PAQUAY", "Sophie", Profil.Enseignant, "paquay", groups: (GroupType.Classe, "Mme PAQUAY"));
        var colleague = await Database.AddUserAsync("DURAND", "Julien", Profil.Enseignant, "durand", groups: (GroupType.Classe, "M. DURAND"));
        var admin = await Database.AddUserAsync("LEBRUN", "Claire", Profil.Administrateur, "admin");
        var stranger = await Database.AddUserAsync("MARTIN", "Lucas", groups: (GroupType.Classe, "M. DURAND"));
        SignInAs(teacher);
        RenderProviders();

        var texts = new List<string>();
        foreach (var id in new[] { colleague.Id, admin.Id, stranger.Id, 999_999 })
        {
            var page = Render<UserDetail>(p => p.Add(d => d.Id, id));
            page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=detail-refused]")));
            texts.Add(page.Find("[data-testid=detail-refused]").TextContent.Trim());
        }

        Assert.Equal([UserPolicy.NotVisibleReason], texts.Distinct());
    }
}
