using Mediatheque.Core.AccountStates;
using Mediatheque.Core.Import;
using Mediatheque.Core.Persistence;
using Mediatheque.Core.Users;
using Microsoft.EntityFrameworkCore;
using static Mediatheque.Tests.Core.Import.Siecle.SiecleSamples;

namespace Mediatheque.Tests.Core.Import.Siecle;

/// <summary>SIECLE's legal representatives through the import: names and e-mails of the pupils the pupils' import made, nothing else.</summary>
public abstract class SiecleResponsablesImportTests(DatabaseProvider provider) : IAsyncLifetime
{
    public sealed class OnSqlite() : SiecleResponsablesImportTests(DatabaseProvider.Sqlite);

    public sealed class OnPostgreSql() : SiecleResponsablesImportTests(DatabaseProvider.PostgreSql);

    private const string SchoolUai = "0000001A";

    private static readonly ImportChoices Choices = new() { CreateMissingGroups = true, AbsentPupilsLeave = true };
    private static readonly Pupil Lea = new("1001", "1234567890A", "MARTIN", "Léa", Structures: ["3A:D"]);
    private static readonly Pupil Noe = new("1002", "1234567891B", "DURAND", "Noé", Structures: ["5B:D"]);
    private static readonly Person Mother = new("7001", "MARTIN", "Claire", "claire.martin@example.org");
    private static readonly Person Father = new("7002", "MARTIN", "Éric", "eric.martin@example.org");
    private static readonly Person Uncle = new("7003", "DURAND", "Paul", null);

    private TestDatabase database = null!;
    private User admin = null!;

    public async Task InitializeAsync()
    {
        database = await TestDatabase.CreateAsync(provider);
        admin = await database.AddUserAsync("LEBRUN", "Claire", Profil.Administrateur, "admin");
    }

    public async Task DisposeAsync() => await database.DisposeAsync();

    private ImportService Service => database.Get<ImportService>();

    private async Task<(ImportPreview Preview, ImportOutcome Outcome)> ImportAsync(string xml, string fileName)
    {
        var file = Service.Read(fileName, Bytes(xml));
        var preview = await Service.PreviewAsync(admin.Id, file, Choices);
        return (preview, await Service.ApplyAsync(admin.Id, file, Choices, preview));
    }

    private Task<(ImportPreview Preview, ImportOutcome Outcome)> ImportResponsablesAsync(IEnumerable<Person> people, IEnumerable<Responsibility> links) =>
        ImportAsync(Responsables(people, links, uai: SchoolUai), "ResponsablesAvecAdresses.xml");

    private async Task<List<(string Pupil, int Position, string? Name, string? Email)>> RepresentativesAsync()
    {
        await using var db = database.CreateDbContext();
        return (await db.LegalRepresentatives.AsNoTracking().Select(r => new { r.User.Nom, r.Position, r.Name, r.Email }).ToListAsync())
            .Select(r => (r.Nom, r.Position, r.Name, r.Email)).OrderBy(r => r.Nom).ThenBy(r => r.Position).ToList();
    }

    private async Task<List<(string Nom, AccountState State)>> UsersAsync()
    {
        await using var db = database.CreateDbContext();
        return (await db.Users.AsNoTracking().OrderBy(u => u.Nom).ToListAsync()).Select(u => (u.Nom, u.State)).ToList();
    }

    [Fact]
    public async Task The_pupils_imported_from_siecle_get_their_legal_representatives_and_an_unknown_eleve_id_is_reported()
    {
        await ImportAsync(Eleves([Lea, Noe], uai: SchoolUai), "ElevesSansAdresses.xml");
        var usersBefore = await UsersAsync();

        var (preview, outcome) = await ImportResponsablesAsync([Mother, Father, Uncle],
            [new("1001", "7001", "1"), new("1001", "7002", "1"), new("1002", "7003", "1"), new("9999", "7001", "1")]);

        Assert.True(outcome.Succeeded, outcome.Result.Message);
        Assert.Equal(ImportFormat.SiecleResponsables, preview.Format);
        Assert.Empty(preview.Creates);
        Assert.Empty(preview.Leaves);
        Assert.Equal(["DURAND Noé", "MARTIN Léa"], preview.Updates.Select(u => u.FullName).Order());
        var unknown = Assert.Single(preview.Issues);
        Assert.StartsWith("ELEVE_ID « 9999 » : aucun élève de l'établissement n'a cet identifiant", unknown.Message, StringComparison.Ordinal);
        Assert.Equal(
            [("DURAND", 1, "DURAND Paul", null), ("MARTIN", 1, "MARTIN Claire", "claire.martin@example.org"), ("MARTIN", 2, "MARTIN Éric", "eric.martin@example.org")],
            await RepresentativesAsync());
        // No one created, renamed or deactivated, though « Désactiver les élèves absents » is ticked and the file names no one.
        Assert.Equal(usersBefore, await UsersAsync());
    }

    [Fact]
    public async Task A_new_list_replaces_each_position_removes_a_representative_no_longer_listed_and_never_reactivates_a_pupil()
    {
        await ImportAsync(Eleves([Lea, Noe], uai: SchoolUai), "ElevesSansAdresses.xml");
        await ImportResponsablesAsync([Mother, Father], [new("1001", "7001", "1"), new("1001", "7002", "1"), new("1002", "7002", "1")]);
        // Noé left: the next pupils' list no longer names him and he is « parti ».
        await ImportAsync(Eleves([Lea], uai: SchoolUai), "ElevesSansAdresses.xml");

        var stepMother = new Person("7004", "ROY", "Inès", null);
        var (preview, outcome) = await ImportResponsablesAsync([stepMother, Father], [new("1001", "7004", "1"), new("1002", "7002", "1")]);

        Assert.True(outcome.Succeeded, outcome.Result.Message);
        var lea = Assert.Single(preview.Updates, u => u.Nom == "MARTIN");
        Assert.Contains("Responsable légal 1 : MARTIN Claire (claire.martin@example.org) → ROY Inès (sans e-mail)", lea.Changes);
        Assert.Contains("Responsable légal 2 : MARTIN Éric (eric.martin@example.org) → —", lea.Changes);
        // Claire's address does not stay behind under Inès's name: notices would go to someone no longer responsible.
        Assert.Equal([("DURAND", 1, "MARTIN Éric", "eric.martin@example.org"), ("MARTIN", 1, "ROY Inès", null)], await RepresentativesAsync());
        Assert.Contains(("DURAND", AccountState.Parti), await UsersAsync());
    }
}
