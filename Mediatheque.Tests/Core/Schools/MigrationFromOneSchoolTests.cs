using System.Security.Cryptography;
using System.Text;
using Mediatheque.Core.Accounts;
using Mediatheque.Core.Audit;
using Mediatheque.Core.LoginCards;
using Mediatheque.Core.Passwords;
using Mediatheque.Core.Persistence;
using Mediatheque.Core.Users;
using Microsoft.EntityFrameworkCore;

namespace Mediatheque.Tests.Core.Schools;

/// <summary>
/// A database of today's Médiathèque (one school, every migration up to the one before Schools, filled as that version
/// wrote it: users with their BCrypt hashes, classes, a journal, an open session, a sign-in card) starts on this
/// version: it becomes one school with everything it held, named from configuration, and its people sign in as before.
/// </summary>
public abstract class MigrationFromOneSchoolTests(DatabaseProvider provider) : IAsyncLifetime
{
    public sealed class OnSqlite() : MigrationFromOneSchoolTests(DatabaseProvider.Sqlite);

    public sealed class OnPostgreSql() : MigrationFromOneSchoolTests(DatabaseProvider.PostgreSql);

    private const string SessionToken = "une-session-ouverte-avant-la-mise-a-jour";

    private TestDatabase database = null!;
    private string cardToken = string.Empty;
    private int adminId;
    private int pupilId;

    public async Task InitializeAsync()
    {
        database = await TestDatabase.CreateBeforeAsync(provider, "Schools", new Dictionary<string, string?>
        {
            ["Mediatheque:SchoolName"] = "École élémentaire Jules-Ferry",
            ["Mediatheque:School:Uai"] = "0999001a",
        });
        await WriteAsTodaysVersionAsync();
        await database.StartAsync();
        await using var db = database.CreateUnscopedDbContext();
        database.SchoolId = await db.Schools.Select(s => s.Id).SingleAsync();
    }

    public async Task DisposeAsync() => await database.DisposeAsync();

    [Fact]
    public async Task It_becomes_one_school_named_from_configuration()
    {
        await using var db = database.CreateUnscopedDbContext();
        var school = await db.Schools.SingleAsync();

        Assert.Equal(("École élémentaire Jules-Ferry", "0999001A"), (school.Name, school.Uai));
        Assert.Equal(3, await db.Users.IgnoreQueryFilters().CountAsync(u => u.SchoolId == school.Id));
        Assert.Equal(3, await db.Accounts.CountAsync());
        Assert.Equal(2, await db.Groups.IgnoreQueryFilters().CountAsync(g => g.SchoolId == school.Id));
    }

    [Fact]
    public async Task Its_people_sign_in_with_the_passwords_they_had()
    {
        var signIn = database.Get<SignInService>();

        var admin = await signIn.SignInAsync("admin", "admin-2026-longue-phrase");
        var teacher = await signIn.SignInAsync("paquay", "paquay-2026-longue-phrase");
        var wrong = await signIn.SignInAsync("paquay", "pas-le-bon-mot-de-passe");
        var stillLocked = await signIn.SignInAsync("bm", "marion2026");
        database.Clock.Advance(TimeSpan.FromMinutes(11));
        var pupil = await signIn.SignInAsync("bm", "marion2026");

        Assert.Equal(SignInStatus.Succeeded, admin.Status);
        Assert.Equal([nameof(Profil.Administrateur)], admin.User!.Roles);
        Assert.Equal("LEBRUN Claire", admin.User.FullName);
        Assert.Equal(SignInStatus.Succeeded, teacher.Status);
        Assert.Equal(SignInStatus.Failed, wrong.Status);
        // Her lockout (ten minutes to go) and her password to change came along with her password.
        Assert.Equal(SignInStatus.LockedOut, stillLocked.Status);
        Assert.Equal(SignInStatus.Succeeded, pupil.Status);
        Assert.True(pupil.User!.MustChangePassword);
    }

    [Fact]
    public async Task A_session_opened_before_the_upgrade_stays_open_and_a_card_still_signs_in()
    {
        var admin = await database.FindUserAsync("admin");

        var session = await database.Get<SessionStore>().ValidateAsync(SessionToken, admin.AccountId, "stamp-admin");
        database.Clock.Advance(TimeSpan.FromMinutes(11)); // the card's pupil was locked out for ten more minutes
        var card = await database.Get<LoginCardService>().SignInAsync(cardToken, null);

        Assert.Equal(("admin", adminId), (session?.Login, admin.AccountId));
        Assert.Equal(SignInStatus.Succeeded, card.Status);
        Assert.Equal("bm", card.User!.Login);
    }

    [Fact]
    public async Task Its_administrator_manages_the_same_users_groups_and_journal()
    {
        var finder = database.Get<UserFinder>();

        var all = await finder.SearchAsync(adminId, new UserQuery());
        var byClass = await finder.SearchAsync(adminId, new UserQuery { Classe = "Mme PAQUAY" });
        var byName = await finder.SearchAsync(adminId, new UserQuery { Search = "marion bes" });
        var details = await database.Get<UserEditor>().GetAsync(adminId, pupilId);
        var journal = await database.Get<Journal>().SearchAsync(adminId, new JournalQuery());

        Assert.Equal(3, all.Total);
        Assert.Equal(["bm", "paquay"], byClass.Rows.Select(r => r.Login).Order());
        Assert.Equal(2, byClass.Total);
        Assert.Equal("bm", Assert.Single(byName.Rows).Login);
        Assert.Equal(("1234567890A", "JF-2026-001", true), (details!.NationalId, details.EstablishmentId, details.IsLockedOut));
        Assert.Equal(["CE1:Niveau", "Mme PAQUAY:Classe"], details.Groups.Select(g => $"{g.Name}:{g.Type}").Order());
        Assert.True(details.Edit.Allowed);
        Assert.Contains(Profil.Administrateur, details.AssignableProfiles);
        Assert.Equal(["Mot de passe réinitialisé", "Utilisateur créé"], journal.Lines.Select(l => l.Action.Label()).Order());
    }

    [Fact]
    public async Task New_people_and_a_platform_administrator_can_be_added_after_it()
    {
        var created = await database.Get<UserEditor>().CreateAsync(adminId, new UserEdit(
            0, 0, "NOUVEL", "Élève", Profil.Eleve, "ne", null, null, null, null, [], "mot-de-passe-26", "mot-de-passe-26"));
        var platform = await database.Get<FirstAdministrator>().CreateAsync(
            "plateforme", "DUMAS", "Hélène", "une phrase bien longue", "une phrase bien longue");

        Assert.True(created.Result.Succeeded, created.Result.Message);
        Assert.True(platform.Succeeded, platform.Message);
        Assert.Equal(SignInStatus.Succeeded, (await database.Get<SignInService>().SignInAsync("ne", "mot-de-passe-26")).Status);
        Assert.Equal(SignInStatus.Succeeded, (await database.Get<SignInService>().SignInAsync("plateforme", "une phrase bien longue")).Status);
    }

    /// <summary>What today's version (main before schools) holds, written with its own tables and columns.</summary>
    private async Task WriteAsTodaysVersionAsync()
    {
        var now = database.Clock.GetUtcNow().UtcDateTime;
        adminId = await OldUserAsync("LEBRUN", "Claire", Profil.Administrateur, "admin", "admin-2026-longue-phrase", "stamp-admin");
        pupilId = await OldUserAsync("BESSON", "Marion", Profil.Eleve, "bm", "marion2026", "stamp-bm", mustChange: true,
            nationalId: "1234567890A", schoolNumber: "JF-2026-001", lockedUntil: now.AddMinutes(10));
        var paquay = await OldUserAsync("PAQUAY", "Sophie", Profil.Enseignant, "paquay", "paquay-2026-longue-phrase", "stamp-paquay");

        await using var db = database.CreateUnscopedDbContext();
        await db.Database.ExecuteSqlRawAsync("""INSERT INTO "Groups" ("Name", "Type") VALUES ('Mme PAQUAY', 0), ('CE1', 1)""");
        var classe = await db.Database.SqlQueryRaw<int>("""SELECT "Id" AS "Value" FROM "Groups" WHERE "Name" = 'Mme PAQUAY'""").SingleAsync();
        var level = await db.Database.SqlQueryRaw<int>("""SELECT "Id" AS "Value" FROM "Groups" WHERE "Name" = 'CE1'""").SingleAsync();
        await db.Database.ExecuteSqlRawAsync("""INSERT INTO "Memberships" ("UserId", "GroupId") VALUES ({0}, {1}), ({0}, {2}), ({3}, {1})""", pupilId, classe, level, paquay);
        await db.Database.ExecuteSqlRawAsync("""
            INSERT INTO "AuditEntries" ("At", "Action", "ActorId", "ActorLogin", "TargetId", "TargetLogin", "Details", "IpAddress")
            VALUES ({0}, {1}, NULL, NULL, {2}, 'admin', 'Premier administrateur, créé en ligne de commande', NULL),
                   ({0}, {3}, {2}, 'admin', {4}, 'bm', NULL, '192.0.2.1')
            """, now.AddDays(-1), (int)AuditAction.UserCreated, adminId, (int)AuditAction.PasswordReset, pupilId);
        await db.Database.ExecuteSqlRawAsync("""
            INSERT INTO "Sessions" ("Id", "UserId", "CreatedAt", "ExpiresAt", "LastSeenAt", "IpAddress") VALUES ({0}, {1}, {2}, {3}, {2}, NULL)
            """, Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(SessionToken))), adminId, now, now.AddHours(8));
        cardToken = LoginCardToken.New();
        await db.Database.ExecuteSqlRawAsync("""
            INSERT INTO "LoginCards" ("UserId", "TokenHash", "IssuedAt", "ExpiresAt") VALUES ({0}, {1}, {2}, {3})
            """, pupilId, LoginCardToken.Hash(cardToken), now, now.AddDays(365));
    }

    private async Task<int> OldUserAsync(
        string nom, string prenom, Profil profil, string login, string password, string stamp, bool mustChange = false,
        string? nationalId = null, string? schoolNumber = null, DateTime? lockedUntil = null)
    {
        // The keys the grid searches and sorts on, folded by the same code as then.
        var keys = new User { Nom = nom, Prenom = prenom, Login = login, NationalId = nationalId, EstablishmentId = schoolNumber };
        var now = database.Clock.GetUtcNow().UtcDateTime;
        await using var db = database.CreateUnscopedDbContext();
        await db.Database.ExecuteSqlRawAsync("""
            INSERT INTO "Users" ("Nom", "Prenom", "Profil", "Login", "PasswordHash", "MustChangePassword", "NationalId", "SchoolId",
                "IsActive", "Source", "CreatedAt", "UpdatedAt", "PasswordChangedAt", "FailedSignInCount", "LockedUntil", "SecurityStamp",
                "Version", "SearchKey", "SortKey", "PrenomSortKey")
            VALUES ({0}, {1}, {2}, {3}, {4}, {5}, {6}, {7}, {8}, 0, {9}, {9}, {9}, {10}, {11}, {12}, 1, {13}, {14}, {15})
            """,
            nom, prenom, (int)profil, login, database.Get<PasswordHasher>().Hash(password), mustChange, nationalId!, schoolNumber!,
            true, now, lockedUntil is null ? 0 : 5, lockedUntil!, stamp, keys.SearchKey, keys.SortKey, keys.PrenomSortKey);
        return await db.Database.SqlQueryRaw<int>("""SELECT "Id" AS "Value" FROM "Users" WHERE "Login" = {0}""", login).SingleAsync();
    }
}
