using Mediatheque.Core.Groups;
using Mediatheque.Core.Import;
using Mediatheque.Core.Persistence;
using Mediatheque.Core.Users;
using Microsoft.EntityFrameworkCore;
using static Mediatheque.Tests.Core.Import.Siecle.SiecleSamples;

namespace Mediatheque.Tests.Core.Import.Siecle;

/// <summary>A SIECLE export through the import everyone uses: read by its root element, checked against the school, planned and applied.</summary>
public abstract class SiecleImportServiceTests(DatabaseProvider provider) : IAsyncLifetime
{
    public sealed class OnSqlite() : SiecleImportServiceTests(DatabaseProvider.Sqlite);

    public sealed class OnPostgreSql() : SiecleImportServiceTests(DatabaseProvider.PostgreSql);

    /// <summary>The test database's school (TestDatabase).</summary>
    private const string SchoolUai = "0000001A";

    private static readonly ImportChoices Choices = new() { CreateMissingGroups = true };
    private static readonly Pupil Lea = new("1001", "1234567890A", "MARTIN", "Léa", "03/09/2012", "10310019110", null, null, "3A :D", "LATIN:G");
    private static readonly Pupil Noe = new("1002", "1234567891B", "DURAND", "Noé", "21/06/2013", "10110001110", null, null, "5B:D");

    private TestDatabase database = null!;
    private User admin = null!;

    public async Task InitializeAsync()
    {
        database = await TestDatabase.CreateAsync(provider);
        admin = await database.AddUserAsync("LEBRUN", "Claire", Profil.Administrateur, "admin");
    }

    public async Task DisposeAsync() => await database.DisposeAsync();

    private ImportService Service => database.Get<ImportService>();

    private async Task<(ImportPreview Preview, ImportOutcome Outcome)> ImportAsync(string xml, string fileName = "ElevesSansAdresses.xml")
    {
        var file = Service.Read(fileName, Bytes(xml));
        var preview = await Service.PreviewAsync(admin.Id, file, Choices);
        return (preview, await Service.ApplyAsync(admin.Id, file, Choices, preview));
    }

    private async Task<List<User>> PupilsAsync()
    {
        await using var db = database.CreateDbContext();
        return await db.Users.AsNoTracking().Include(u => u.Memberships).ThenInclude(m => m.Group)
            .Where(u => u.Profil == Profil.Eleve).OrderBy(u => u.Nom).ToListAsync();
    }

    private static string[] GroupsOf(User user, GroupType type) =>
        user.Memberships.Where(m => m.Group.Type == type).Select(m => m.Group.Name).Order().ToArray();

    [Fact]
    public async Task The_schools_siecle_file_creates_its_pupils_in_their_division_level_and_groups_and_leaves_out_those_who_left()
    {
        var leaver = Noe with { EleveId = "1003", Ine = "1234567892C", Nom = "PETIT", LeftOn = "12/03/2026" };

        var (preview, outcome) = await ImportAsync(Eleves([Lea, Noe, leaver], uai: SchoolUai));

        Assert.True(outcome.Succeeded, outcome.Result.Message);
        Assert.Equal(ImportFormat.SiecleEleves, preview.Format);
        Assert.Equal("2025-2026", preview.SchoolYear);
        Assert.Equal([("PETIT Noé", "sorti le 12/03")], preview.Skipped.Select(s => (s.Name, s.Reason)));
        var pupils = await PupilsAsync();
        Assert.Equal(["DURAND", "MARTIN"], pupils.Select(p => p.Nom));
        var lea = pupils[1];
        Assert.Equal(("1234567890A", "1001", new DateOnly(2012, 9, 3)), (lea.NationalId, lea.EstablishmentId, lea.BirthDate));
        Assert.Equal(["3A"], GroupsOf(lea, GroupType.Classe));
        Assert.Equal(["3e"], GroupsOf(lea, GroupType.Niveau));
        Assert.Equal(["LATIN"], GroupsOf(lea, GroupType.Groupe));
    }

    [Fact]
    public async Task Another_schools_siecle_file_is_refused_naming_both_schools_and_nothing_is_written()
    {
        var (preview, outcome) = await ImportAsync(Eleves([Lea, Noe]));

        Assert.Equal("Ce fichier est celui de l'établissement 0691234X ; vous gérez École de test (0000001A).", Assert.Single(preview.Issues).Message);
        Assert.Empty(preview.Creates);
        Assert.Empty(await PupilsAsync());
        Assert.Null(outcome.Applied?.Creates.FirstOrDefault());
    }

    [Fact]
    public async Task Next_year_a_pupil_whose_eleve_id_changed_is_found_by_ine_keeps_her_login_and_changes_class()
    {
        await ImportAsync(Eleves([Lea, Noe], uai: SchoolUai));
        var loginBefore = (await PupilsAsync()).Single(p => p.Nom == "MARTIN").Login;

        var (preview, outcome) = await ImportAsync(Eleves([Lea with { EleveId = "2001", Mef = "20010018110", Structures = ["2NDE4:D"] }, Noe], uai: SchoolUai));

        Assert.True(outcome.Succeeded, outcome.Result.Message);
        Assert.Empty(preview.Creates);
        var lea = (await PupilsAsync()).Single(p => p.Nom == "MARTIN");
        Assert.Equal((loginBefore, "2001"), (lea.Login, lea.EstablishmentId));
        Assert.Equal(["2NDE4"], GroupsOf(lea, GroupType.Classe));
        Assert.Equal(["2de"], GroupsOf(lea, GroupType.Niveau));
    }
}
