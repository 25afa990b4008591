using Mediatheque.Core;
using Mediatheque.Core.AccountStates;
using Mediatheque.Core.Audit;
using Mediatheque.Core.Backups;
using Mediatheque.Core.Groups;
using Mediatheque.Core.Import;
using Mediatheque.Core.Users;
using Mediatheque.Tests.Core.Import;
using Microsoft.Extensions.DependencyInjection;

namespace Mediatheque.Tests.Core.Backups;

/// <summary>
/// Issue 21, « a backup first », on SQLite: the app copies its database file (VACUUM INTO) into its backups folder before
/// an import makes pupils leave and each night, keeps the newest <c>Mediatheque:Backups:Keep</c> files, and a backup is
/// a whole database the app reads as it was when it was taken. Real files in a temporary folder.
/// </summary>
public sealed class SqliteBackupTests : IAsyncLifetime
{
    private TestDatabase database = null!;
    private User admin = null!;

    public async Task InitializeAsync() => await StartAsync();

    public async Task DisposeAsync() => await database.DisposeAsync();

    private DatabaseBackup Backup => database.Get<DatabaseBackup>();

    [Fact]
    public async Task A_backup_is_a_whole_database_in_the_backups_folder_holding_the_users_as_they_were_when_it_was_taken()
    {
        await database.AddUserAsync("BESSON", "Marion", Profil.Eleve, "bm", "marion2026");

        var outcome = await Backup.TakeAsync("test");
        await database.AddUserAsync("ROUX", "Jules", Profil.Eleve, "jr");

        Assert.True(outcome.Succeeded, outcome.Message);
        // Named by the school's clock (Paris, 10:30 on 01/09/2026), in the configured folder.
        Assert.Equal(Path.Combine(database.BackupFolder, "mediatheque-20260901-103000.db"), outcome.Path);
        Assert.Equal($"Sauvegarde de la base faite avant d'appliquer : {outcome.Path}", outcome.Message);
        Assert.Equal([outcome.Path!], Backup.Files());
        Assert.Equal("ok", await BackupFile.IntegrityAsync(outcome.Path!));
        Assert.Equal(["admin", "bm"], (await BackupFile.UsersAsync(outcome.Path!)).Select(u => u.Login));
    }

    [Fact]
    public async Task The_folder_keeps_the_newest_backups_the_setting_asks_for_and_removes_the_older_ones()
    {
        await StartAsync(new() { ["Mediatheque:Backups:Keep"] = "3" });
        // A copy the administrator put there by hand: not the app's to remove.
        Directory.CreateDirectory(database.BackupFolder);
        var byHand = Path.Combine(database.BackupFolder, "mediatheque-avant-restauration.db");
        await File.WriteAllTextAsync(byHand, string.Empty);
        var taken = new List<string>();
        for (var night = 0; night < 5; night++)
        {
            await database.AddUserAsync("ÉLÈVE", $"Numéro {night}", Profil.Eleve, $"e{night}");
            taken.Add((await Backup.TakeAsync("test")).Path!);
            database.Clock.Advance(TimeSpan.FromDays(1));
        }

        Assert.Equal(taken.Skip(2).Reverse(), Backup.Files());
        Assert.False(File.Exists(taken[0]));
        Assert.False(File.Exists(taken[1]));
        Assert.True(File.Exists(byHand));
        Assert.Equal(["admin", "e0", "e1", "e2", "e3", "e4"], (await BackupFile.UsersAsync(Backup.Files()[0])).Select(u => u.Login));
    }

    [Fact]
    public async Task A_second_backup_within_the_same_second_is_kept_as_the_newest()
    {
        // Two schools' administrators applying their rentrée at the same moment: two backups, one second.
        await StartAsync(new() { ["Mediatheque:Backups:Keep"] = "1" });
        var first = await Backup.TakeAsync("test");
        await database.AddUserAsync("BESSON", "Marion", Profil.Eleve, "bm");

        var second = await Backup.TakeAsync("test");

        Assert.NotEqual(first.Path, second.Path);
        Assert.Equal([second.Path!], Backup.Files());
        Assert.Equal(["admin", "bm"], (await BackupFile.UsersAsync(second.Path!)).Select(u => u.Login));
    }

    [Fact]
    public async Task The_nightly_backup_is_taken_once_a_school_day_whichever_node_asks()
    {
        // A second node: its own services on the same database and the same clock.
        var services = new ServiceCollection().AddLogging().AddMediathequeCore(database.Configuration);
        services.AddSingleton<TimeProvider>(database.Clock);
        await using var secondNode = services.BuildServiceProvider();
        IServiceProvider[] nodes = [database.Services, secondNode];
        async Task<BackupOutcome?[]> BothNodesAsync() => await Task.WhenAll(nodes.Select(node => Task.Run(async () =>
        {
            await using var scope = node.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<DatabaseBackup>().TakeNightlyAsync();
        })));

        var tonight = await BothNodesAsync();
        var again = await BothNodesAsync();
        database.Clock.Advance(TimeSpan.FromDays(1));
        var tomorrow = await BothNodesAsync();

        Assert.True(Assert.Single(tonight, o => o is not null)!.Succeeded);
        Assert.All(again, Assert.Null);
        Assert.Single(tomorrow, o => o is not null);
        Assert.Equal(2, Backup.Files().Count);
    }

    [Fact]
    public async Task No_nightly_backup_when_the_setting_turns_it_off()
    {
        await StartAsync(new() { ["Mediatheque:Backups:Nightly"] = "false" });

        Assert.Null(await Backup.TakeNightlyAsync());
        Assert.Empty(Backup.Files());
    }

    [Fact]
    public async Task An_import_that_makes_a_pupil_leave_takes_a_backup_first_where_she_is_still_actif()
    {
        await AddClassAsync();
        var file = ImportSamples.Own("BESSON;Marion;bm;;;;;Mme PAQUAY;CE1;;", "ROUX;Jules;jr;;;;;Mme PAQUAY;CE1;;");
        var choices = new ImportChoices { AbsentPupilsLeave = true };
        var service = database.Get<ImportService>();

        var preview = await service.PreviewAsync(admin.Id, file, choices);
        var outcome = await service.ApplyAsync(admin.Id, file, choices, preview);

        Assert.True(outcome.Succeeded, outcome.Result.Message);
        Assert.Equal(
            "Avant d'appliquer, la Médiathèque fait une sauvegarde complète de la base (dossier des sauvegardes, « backups » à côté de la base).",
            preview.BackupNotice);
        var backup = Assert.Single(Backup.Files());
        Assert.Equal($"Sauvegarde de la base faite avant d'appliquer : {backup}", outcome.Backup);
        Assert.Equal(["pl"], outcome.Applied!.Leaves.Select(l => l.Login));
        Assert.Equal(AccountState.Parti, (await database.FindUserAsync("pl")).State);
        Assert.Equal(AccountState.Actif, (await BackupFile.UsersAsync(backup)).Single(u => u.Login == "pl").State);
        // The journal's line of the import says where the backup is.
        var line = (await database.Get<Journal>().SearchAsync(admin.Id, new JournalQuery(Action: AuditAction.Import))).Lines.Single();
        Assert.EndsWith(backup, line.Details);
    }

    [Fact]
    public async Task An_import_whose_backup_cannot_be_written_changes_nothing_and_says_why()
    {
        // The backups « folder » is a file: the copy cannot be made there (as with a full disk or a folder without rights).
        var notAFolder = Path.Combine(Path.GetTempPath(), $"mediatheque-test-not-a-folder-{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(notAFolder, string.Empty);
        try
        {
            await StartAsync(new() { ["Mediatheque:Backups:Folder"] = notAFolder });
            await AddClassAsync();
            var file = ImportSamples.Own("BESSON;Marion;bm;;;;;Mme PAQUAY;CE1;;", "ROUX;Jules;jr;;;;;Mme PAQUAY;CE1;;");
            var choices = new ImportChoices { AbsentPupilsLeave = true };
            var service = database.Get<ImportService>();

            var outcome = await service.ApplyAsync(admin.Id, file, choices, await service.PreviewAsync(admin.Id, file, choices));

            Assert.False(outcome.Succeeded);
            Assert.StartsWith("La sauvegarde de la base a échoué (", outcome.Result.Message);
            Assert.EndsWith($"vérifiez l'espace disque et les droits du dossier « {notAFolder} ». Rien n'a été enregistré.", outcome.Result.Message);
            Assert.Equal(AccountState.Actif, (await database.FindUserAsync("pl")).State);
        }
        finally
        {
            File.Delete(notAFolder);
        }
    }

    /// <summary>A fresh database (with these settings), its administrator first.</summary>
    private async Task StartAsync(Dictionary<string, string?>? settings = null)
    {
        if (database is not null)
        {
            await database.DisposeAsync();
        }

        database = await TestDatabase.CreateAsync(settings);
        admin = await database.AddUserAsync("LEBRUN", "Claire", Profil.Administrateur, "admin");
    }

    /// <summary>Three pupils of one class: the rentrée's list names two, Léo has left.</summary>
    private async Task AddClassAsync()
    {
        await database.AddUserAsync("BESSON", "Marion", Profil.Eleve, "bm", groups: [(GroupType.Classe, "Mme PAQUAY"), (GroupType.Niveau, "CE1")]);
        await database.AddUserAsync("ROUX", "Jules", Profil.Eleve, "jr", groups: [(GroupType.Classe, "Mme PAQUAY"), (GroupType.Niveau, "CE1")]);
        await database.AddUserAsync("PARTI", "Léo", Profil.Eleve, "pl", groups: [(GroupType.Classe, "Mme PAQUAY"), (GroupType.Niveau, "CE1")]);
    }
}
