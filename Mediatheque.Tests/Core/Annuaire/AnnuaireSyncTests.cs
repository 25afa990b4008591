using Mediatheque.Core.Annuaire;
using Mediatheque.Core.Audit;
using Mediatheque.Core.Groups;
using Mediatheque.Core.Persistence;
using Mediatheque.Core.Users;
using Mediatheque.Tests.Annuaire;
using Microsoft.EntityFrameworkCore;

namespace Mediatheque.Tests.Core.Annuaire;

/// <summary>
/// The synchronisation against a real slapd holding the test school (ecole.ldif: 14 entries, 12 usable),
/// which answers at most 5 entries a page. The directory is only read here; each test has its own database.
/// </summary>
public abstract class AnnuaireSyncTests(EcoleDirectory directory, DatabaseProvider provider) : AnnuaireDatabaseTests(directory, provider)
{
    public sealed class OnSqlite(EcoleDirectory directory) : AnnuaireSyncTests(directory, DatabaseProvider.Sqlite);

    public sealed class OnPostgreSql(EcoleDirectory directory) : AnnuaireSyncTests(directory, DatabaseProvider.PostgreSql);

    private AnnuaireSync Sync => Database.Get<AnnuaireSync>();

    [Fact]
    public async Task The_first_synchronisation_creates_the_directorys_pupils_and_teachers_with_their_classes()
    {
        var run = await Sync.SyncNowAsync(Admin.Id);

        Assert.True(run.Succeeded, run.Error);
        // 14 entries, more than the server's 5 a page: all of them were read.
        Assert.Equal((14, 12, 0, 0, 2), (run.Entries, run.Created, run.Updated, run.Deactivated, run.Skipped));
        var eloise = await UserAsync("eloise.lefevre");
        Assert.Equal(("LEFÈVRE", "Éloïse", Profil.Eleve, UserSource.Annuaire, "1234567890A"), (eloise.Nom, eloise.Prenom, eloise.Profil, eloise.Source, eloise.NationalId));
        Assert.True(Guid.TryParse(eloise.AnnuaireId, out _), eloise.AnnuaireId);
        Assert.Null(eloise.Account.PasswordHash);
        Assert.False(eloise.Account.MustChangePassword);
        Assert.Equal(["CE1 A"], Classes(eloise));
        Assert.Equal(["CM1 Anglais", "CM1 B"], Classes(await UserAsync("noe.francois")));
        var agathe = await UserAsync("agathe.perrin");
        Assert.Equal((Profil.Enseignant, "agathe.perrin@ecole.test"), (agathe.Profil, agathe.Email));
        Assert.Equal(["CE1 A"], Classes(agathe));

        await using var db = Database.CreateDbContext();
        var line = await db.AuditEntries.SingleAsync(a => a.Action == AuditAction.AnnuaireSync);
        Assert.Equal("admin", line.ActorLogin);
        Assert.Contains("14 entrée(s) lue(s) ; 12 créé(s), 0 modifié(s), 0 parti(s), 0 inchangé(s), 2 entrée(s) ignorée(s)", line.Details);
        Assert.Equal(run.Id, (await Sync.LastRunAsync(Admin.Id)).Run!.Id);
    }

    [Fact]
    public async Task The_last_run_is_for_administrators_as_they_are_now()
    {
        await Sync.SyncNowAsync(Admin.Id);
        await using (var db = Database.CreateDbContext())
        {
            await db.Users.Where(u => u.Id == Admin.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.Profil, Profil.Enseignant));
        }

        var last = await Sync.LastRunAsync(Admin.Id);

        Assert.False(last.Allowed);
        Assert.Null(last.Run);
    }

    [Fact]
    public async Task Entries_that_cannot_be_used_are_skipped_and_reported_in_french_with_the_entry_and_the_attribute()
    {
        var run = await Sync.SyncNowAsync(Admin.Id);

        Assert.Contains("« uid=sans.prenom,ou=personnes,dc=ecole,dc=test » (givenName) : Le prénom est obligatoire.", run.Issues);
        Assert.Contains("« uid=gerard.moreau,ou=personnes,dc=ecole,dc=test » (employeeType) : Profil « PERSONNEL » inconnu", run.Issues);
        await using var db = Database.CreateDbContext();
        Assert.False(await db.Users.AnyAsync(u => u.Login == "sans.prenom" || u.Login == "gerard.moreau"));
    }

    [Fact]
    public async Task A_local_account_with_the_same_login_is_untouched_and_reported()
    {
        var local = await Database.AddUserAsync("MARTIN", "Lucas-Local", login: "lucas.martin", password: "local-2026", groups: (GroupType.Classe, "CP B"));

        var run = await Sync.SyncNowAsync(Admin.Id);

        Assert.True(run.Succeeded, run.Error);
        Assert.Equal(11, run.Created);
        Assert.Contains("« uid=lucas.martin,ou=personnes,dc=ecole,dc=test » : L'identifiant « lucas.martin » est celui d'un compte local", run.Issues);
        var after = await UserAsync("lucas.martin");
        Assert.Equal((local.Id, "Lucas-Local", UserSource.Local, local.Account.PasswordHash, local.Version, (string?)null, (string?)null),
            (after.Id, after.Prenom, after.Source, after.Account.PasswordHash, after.Version, after.AnnuaireId, after.NationalId));
        Assert.Equal(["CP B"], Classes(after));
    }

    [Fact]
    public async Task A_second_synchronisation_changes_nothing()
    {
        await Sync.SyncNowAsync(Admin.Id);
        var before = await SnapshotAsync();

        var second = await Sync.SyncNowAsync(Admin.Id);

        Assert.True(second.Succeeded, second.Error);
        Assert.Equal((0, 0, 0, 12, 2), (second.Created, second.Updated, second.Deactivated, second.Unchanged, second.Skipped));
        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task A_page_larger_than_the_server_allows_is_explained_and_nothing_changes()
    {
        await using var wide = await TestDatabase.CreateAsync(Provider, Directory.Server.Settings(pageSize: 50));
        var administrator = await wide.AddUserAsync("LEBRUN", "Claire", Profil.Administrateur, "admin");

        var run = await wide.Get<AnnuaireSync>().SyncNowAsync(administrator.Id);

        Assert.False(run.Succeeded);
        Assert.Contains("refuse des pages de 50 entrées : baissez Mediatheque:Annuaire:Ldap:PageSize", run.Error);
        await using var db = wide.CreateDbContext();
        Assert.Equal(1, await db.Users.CountAsync());
        Assert.Contains("échec, rien n'a été modifié", (await db.AuditEntries.SingleAsync(a => a.Action == AuditAction.AnnuaireSync)).Details);
    }

    [Fact]
    public async Task An_unreachable_directory_is_reported_and_deactivates_nobody()
    {
        await using var down = await DatabaseWhereAsync("Url", "ldap://127.0.0.1:1");
        var administrator = await down.FindUserAsync("admin");
        await down.AddUserAsync("ROUX", "Chloé", login: "chloe.roux", source: UserSource.Annuaire);

        var run = await down.Get<AnnuaireSync>().SyncNowAsync(administrator.Id);

        Assert.False(run.Succeeded);
        Assert.Equal("L'annuaire fédérateur « ENT Test » ne répond pas (ldap://127.0.0.1:1).", run.Error);
        Assert.True((await down.FindUserAsync("chloe.roux")).IsActive);
    }

    [Fact]
    public async Task A_search_that_finds_nobody_deactivates_nobody()
    {
        await using var empty = await DatabaseWhereAsync("BaseDn", "ou=services," + Slapd.Suffix);
        var administrator = await empty.FindUserAsync("admin");
        await empty.AddUserAsync("ROUX", "Chloé", login: "chloe.roux", source: UserSource.Annuaire);

        var run = await empty.Get<AnnuaireSync>().SyncNowAsync(administrator.Id);

        Assert.False(run.Succeeded);
        Assert.Contains("aucun utilisateur", run.Error);
        Assert.Contains("personne n'a été désactivé", run.Error);
        Assert.True((await empty.FindUserAsync("chloe.roux")).IsActive);
    }

    [Fact]
    public async Task Only_an_administrator_synchronises_or_tests_the_connection()
    {
        var teacher = await Database.AddUserAsync("PAQUAY", "Sophie", Profil.Enseignant, "paquay");

        var run = await Sync.SyncNowAsync(teacher.Id);
        var test = await Sync.TestAsync(teacher.Id);

        Assert.Equal(AnnuaireSync.NotAllowed, run.Error);
        Assert.Equal((false, AnnuaireSync.NotAllowed), (test.Succeeded, test.Message));
        await using var db = Database.CreateDbContext();
        Assert.Equal(2, await db.Users.CountAsync());
    }

    [Fact]
    public async Task Testing_the_connection_says_whether_the_service_account_reads_the_directory()
    {
        var ok = await Sync.TestAsync(Admin.Id);
        await using var refused = await DatabaseWhereAsync("BindPassword", "pas-le-bon");
        var administrator = await refused.FindUserAsync("admin");

        var wrong = await refused.Get<AnnuaireSync>().TestAsync(administrator.Id);

        Assert.True(ok.Succeeded, ok.Message);
        Assert.Contains("Connexion réussie", ok.Message);
        Assert.False(wrong.Succeeded);
        Assert.Equal("L'annuaire « ENT Test » refuse le compte de service : vérifiez Mediatheque:Annuaire:Ldap:BindDn et BindPassword.", wrong.Message);
    }

    [Fact]
    public async Task A_database_failure_during_a_run_is_said_in_french_and_changes_nothing()
    {
        await using (var db = Database.CreateDbContext())
        {
            // The run's own record cannot be written: neither the changes nor the record of the failure.
            await db.Database.ExecuteSqlRawAsync("DROP TABLE \"AnnuaireRuns\"");
        }

        var run = await Sync.SyncNowAsync(Admin.Id);

        Assert.False(run.Succeeded);
        Assert.Equal(AnnuaireSync.Unexpected, run.Error);
        await using var after = Database.CreateDbContext();
        Assert.Equal(1, await after.Users.CountAsync());
        Assert.Null(await Sync.RunningSinceAsync());
    }

    private async Task<User> UserAsync(string login)
    {
        await using var db = Database.CreateDbContext();
        return await db.Users.AsNoTracking().Include(u => u.Account).Include(u => u.Memberships).ThenInclude(m => m.Group).SingleAsync(u => u.Login == login);
    }

    private static string[] Classes(User user) =>
        user.Memberships.Where(m => m.Group.Type == GroupType.Classe).Select(m => m.Group.Name).Order(StringComparer.Ordinal).ToArray();

    private async Task<string> SnapshotAsync()
    {
        await using var db = Database.CreateDbContext();
        var users = await db.Users.OrderBy(u => u.Id).Select(u => $"{u.Id}:{u.Login}:{u.Version}:{u.Account.SecurityStamp}:{u.IsActive}").ToListAsync();
        var memberships = await db.Memberships.OrderBy(m => m.UserId).ThenBy(m => m.GroupId).Select(m => $"{m.UserId}-{m.GroupId}").ToListAsync();
        return string.Join(",", users) + "|" + string.Join(",", memberships) + "|" + await db.Groups.CountAsync();
    }
}
