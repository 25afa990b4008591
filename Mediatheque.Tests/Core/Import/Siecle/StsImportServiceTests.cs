using Mediatheque.Core.Groups;
using Mediatheque.Core.Import;
using Mediatheque.Core.Persistence;
using Mediatheque.Core.Users;
using Microsoft.EntityFrameworkCore;
using static Mediatheque.Tests.Core.Import.Siecle.SiecleSamples;

namespace Mediatheque.Tests.Core.Import.Siecle;

/// <summary>STS-Web's staff through the import: teachers in their divisions, the direction when asked, everyone else left alone.</summary>
public abstract class StsImportServiceTests(DatabaseProvider provider) : IAsyncLifetime
{
    public sealed class OnSqlite() : StsImportServiceTests(DatabaseProvider.Sqlite);

    public sealed class OnPostgreSql() : StsImportServiceTests(DatabaseProvider.PostgreSql);

    private const string SchoolUai = "0000001A";

    private static readonly Staff Besson = new("5001", "BESSON", "Claire", "ENS", "1979-11-02");
    private static readonly Staff Nguyen = new("5002", "NGUYEN", "Thành", "ENS");
    private static readonly Staff Principal = new("5003", "LEFÈVRE", "Éloïse", "DIR");
    private static readonly Staff Cpe = new("5004", "ROUSSEAU", "Marc", "EDU");
    private static readonly Staff Documentaliste = new("5005", "OUDIN", "Anne", "DOC");

    private TestDatabase database = null!;
    private User admin = null!;

    public async Task InitializeAsync()
    {
        database = await TestDatabase.CreateAsync(provider);
        admin = await database.AddUserAsync("LEBRUN", "Claire", Profil.Administrateur, "admin");
    }

    public async Task DisposeAsync() => await database.DisposeAsync();

    private ImportService Service => database.Get<ImportService>();

    private static string StsFile(IEnumerable<Staff> staff, params (string, string[])[] divisions) =>
        Sts(staff, divisions, uai: SchoolUai);

    private async Task<(ImportPreview Preview, ImportOutcome Outcome)> ImportAsync(string xml, ImportChoices choices, User? actor = null)
    {
        var file = Service.Read("sts_emp_0000001A_2025.xml", Bytes(xml, "ISO-8859-1"));
        var preview = await Service.PreviewAsync((actor ?? admin).Id, file, choices);
        return (preview, await Service.ApplyAsync((actor ?? admin).Id, file, choices, preview));
    }

    private async Task<User?> PersonAsync(string nom)
    {
        await using var db = database.CreateDbContext();
        return await db.Users.AsNoTracking().Include(u => u.Account).Include(u => u.Memberships).ThenInclude(m => m.Group)
            .SingleOrDefaultAsync(u => u.Nom == nom);
    }

    private async Task SetBirthDateAsync(string login, DateOnly birthDate)
    {
        await using var db = database.CreateDbContext();
        (await db.Users.SingleAsync(u => u.Login == login)).BirthDate = birthDate;
        await db.SaveChangesAsync();
    }

    private static string[] ClassesOf(User user) =>
        user.Memberships.Where(m => m.Group.Type == GroupType.Classe).Select(m => m.Group.Name).Order().ToArray();

    [Fact]
    public async Task Teachers_are_created_in_the_divisions_they_teach_and_the_other_functions_are_listed_as_left_out()
    {
        var (preview, outcome) = await ImportAsync(StsFile([Besson, Nguyen, Principal, Cpe, Documentaliste], ("3A", ["5001", "5002"]), ("4B", ["5001"])),
            new ImportChoices { CreateMissingGroups = true });

        Assert.True(outcome.Succeeded, outcome.Result.Message);
        Assert.Equal("2025-2026", preview.SchoolYear);
        Assert.Empty(preview.Issues);
        Assert.Equal(["BESSON Claire", "NGUYEN Thành"], preview.Creates.Select(c => c.FullName));
        Assert.Equal(
            [("LEFÈVRE Éloïse", "direction : compte non créé (cochez « Créer les comptes de direction »)"),
             ("ROUSSEAU Marc", "CPE (EDU) : non importé"), ("OUDIN Anne", "documentaliste (DOC) : non importé")],
            preview.Skipped.Select(s => (s.Name, s.Reason)));
        var besson = (await PersonAsync("BESSON"))!;
        Assert.Equal((Profil.Enseignant, "STS-5001", new DateOnly(1979, 11, 2)), (besson.Profil, besson.EstablishmentId, besson.BirthDate));
        Assert.Equal(["3A", "4B"], ClassesOf(besson));
        Assert.Equal(["3A"], ClassesOf((await PersonAsync("NGUYEN"))!));
        Assert.Null(await PersonAsync("LEFÈVRE"));
        Assert.Null(await PersonAsync("ROUSSEAU"));
        // No password in an STS file: a new teacher's first one is generated for the slips, as for any account the import creates.
        var slip = Assert.Single(outcome.Credentials, c => c.Login == besson.Login);
        Assert.True(database.Get<Mediatheque.Core.Passwords.PasswordHasher>().Verify(slip.Password, besson.Account.PasswordHash));
    }

    [Fact]
    public async Task A_hand_made_documentaliste_and_the_pupils_survive_every_sts_import_even_with_deactivation_ticked()
    {
        await database.AddUserAsync("OUDIN", "Anne", Profil.Enseignant, "oudin", groups: (GroupType.Groupe, "CDI"));
        await database.AddUserAsync("MARTIN", "Léa", Profil.Eleve, "ml", groups: (GroupType.Classe, "3A"));
        await database.AddUserAsync("ROUSSEAU", "Marc", Profil.AdministrateurSecondaire, "rousseau");
        var everything = new ImportChoices { CreateMissingGroups = true, AbsentPupilsLeave = true, CreateDirectionAccounts = true };

        // A teacher who shares a pupil's name is someone else: STS-Web never matches a pupil.
        var namesake = new Staff("5009", "MARTIN", "Léa", "ENS");
        var (first, _) = await ImportAsync(StsFile([Besson, Cpe, Documentaliste, namesake], ("3A", ["5001"]), ("4B", ["5009"])), everything);
        var (second, outcome) = await ImportAsync(StsFile([Nguyen], ("3A", ["5002"])), everything);

        Assert.True(outcome.Succeeded, outcome.Result.Message);
        Assert.Empty(first.Leaves);
        Assert.Empty(second.Leaves);
        Assert.DoesNotContain(first.Updates.Concat(second.Updates), u => u.Login is "oudin" or "ml" or "rousseau");
        foreach (var (login, profil) in new[] { ("oudin", Profil.Enseignant), ("ml", Profil.Eleve), ("rousseau", Profil.AdministrateurSecondaire) })
        {
            var after = await database.FindUserAsync(login);
            Assert.True(after.IsActive, login);
            Assert.Equal(profil, after.Profil);
            Assert.Null(after.EstablishmentId);
        }

        Assert.Equal(["CDI"], (await PersonAsync("OUDIN"))!.Memberships.Select(m => m.Group.Name));
        await using var db = database.CreateDbContext();
        var martins = await db.Users.AsNoTracking().Include(u => u.Memberships).ThenInclude(m => m.Group).Where(u => u.Nom == "MARTIN").ToListAsync();
        Assert.Equal(["3A"], ClassesOf(martins.Single(u => u.Login == "ml")));
        Assert.Equal((Profil.Enseignant, "STS-5009"), (martins.Single(u => u.Login != "ml").Profil, martins.Single(u => u.Login != "ml").EstablishmentId));
        // The teacher the first import created and the second did not list stays active too: staff are never deactivated by STS.
        Assert.True((await PersonAsync("BESSON"))!.IsActive);
    }

    [Fact]
    public async Task The_direction_gets_a_secondary_administrator_account_only_when_ticked_and_only_from_an_administrator()
    {
        var xml = StsFile([Besson, Principal], ("3A", ["5001"]));
        var secondary = await database.AddUserAsync("PIRES", "Ana", Profil.AdministrateurSecondaire, "pires");

        var (bySecondary, _) = await ImportAsync(xml, new ImportChoices { CreateMissingGroups = true, CreateDirectionAccounts = true }, secondary);
        Assert.Contains(bySecondary.Issues, i => i.Message == "Seul un administrateur peut créer un compte de direction (ADMINISTRATEUR SECONDAIRE) : non créé.");
        Assert.Null(await PersonAsync("LEFÈVRE"));

        var (unticked, _) = await ImportAsync(xml, new ImportChoices { CreateMissingGroups = true });
        Assert.Null(await PersonAsync("LEFÈVRE"));
        Assert.Contains(unticked.Skipped, s => s.Name == "LEFÈVRE Éloïse");

        var (ticked, outcome) = await ImportAsync(xml, new ImportChoices { CreateMissingGroups = true, CreateDirectionAccounts = true });
        Assert.True(outcome.Succeeded, outcome.Result.Message);
        Assert.Equal(["LEFÈVRE Éloïse"], ticked.Creates.Select(c => c.FullName));
        Assert.Empty(ticked.Skipped);
        Assert.Equal((Profil.AdministrateurSecondaire, "STS-5003"), ((await PersonAsync("LEFÈVRE"))!.Profil, (await PersonAsync("LEFÈVRE"))!.EstablishmentId));
    }

    [Fact]
    public async Task A_hand_made_teacher_is_found_by_name_and_birth_date_then_by_sts_id_after_a_change_of_name()
    {
        await database.AddUserAsync("BESSON", "Claire", Profil.Enseignant, "cbesson");
        await SetBirthDateAsync("cbesson", new DateOnly(1979, 11, 2));
        // A namesake born another day is someone else.
        await database.AddUserAsync("NGUYEN", "Thành", Profil.Enseignant, "tnguyen");
        await SetBirthDateAsync("tnguyen", new DateOnly(1990, 1, 1));

        var choices = new ImportChoices { CreateMissingGroups = true };
        var (first, _) = await ImportAsync(StsFile([Besson, Nguyen], ("3A", ["5001", "5002"])), choices);
        var (second, outcome) = await ImportAsync(StsFile([Besson with { Nom = "BESSON-ROY" }], ("4B", ["5001"])), choices);

        Assert.True(outcome.Succeeded, outcome.Result.Message);
        Assert.Equal(["cbesson"], first.Updates.Select(u => u.Login));
        Assert.Equal(["NGUYEN Thành"], first.Creates.Select(c => c.FullName));
        Assert.Equal(["cbesson"], second.Updates.Select(u => u.Login));
        var teacher = await database.FindUserAsync("cbesson");
        Assert.Equal(("BESSON-ROY", "STS-5001", Profil.Enseignant), (teacher.Nom, teacher.EstablishmentId, teacher.Profil));
        Assert.Equal(["4B"], ClassesOf((await PersonAsync("BESSON-ROY"))!));
        Assert.Null((await database.FindUserAsync("tnguyen")).EstablishmentId);
    }
}
