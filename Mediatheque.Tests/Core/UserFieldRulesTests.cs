using Mediatheque.Core.Accounts;
using Mediatheque.Core.Groups;
using Mediatheque.Core.Import;
using Mediatheque.Core.Users;
using Mediatheque.Tests.Core.Import;

namespace Mediatheque.Tests.Core;

/// <summary>
/// One rule per field, and every path that writes a user applies it: the detail form, « Nouvel utilisateur »,
/// the first administrator and the import. A value one path refuses, no other path lets in.
/// </summary>
public sealed class UserFieldRulesTests : IAsyncLifetime
{
    private const string Script = "<svg/onload=alert(1)>";
    private const string Formula = "=HYPERLINK(\"http://evil.example\",\"x\")";

    private TestDatabase database = null!;
    private User admin = null!, marion = null!;

    public async Task InitializeAsync()
    {
        database = await TestDatabase.CreateAsync();
        admin = await database.AddUserAsync("LEBRUN", "Claire", Profil.Administrateur, "admin");
        marion = await database.AddUserAsync("BESSON", "Marion", Profil.Eleve, "bm", groups: (GroupType.Classe, "Mme PAQUAY"));
    }

    public async Task DisposeAsync() => await database.DisposeAsync();

    private UserEditor Editor => database.Get<UserEditor>();

    public static TheoryData<UserField, string> Refused() => new()
    {
        { UserField.Nom, new string('A', 10_000) },
        { UserField.Nom, "=1+1" },
        { UserField.Prenom, Script },
        { UserField.Login, Script },
        { UserField.Login, Formula },
        { UserField.Login, "élève" },
        { UserField.Login, "-bm" },
        { UserField.Login, new string('b', 101) },
        { UserField.Email, new string('m', 290) + "@ecole.fr" },
        { UserField.Email, "=cmd|'/c calc'!A1@ecole.fr" },
        { UserField.Email, "pas-un-email" },
        { UserField.NationalId, "123 456" },
        { UserField.NationalId, new string('1', 51) },
        { UserField.EstablishmentId, Formula },
        { UserField.NetworkFolder, @"C:\perso" },
        { UserField.NetworkFolder, @"\\srv\" + new string('d', 260) },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void Each_field_refuses_in_french_what_it_cannot_hold(UserField field, string value)
    {
        var reason = UserFieldRules.Check(field, value);

        Assert.NotNull(reason);
        Assert.DoesNotContain("Exception", reason);
    }

    [Theory]
    [InlineData(UserField.Nom, "N'DIAYE")]
    [InlineData(UserField.Nom, "SAINT-ÉTIENNE")]
    [InlineData(UserField.Prenom, "Éloïse")]
    [InlineData(UserField.Prenom, "Marie-Hélène")]
    [InlineData(UserField.Nom, "DUPONT (épouse MARTIN)")]
    [InlineData(UserField.Login, "bm2")]
    [InlineData(UserField.Login, "marion.besson_2")]
    [InlineData(UserField.NationalId, "1234567890A")]
    [InlineData(UserField.EstablishmentId, "JF-001")]
    [InlineData(UserField.Email, "marion.besson+cm1@ecole.fr")]
    [InlineData(UserField.NetworkFolder, @"\\172.16.0.6\bm\perso")]
    [InlineData(UserField.Email, null)]
    public void Real_names_logins_and_addresses_pass(UserField field, string? value) =>
        Assert.Null(UserFieldRules.Check(field, value));

    [Fact]
    public async Task The_detail_form_saves_no_ten_thousand_character_name_and_no_299_character_email()
    {
        var form = await FormAsync(marion);

        var longName = await Editor.SaveAsync(admin.Id, form with { Nom = new string('A', 10_000) });
        var longEmail = await Editor.SaveAsync(admin.Id, form with { Email = new string('m', 289) + "@ecole.fr" });

        Assert.Contains(longName.Errors, e => e.Field == UserField.Nom && e.Message.Contains("100 caractères"));
        Assert.Contains(longEmail.Errors, e => e.Field == UserField.Email && e.Message.Contains("254 caractères"));
        var saved = await database.FindUserAsync("bm");
        Assert.Equal(("BESSON", null), (saved.Nom, saved.Email));
    }

    [Theory]
    [InlineData(Script)]
    [InlineData(Formula)]
    public async Task A_login_the_form_refuses_is_refused_by_creation_the_first_administrator_and_the_import(string login)
    {
        var form = await Editor.SaveAsync(admin.Id, await FormAsync(marion) with { Login = login });
        var (created, _) = await Editor.CreateAsync(admin.Id, new UserEdit(
            0, 0, "DURAND", "Julien", Profil.Enseignant, login, null, null, null, null, [], "une phrase assez longue", "une phrase assez longue"));
        await using var newSchool = await TestDatabase.CreateAsync();
        var first = await newSchool.Get<FirstAdministrator>().CreateAsync(login, "LEBRUN", "Claire", "une phrase bien longue", "une phrase bien longue");
        var file = ImportSamples.Own($"MARTIN;Léa;\"{login.Replace("\"", "\"\"")}\";;;;;Mme PAQUAY;CE1;;");
        var preview = await database.Get<ImportService>().PreviewAsync(admin.Id, file, new ImportChoices());

        var expected = UserFieldRules.Check(UserField.Login, login)!;
        Assert.Contains(form.Errors, e => e.Field == UserField.Login && e.Message == expected);
        Assert.Contains(created.Errors, e => e.Field == UserField.Login && e.Message == expected);
        Assert.Contains(expected, first.Message);
        Assert.Empty(preview.Creates);
        Assert.Contains(preview.Issues, i => i.Line == 2 && i.Message.EndsWith(expected, StringComparison.Ordinal));
        Assert.Equal("bm", (await database.FindUserAsync("bm")).Login);
    }

    [Fact]
    public async Task A_pupil_the_import_creates_can_be_saved_from_the_form_unchanged()
    {
        var file = ImportSamples.Own("N'DIAYE;Aïssatou;ndiaye.a;;1234567890A;JF-001;aissatou@ecole.fr;Mme PAQUAY;CE1;;");
        var choices = new ImportChoices { CreateMissingGroups = true };
        var preview = await database.Get<ImportService>().PreviewAsync(admin.Id, file, choices);
        var outcome = await database.Get<ImportService>().ApplyAsync(admin.Id, file, choices, preview);
        Assert.Empty(preview.Issues);
        var pupil = await database.FindUserAsync("ndiaye.a");

        var saved = await Editor.SaveAsync(admin.Id, await FormAsync(pupil) with { NetworkFolder = @"\\srv\ndiaye\perso" });

        Assert.True(saved.Succeeded, saved.Message);
    }

    private async Task<UserEdit> FormAsync(User target)
    {
        var details = (await Editor.GetAsync(admin.Id, target.Id))!;
        return new UserEdit(details.Id, details.Version, details.Nom, details.Prenom, details.Profil, details.Login,
            details.NationalId, details.EstablishmentId, details.Email, details.NetworkFolder, details.Groups.Select(g => g.Id).ToList());
    }
}
