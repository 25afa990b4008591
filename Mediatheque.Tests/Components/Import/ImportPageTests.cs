using Bunit;
using Mediatheque.Blazor.Components.Import;
using Mediatheque.Core.Import;
using Mediatheque.Core.Users;
using Mediatheque.Tests.Core.Import;
using Mediatheque.Tests.Core.Import.Siecle;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.EntityFrameworkCore;

namespace Mediatheque.Tests.Components.Import;

public sealed class ImportPageTests : MudComponentTest
{
    protected override IDictionary<string, string?>? Settings => new Dictionary<string, string?>
    {
        ["Mediatheque:Import:MaxFileSizeMegabytes"] = "1",
    };

    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    private async Task<IRenderedComponent<ImportPage>> RenderAsAdministratorAsync()
    {
        SignInAs(await Database.AddUserAsync("LEBRUN", "Claire", Profil.Administrateur, "admin"));
        RenderProviders();
        return Render<ImportPage>();
    }

    /// <summary>The samples name classes this empty school lacks: the preview lists them, and they are confirmed once (off by default).</summary>
    private static void ConfirmNewGroups(IRenderedComponent<ImportPage> page)
    {
        var create = page.Find("[data-testid=new-groups]").QuerySelector("label")!;
        Assert.False(((AngleSharp.Html.Dom.IHtmlInputElement)create.QuerySelector("input[type=checkbox]")!).IsChecked);
        Assert.True(page.FindAll("button").Single(b => b.TextContent.Contains("Appliquer l'import")).HasAttribute("disabled"));
        create.QuerySelector("input[type=checkbox]")!.Change(true);
    }

    private static void Upload(IRenderedComponent<ImportPage> page, byte[] content, string name) =>
        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(content, name));

    [Fact]
    public async Task The_preview_shows_the_counts_and_every_error_with_line_column_and_reason()
    {
        await Database.AddUserAsync("DUPONT", "Jules", login: "dj");
        var page = await RenderAsAdministratorAsync();

        Upload(page, ImportSamples.Bytes("ine-en-double.csv"), "ine-en-double.csv");

        page.WaitForAssertion(() => Assert.Equal("0", page.Find("[data-testid=count-create]").TextContent), Wait);
        Assert.Equal("0", page.Find("[data-testid=count-update]").TextContent);
        Assert.Equal("4", page.Find("[data-testid=count-errors]").TextContent);
        var rows = page.FindAll("[data-testid=errors] tbody tr")
            .Select(r => r.QuerySelectorAll("td").Select(c => c.TextContent.Trim()).ToArray()).ToList();
        Assert.Contains(rows, r => r[0] == "2" && r[1] == "INE" && r[2].Contains("en double dans le fichier (aussi ligne 3)"));
        Assert.Contains(rows, r => r[0] == "4" && r[1] == "Date naissance" && r[2].StartsWith("Date impossible : « 31/02/2016 »", StringComparison.Ordinal));
        Assert.Contains(rows, r => r[0] == "5" && r[1] == "Nom Elève" && r[2] == "Le nom est obligatoire.");
        Assert.DoesNotContain(page.FindAll("button"), b => b.TextContent.Contains("Appliquer l'import"));
    }

    [Fact]
    public async Task A_good_file_is_previewed_then_applied_and_the_slips_show_each_password()
    {
        var page = await RenderAsAdministratorAsync();

        Upload(page, ImportSamples.Bytes("onde-latin1.csv"), "onde-latin1.csv");
        page.WaitForAssertion(() => Assert.Equal("4", page.Find("[data-testid=count-create]").TextContent), Wait);
        Assert.Equal("0", page.Find("[data-testid=count-errors]").TextContent);
        Assert.Contains("export élèves ONDE", page.Markup);
        Assert.Equal(0, (await Database.CreateDbContext().Users.CountAsync(u => u.Profil == Profil.Eleve)));
        Assert.Contains("Classe « Mme PAQUAY » (1 élève)", page.Find("[data-testid=new-groups]").TextContent);

        ConfirmNewGroups(page);
        page.FindAll("button").Single(b => b.TextContent.Contains("Appliquer l'import")).Click();
        page.WaitForAssertion(() => Assert.Contains("Import terminé", page.Find("[data-testid=import-summary]").TextContent), Wait);
        // The result shows once the list is saved; the slips once the new pupils' first passwords are hashed.
        page.WaitForAssertion(() => Assert.Single(page.FindAll("button"), b => b.TextContent.Contains("Voir les fiches de connexion")), Wait);
        Assert.Empty(page.FindAll("[data-testid=first-passwords-progress]"));
        page.FindAll("button").Single(b => b.TextContent.Contains("Voir les fiches de connexion")).Click();

        page.WaitForAssertion(() => Assert.Equal(4, page.FindAll("[data-testid=slip]").Count), Wait);
        var marion = page.Find("[data-login=bm]");
        Assert.Contains("BESSON Marion", marion.TextContent);
        var password = marion.QuerySelector("[data-testid=slip-password]")!.TextContent;
        Assert.True(Database.Get<Mediatheque.Core.Passwords.PasswordHasher>().Verify(password, (await Database.FindUserAsync("bm")).Account.PasswordHash));
        Assert.Contains("data:text/csv;charset=utf-8;base64,", page.Find("a[download='identifiants-eleves.csv']").GetAttribute("href"));
    }

    /// <summary>
    /// The list is saved and shown while the new pupils' first passwords are hashed: the result says how far they are and
    /// shows no slip yet; if they were stopped, it says how many new pupils have no password and what to do.
    /// </summary>
    [Fact]
    public async Task While_the_first_passwords_are_hashed_the_result_says_how_far_and_then_who_has_none_if_they_stopped()
    {
        var admin = await Database.AddUserAsync("LEBRUN", "Claire", Profil.Administrateur, "admin");
        SignInAs(admin);
        RenderProviders();
        var service = Database.Get<ImportService>();
        var file = service.Read("onde-latin1.csv", ImportSamples.Bytes("onde-latin1.csv"));
        var choices = new ImportChoices { CreateMissingGroups = true };
        var listed = await service.ApplyListAsync(admin.Id, file, choices, await service.PreviewAsync(admin.Id, file, choices));
        Assert.True(listed.Succeeded, listed.Result.Message);

        var hashing = Render<ImportResultView>(p => p.Add(v => v.Outcome, listed).Add(v => v.FirstPasswordsProgress, new ImportProgress(3, 4)));

        Assert.Contains("Import terminé : 4 élèves créés", hashing.Find("[data-testid=import-summary]").TextContent);
        Assert.Contains("Mots de passe des nouveaux élèves : 3 sur 4", hashing.Find("[data-testid=first-passwords-progress]").TextContent);
        Assert.DoesNotContain("Mots de passe à remettre", hashing.Markup);

        var stopped = await service.SaveFirstPasswordsAsync(listed, cancellationToken: new CancellationToken(canceled: true));
        var result = Render<ImportResultView>(p => p.Add(v => v.Outcome, stopped));

        Assert.Empty(result.FindAll("[data-testid=first-passwords-progress]"));
        Assert.Contains("4 nouveaux élèves n'ont pas encore de mot de passe", result.Find("[data-testid=without-password]").TextContent);
        Assert.Contains("« Réinitialiser les mots de passe »", result.Find("[data-testid=without-password]").TextContent);
        Assert.Null((await Database.FindUserAsync("bm")).Account.PasswordHash);
    }

    [Fact]
    public async Task Re_importing_says_nothing_changes_and_offers_no_apply_button()
    {
        var page = await RenderAsAdministratorAsync();
        var file = ImportSamples.Read("onde-utf8-bom.csv");
        var service = Database.Get<ImportService>();
        var admin = await Database.FindUserAsync("admin");
        var choices = new ImportChoices { CreateMissingGroups = true };
        await service.ApplyAsync(admin.Id, file, choices, await service.PreviewAsync(admin.Id, file, choices));

        Upload(page, ImportSamples.Bytes("onde-utf8-bom.csv"), "onde-utf8-bom.csv");

        page.WaitForAssertion(() => Assert.Contains("déjà à jour", page.Find("[data-testid=nothing-to-do]").TextContent), Wait);
        Assert.Equal("3", page.Find("[data-testid=count-unchanged]").TextContent);
        Assert.DoesNotContain(page.FindAll("button"), b => b.TextContent.Contains("Appliquer l'import"));
    }

    [Fact]
    public async Task A_file_over_the_size_limit_gets_a_clear_message_above_the_picker()
    {
        var page = await RenderAsAdministratorAsync();
        Assert.Contains("Taille maximale : 1 Mo.", page.Find("[data-testid=size-limit]").TextContent);

        Upload(page, new byte[1_500_000], "enorme.csv");

        page.WaitForAssertion(() => Assert.Contains("la taille maximale est de 1 Mo", page.Find("[data-testid=upload-error]").TextContent), Wait);
        Assert.Empty(page.FindAll("[data-testid=count-create]"));
    }

    [Fact]
    public async Task An_unreadable_file_is_explained_in_french_without_a_preview_of_pupils()
    {
        var page = await RenderAsAdministratorAsync();

        Upload(page, ImportSamples.Bytes("binaire.csv"), "classeur.xlsx");

        page.WaitForAssertion(() => Assert.Contains("n'est pas un fichier texte CSV", page.Find("[data-testid=errors]").TextContent), Wait);
        Assert.Contains("Fichier", page.Find("[data-testid=errors] tbody tr").TextContent);
    }

    private static string[][] SkippedRows(IRenderedComponent<ImportPage> page) =>
        page.FindAll("[data-testid=skipped] tbody tr").Select(r => r.QuerySelectorAll("td").Select(c => c.TextContent.Trim()).ToArray()).ToArray();

    [Fact]
    public async Task A_siecle_file_is_previewed_with_its_school_year_and_the_pupils_who_left()
    {
        var page = await RenderAsAdministratorAsync();
        var xml = SiecleSamples.Eleves(
            [new("1001", "1234567890A", "MARTIN", "Léa", Structures: ["3A:D"]), new("1002", "1234567891B", "PETIT", "Noé", LeftOn: "12/03/2026")],
            uai: "0000001A");

        Upload(page, SiecleSamples.Bytes(xml), "ElevesSansAdresses.xml");

        page.WaitForAssertion(() => Assert.Equal("1", page.Find("[data-testid=count-create]").TextContent), Wait);
        Assert.Equal("Année scolaire 2025-2026", page.Find("[data-testid=school-year]").TextContent.Trim());
        Assert.Contains("1 personne laissée de côté par l'import", page.Markup);
        var left = Assert.Single(SkippedRows(page));
        Assert.Equal(["PETIT Noé", "sorti le 12/03"], left[1..]);
        // No STS-Web choice for a pupils' file.
        Assert.DoesNotContain(page.FindAll("label"), l => l.TextContent.Contains("Créer les comptes de direction"));
    }

    [Fact]
    public async Task An_sts_file_lists_the_staff_left_out_and_ticking_the_direction_accounts_moves_the_principal_to_the_creations()
    {
        var page = await RenderAsAdministratorAsync();
        var xml = SiecleSamples.Sts(
            [new("5001", "BESSON", "Claire", "ENS"), new("5003", "LEFÈVRE", "Éloïse", "DIR"), new("5004", "ROUSSEAU", "Marc", "EDU")],
            [("3A", ["5001"])], uai: "0000001A");

        Upload(page, SiecleSamples.Bytes(xml, "ISO-8859-1"), "sts_emp_0000001A_2025.xml");

        page.WaitForAssertion(() => Assert.Equal("1", page.Find("[data-testid=count-create]").TextContent), Wait);
        Assert.Contains("Personnels qui arrivent", page.Markup);
        Assert.Equal([["LEFÈVRE Éloïse", "direction : compte non créé (cochez « Créer les comptes de direction »)"], ["ROUSSEAU Marc", "CPE (EDU) : non importé"]],
            SkippedRows(page).Select(r => r[1..]));

        page.FindAll("label").Single(l => l.TextContent.Contains("Créer les comptes de direction")).QuerySelector("input[type=checkbox]")!.Change(true);

        page.WaitForAssertion(() => Assert.Equal("2", page.Find("[data-testid=count-create]").TextContent), Wait);
        Assert.Equal([["ROUSSEAU Marc", "CPE (EDU) : non importé"]], SkippedRows(page).Select(r => r[1..]));
    }
}
