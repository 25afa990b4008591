using Mediatheque.Core.Audit;
using Mediatheque.Core.Groups;
using Mediatheque.Core.LoginCards;
using Mediatheque.Core.Persistence;
using Mediatheque.Core.Schools;
using Mediatheque.Core.Users;
using Microsoft.EntityFrameworkCore;

namespace Mediatheque.Tests.Core.Schools;

/// <summary>
/// Two schools of one deployment, as the isolation tests need them. School A (« Jules-Ferry »): an administrator, a
/// secondary administrator, a teacher and a pupil of its CM2 (and of its « Chorale »). School B (« Jean-Moulin »): its
/// administrator, a teacher, a pupil of its 6A, another pupil in B's own « CM2 » (two schools may both have one), and a
/// directory run. Each school's pupil is locked out and holds a sign-in card; each journal has a line of its own. Roux teaches in both, with one login: the CM2 in A, the
/// 6A in B. Both schools let their teachers reach every pupil of theirs (TeacherScope.WholeSchool), so that a teacher
/// acting in A would reach B's pupils as soon as the school scope were gone.
/// </summary>
public sealed class SchoolWorld
{
    private SchoolWorld(TestDatabase database) => Database = database;

    public TestDatabase Database { get; }

    public int A { get; private set; }

    public int B { get; private set; }

    public User AdminA { get; private set; } = null!;

    public User SecondaireA { get; private set; } = null!;

    public User TeacherA { get; private set; } = null!;

    public User PupilA { get; private set; } = null!;

    /// <summary>Roux's row in A: the teacher of both schools, acting from A's pages.</summary>
    public User RouxA { get; private set; } = null!;

    public User AdminB { get; private set; } = null!;

    public User TeacherB { get; private set; } = null!;

    /// <summary>Zola Émile, 6A: locked out, a card, a line in B's journal.</summary>
    public User PupilB { get; private set; } = null!;

    /// <summary>Verne Jules, in B's « CM2 ».</summary>
    public User CmPupilB { get; private set; } = null!;

    /// <summary>Roux's row in B.</summary>
    public User RouxB { get; private set; } = null!;

    public const string PupilBNationalId = "2222222222B";

    public const string PupilBPassword = "zola-emile-26";

    public static async Task<SchoolWorld> CreateAsync(TestDatabase database, TeacherScope scope = TeacherScope.WholeSchool)
    {
        var world = new SchoolWorld(database);
        await world.BuildAsync(scope);
        return world;
    }

    /// <summary>
    /// The same world in a database of its own (<see cref="TestDatabase.CopyAsync"/>): the same rows under the same ids, for
    /// a test that may change them, or <paramref name="readOnly"/> for tests that only read. Dispose its <see cref="Database"/>.
    /// </summary>
    public async Task<SchoolWorld> CopyAsync(bool readOnly = false) => new(await Database.CopyAsync(readOnly))
    {
        A = A,
        B = B,
        AdminA = AdminA,
        SecondaireA = SecondaireA,
        TeacherA = TeacherA,
        PupilA = PupilA,
        RouxA = RouxA,
        AdminB = AdminB,
        TeacherB = TeacherB,
        PupilB = PupilB,
        CmPupilB = CmPupilB,
        RouxB = RouxB,
    };

    /// <summary>The actors the matrix names, by name.</summary>
    public User Actor(string name) => name switch
    {
        nameof(AdminA) => AdminA,
        nameof(SecondaireA) => SecondaireA,
        nameof(TeacherA) => TeacherA,
        nameof(RouxA) => RouxA,
        nameof(RouxB) => RouxB,
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    /// <summary>The pupil of the other school than the actor's (A's actors aim at B's, Roux in B aims at A's).</summary>
    public User TargetOf(User actor) => actor.SchoolId == A ? PupilB : PupilA;

    /// <summary>The target's password, as set here.</summary>
    public static string PasswordOf(User target) => target.Login == "ze" ? PupilBPassword : "marion2026";

    /// <summary>The target's class: B's « 6A », A's « CM2 » (which B has too).</summary>
    public static string ClassOf(User target) => target.Login == "ze" ? "6A" : "CM2";

    /// <summary>A group only the target's school has: B's « 6A », A's « Chorale ».</summary>
    public static string OnlyGroupOf(User target) => target.Login == "ze" ? "6A" : "Chorale";

    /// <summary>Words of the target's name, for the search box.</summary>
    public static string NameOf(User target) => target.Login == "ze" ? "zola" : "besson";

    /// <summary>A row of school <paramref name="schoolId"/>, read in that school (as its own administrators would).</summary>
    public async Task<User> ReadAsync(User user)
    {
        await using var db = Database.CreateDbContext(user.SchoolId);
        return await db.Users.AsNoTracking().Include(u => u.Account).Include(u => u.Memberships).ThenInclude(m => m.Group)
            .SingleAsync(u => u.Id == user.Id);
    }

    public async Task<int> GroupIdAsync(int schoolId, string name)
    {
        await using var db = Database.CreateDbContext(schoolId);
        return await db.Groups.Where(g => g.Name == name).Select(g => g.Id).SingleAsync();
    }

    private async Task BuildAsync(TeacherScope scope)
    {
        A = Database.SchoolId;
        await using (var db = Database.CreateDbContext(A))
        {
            var school = await db.Schools.SingleAsync(s => s.Id == A);
            (school.Name, school.Uai, school.TeacherScope) = ("École élémentaire Jules-Ferry", "0999001A", scope);
            await db.SaveChangesAsync();
        }

        B = await Database.AddSchoolAsync("Collège Jean-Moulin", "0999002B", scope);

        AdminA = await Database.AddUserAsync("LEBRUN", "Claire", Profil.Administrateur, "admin", "admin-demo-2026");
        SecondaireA = await Database.AddUserAsync("MOREAU", "Pascal", Profil.AdministrateurSecondaire, "secondaire", "secondaire-demo-2026");
        TeacherA = await Database.AddUserAsync("PAQUAY", "Sophie", Profil.Enseignant, "paquay", "paquay-demo-2026", groups: (GroupType.Classe, "CM2"));
        PupilA = await Database.AddUserAsync("BESSON", "Marion", Profil.Eleve, "bm", "marion2026", groups: [(GroupType.Classe, "CM2"), (GroupType.Option, "Chorale")]);
        RouxA = await Database.AddUserAsync("ROUX", "Antoine", Profil.Enseignant, "roux", "roux-demo-2026", groups: (GroupType.Classe, "CM2"));

        AdminB = await Database.AddUserToAsync(B, "MOULIN", "Catherine", Profil.Administrateur, "moulin", "moulin-demo-2026");
        TeacherB = await Database.AddUserToAsync(B, "KLEIN", "Sophie", Profil.Enseignant, "klein", "klein-demo-2026", groups: (GroupType.Classe, "6A"));
        PupilB = await Database.AddUserToAsync(B, "ZOLA", "Émile", Profil.Eleve, "ze", PupilBPassword, groups: (GroupType.Classe, "6A"));
        CmPupilB = await Database.AddUserToAsync(B, "VERNE", "Jules", Profil.Eleve, "vj", "verne-jules-26", groups: (GroupType.Classe, "CM2"));
        RouxB = await Database.AddToSchoolAsync(RouxA, B, Profil.Enseignant, groups: (GroupType.Classe, "6A"));

        await using (var db = Database.CreateDbContext(B))
        {
            var pupil = await db.Users.SingleAsync(u => u.Id == PupilB.Id);
            pupil.NationalId = PupilBNationalId;
            pupil.EstablishmentId = "JM-2026-001";
            db.AnnuaireRuns.Add(new Mediatheque.Core.Annuaire.AnnuaireRun
            {
                Trigger = "par moulin", StartedAt = DateTime.UtcNow, FinishedAt = DateTime.UtcNow, Succeeded = true, Entries = 1,
            });
            await db.SaveChangesAsync();
        }

        // Each school's own work: a card for its pupil, a reset by its administrator (a line of its journal), its pupil
        // locked out by too many guesses.
        foreach (var (admin, pupil, other) in new[] { (AdminA, PupilA, TeacherA), (AdminB, PupilB, CmPupilB) })
        {
            Assert.Single((await Database.Get<LoginCardService>().IssueAsync(admin.Id, UserSelection.Of(pupil.Id))).Cards);
            var reset = await Database.Get<Mediatheque.Core.Passwords.PasswordService>().ResetAsync(
                new Mediatheque.Core.Passwords.PasswordReset(admin.Id, other.Id, "une-phrase-assez-longue-27", "une-phrase-assez-longue-27", false));
            Assert.True(reset.Succeeded, reset.Message);
            await using var db = Database.CreateDbContext(pupil.SchoolId);
            await db.Accounts.Where(a => a.Id == pupil.AccountId)
                .ExecuteUpdateAsync(s => s.SetProperty(a => a.LockedUntil, DateTime.UtcNow.AddYears(1)).SetProperty(a => a.FailedSignInCount, 5));
            Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == AuditAction.PasswordReset));
        }
    }
}
