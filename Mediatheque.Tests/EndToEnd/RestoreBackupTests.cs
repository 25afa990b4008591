using Mediatheque.Core.AccountStates;
using Mediatheque.Core.Backups;
using Mediatheque.Core.Groups;
using Mediatheque.Core.Import;
using Mediatheque.Core.Users;
using Mediatheque.Tests.Core.Import;
using Mediatheque.Tests.EndToEnd.Pages;
using Microsoft.Data.Sqlite;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Mediatheque.Tests.EndToEnd;

/// <summary>
/// Issue 21: « The backup: restore one into a fresh folder, start the app on it, find a pupil who was deleted since. »
/// The backup is the one the rentrée's import takes before Zélie leaves; the daily job erases her three months later;
/// the restore follows the README's steps (« Restoring a backup », SQLite) and the real app, started on the restored
/// file, shows her again in « Liste des utilisateurs ».
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class RestoreBackupTests(BrowserFixture browser)
{
    [Fact]
    public async Task A_backup_restored_into_a_fresh_folder_starts_the_app_with_the_pupil_erased_since()
    {
        // The school, its rentrée: the new list names Jules, not Zélie. The app backs the database up before applying.
        await using var school = await TestDatabase.CreateAsync();
        var admin = await school.AddUserAsync("LEBRUN", "Claire", Profil.Administrateur, "admin", "admin-2026-longue-phrase");
        await school.AddUserAsync("FONTAINE", "Zélie", Profil.Eleve, "zf", "zelie2026", groups: [(GroupType.Classe, "Mme PAQUAY"), (GroupType.Niveau, "CE1")]);
        await school.AddUserAsync("ROUX", "Jules", Profil.Eleve, "jr", groups: [(GroupType.Classe, "Mme PAQUAY"), (GroupType.Niveau, "CE1")]);
        var rentree = ImportSamples.Own("ROUX;Jules;jr;;;;;Mme PAQUAY;CE1;;");
        var choices = new ImportChoices { AbsentPupilsLeave = true };
        var import = school.Get<ImportService>();
        var applied = await import.ApplyAsync(admin.Id, rentree, choices, await import.PreviewAsync(admin.Id, rentree, choices));
        Assert.True(applied.Succeeded, applied.Result.Message);
        var backup = Assert.Single(school.Get<DatabaseBackup>().Files());

        // Parti, then désactivée after 30 days, then erased after 60 more: the daily job, on those days.
        var job = school.Get<AccountStateJob>();
        school.Clock.Advance(TimeSpan.FromDays(31));
        Assert.Equal(1, (await job.RunAsync()).Deactivated);
        school.Clock.Advance(TimeSpan.FromDays(61));
        Assert.Equal(1, (await job.RunAsync()).Erased);
        await Assert.ThrowsAsync<InvalidOperationException>(() => school.FindUserAsync("zf"));

        // README « Restoring a backup », SQLite, into a fresh folder: the backup becomes App_Data/mediatheque.db, with no
        // -wal or -shm file beside it, then the app starts on it.
        var folder = Path.Combine(Path.GetTempPath(), $"mediatheque-restore-{Guid.NewGuid():N}");
        var database = Path.Combine(folder, "App_Data", "mediatheque.db");
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(database)!);
            File.Copy(backup, database);
            File.Delete(database + "-wal");
            File.Delete(database + "-shm");

            IAsyncLifetime app = new RestoredAppServer(database);
            await app.InitializeAsync();
            var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { Locale = "fr-FR", BaseURL = ((AppServer)app).BaseUrl });
            try
            {
                var page = await context.NewPageAsync();
                var signIn = new LoginPage(page);
                await signIn.GotoAsync();
                await signIn.SignInAsync("admin", "admin-2026-longue-phrase");
                var users = new UsersPage(page);
                await users.GotoAsync();
                await page.Locator("[data-circuit=ready]").WaitForAsync();

                await users.SearchAsync("fontaine");

                await Expect(users.Rows).ToHaveCountAsync(1);
                await Expect(users.Row("FONTAINE")).ToContainTextAsync("Zélie");
                await Expect(users.Count).ToHaveTextAsync("1 utilisateur");
            }
            finally
            {
                await context.CloseAsync();
                await app.DisposeAsync();
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>The app on the restored file (in place of its own fresh database).</summary>
    private sealed class RestoredAppServer(string database) : AppServer
    {
        protected override IDictionary<string, string> Settings => new Dictionary<string, string>
        {
            ["ConnectionStrings:Mediatheque"] = $"Data Source={database}",
        };
    }
}
