using Mediatheque.Core.AccountStates;
using Mediatheque.Core.Backups;
using Mediatheque.Core.Groups;
using Mediatheque.Core.Import;
using Mediatheque.Core.Persistence;
using Mediatheque.Core.Users;
using Mediatheque.Tests.Core.Import;

namespace Mediatheque.Tests.Core.Backups;

/// <summary>
/// Issue 21 on PostgreSQL: the server is backed up by pg_dump on its own schedule (README, « Restoring a backup »), so
/// the app copies nothing, says so before anything is applied, and refuses nothing for it.
/// </summary>
public sealed class PostgreSqlBackupTests : IAsyncLifetime
{
    private TestDatabase database = null!;

    public async Task InitializeAsync() => database = await TestDatabase.CreateAsync(DatabaseProvider.PostgreSql);

    public async Task DisposeAsync() => await database.DisposeAsync();

    private DatabaseBackup Backup => database.Get<DatabaseBackup>();

    [Fact]
    public async Task The_app_takes_no_backup_of_a_postgresql_database_and_says_that_pg_dump_does()
    {
        var outcome = await Backup.TakeAsync("test");
        var nightly = await Backup.TakeNightlyAsync();

        Assert.False(Backup.BacksUpItself);
        Assert.Equal(new BackupOutcome(true, null, DatabaseBackup.NotByTheApp), outcome);
        Assert.Null(nightly);
        Assert.Equal(DatabaseBackup.NotByTheApp, Backup.Notice);
        Assert.Empty(Backup.Files());
        Assert.False(Directory.Exists(database.BackupFolder));
    }

    [Fact]
    public async Task A_pg_dump_restored_as_the_readme_says_brings_back_a_pupil_erased_since()
    {
        var admin = await database.AddUserAsync("LEBRUN", "Claire", Profil.Administrateur, "admin");
        await database.AddUserAsync("FONTAINE", "Zélie", Profil.Eleve, "zf", groups: [(GroupType.Classe, "Mme PAQUAY"), (GroupType.Niveau, "CE1")]);
        await database.AddUserAsync("ROUX", "Jules", Profil.Eleve, "jr", groups: [(GroupType.Classe, "Mme PAQUAY"), (GroupType.Niveau, "CE1")]);
        var server = await PostgreSqlServer.SharedAsync();
        var name = new Npgsql.NpgsqlConnectionStringBuilder(database.ConnectionString).Database!;
        // /tmp: a file the postgres user writes and reads, as /var/backups/mediatheque is in the README.
        var dump = Path.Combine(Path.GetTempPath(), $"mediatheque-test-{Guid.NewGuid():N}.dump");
        try
        {
            // The night's pg_dump -Fc (README, « Backups »).
            await server.RunToolAsync("pg_dump", $"-Fc -f {dump} {name}");
            // The rentrée makes Zélie leave; three months later the daily job has erased her.
            var rentree = ImportSamples.Own("ROUX;Jules;jr;;;;;Mme PAQUAY;CE1;;");
            var choices = new ImportChoices { AbsentPupilsLeave = true };
            var import = database.Get<ImportService>();
            Assert.True((await import.ApplyAsync(admin.Id, rentree, choices, await import.PreviewAsync(admin.Id, rentree, choices))).Succeeded);
            database.Clock.Advance(TimeSpan.FromDays(31));
            Assert.Equal(1, (await database.Get<AccountStateJob>().RunAsync()).Deactivated);
            database.Clock.Advance(TimeSpan.FromDays(61));
            Assert.Equal(1, (await database.Get<AccountStateJob>().RunAsync()).Erased);

            // README « Restoring a backup », PostgreSQL: the nodes stopped (no connection left), pg_restore in one transaction, start.
            Npgsql.NpgsqlConnection.ClearAllPools();
            await server.RunToolAsync("pg_restore", $"--clean --if-exists --single-transaction --exit-on-error -d {name} {dump}");
            await database.StartAsync();

            var zelie = await database.FindUserAsync("zf");
            Assert.Equal(("FONTAINE", AccountState.Actif), (zelie.Nom, zelie.State));
            Assert.Equal(AccountState.Actif, (await database.FindUserAsync("jr")).State);
        }
        finally
        {
            File.Delete(dump);
        }
    }

    [Fact]
    public async Task An_import_that_makes_a_pupil_leave_is_applied_and_tells_the_administrator_to_check_the_nights_pg_dump()
    {
        var admin = await database.AddUserAsync("LEBRUN", "Claire", Profil.Administrateur, "admin");
        foreach (var (nom, prenom, login) in new[] { ("BESSON", "Marion", "bm"), ("ROUX", "Jules", "jr"), ("PARTI", "Léo", "pl") })
        {
            await database.AddUserAsync(nom, prenom, Profil.Eleve, login, groups: [(GroupType.Classe, "Mme PAQUAY"), (GroupType.Niveau, "CE1")]);
        }

        var file = ImportSamples.Own("BESSON;Marion;bm;;;;;Mme PAQUAY;CE1;;", "ROUX;Jules;jr;;;;;Mme PAQUAY;CE1;;");
        var choices = new ImportChoices { AbsentPupilsLeave = true };
        var service = database.Get<ImportService>();

        var preview = await service.PreviewAsync(admin.Id, file, choices);
        var outcome = await service.ApplyAsync(admin.Id, file, choices, preview);

        Assert.True(outcome.Succeeded, outcome.Result.Message);
        Assert.Equal(DatabaseBackup.NotByTheApp, preview.BackupNotice);
        Assert.Equal(DatabaseBackup.NotByTheApp, outcome.Backup);
        Assert.Equal(AccountState.Parti, (await database.FindUserAsync("pl")).State);
        Assert.False(Directory.Exists(database.BackupFolder));
    }
}
