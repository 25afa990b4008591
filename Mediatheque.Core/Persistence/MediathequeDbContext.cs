using Mediatheque.Core.Accounts;
using Mediatheque.Core.Annuaire;
using Mediatheque.Core.Audit;
using Mediatheque.Core.Groups;
using Mediatheque.Core.Jobs;
using Mediatheque.Core.LoginCards;
using Mediatheque.Core.Notices;
using Mediatheque.Core.PictureSignIn;
using Mediatheque.Core.Schools;
using Mediatheque.Core.Users;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Mediatheque.Core.Persistence;

/// <summary>
/// The database: one model and one set of services for both engines. Each provider has its own context type,
/// <see cref="Sqlite.SqliteMediathequeDbContext"/> and <see cref="PostgreSql.PostgreSqlMediathequeDbContext"/>,
/// with its own migrations (EF Core docs, « Migrations with multiple providers »); services only see this base
/// through <c>IDbContextFactory&lt;MediathequeDbContext&gt;</c>. Adding a migration: README, « A schema change ».
/// <para>
/// One school at a time (EF Core's multi-tenancy pattern, a global query filter keyed by the context): a school's users,
/// groups, journal, cards and directory runs are seen only by a context that entered that school
/// (<see cref="EnterSchool"/>, which <see cref="Schools.SchoolScope.ActorAsync"/> does with the acting user's school), so
/// no service repeats « where SchoolId = … ». A context that entered no school sees none of them.
/// </para>
/// </summary>
public abstract class MediathequeDbContext(DbContextOptions options) : DbContext(options), IDataProtectionKeyContext
{
    /// <summary>The name of the school filter, for the few reads that span schools (sign-in, the platform's counts).</summary>
    public const string SchoolFilter = "School";

    /// <summary>The school this context reads and writes; 0 (no school's id) until it enters one.</summary>
    public int SchoolScope { get; private set; }

    public DbSet<School> Schools => Set<School>();

    public DbSet<Account> Accounts => Set<Account>();

    public DbSet<User> Users => Set<User>();

    public DbSet<Group> Groups => Set<Group>();

    public DbSet<GroupMembership> Memberships => Set<GroupMembership>();

    /// <summary>Kept by the database's triggers, read only: <see cref="GroupCount"/>.</summary>
    public DbSet<GroupCount> GroupCounts => Set<GroupCount>();

    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    public DbSet<AnnuaireRun> AnnuaireRuns => Set<AnnuaireRun>();

    public DbSet<UnknownLogin> UnknownLogins => Set<UnknownLogin>();

    public DbSet<UserSession> Sessions => Set<UserSession>();

    /// <summary>The web app's Data Protection key ring, shared by every node (Configurations/DataProtectionKeyConfiguration).</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<LoginCard> LoginCards => Set<LoginCard>();

    public DbSet<PictureSecret> PictureSecrets => Set<PictureSecret>();

    public DbSet<ClassSignIn> ClassSignIns => Set<ClassSignIn>();

    /// <summary>Jobs that run once at a time across every node (<see cref="Jobs.JobLeases"/>).</summary>
    public DbSet<JobLease> JobLeases => Set<JobLease>();

    public DbSet<LegalRepresentative> LegalRepresentatives => Set<LegalRepresentative>();

    /// <summary>The notices' outbox: written with each change by <see cref="NoticeOutbox.Add"/>, read by <see cref="NoticeDelivery"/>.</summary>
    public DbSet<CredentialChange> CredentialChanges => Set<CredentialChange>();

    public DbSet<Notice> Notices => Set<Notice>();

    /// <summary>Each school's notice switches, one row per school (its key is the school's).</summary>
    public DbSet<SchoolNoticeSettings> NoticeSettings => Set<SchoolNoticeSettings>();

    /// <summary>
    /// From now on this context sees this school's rows only. Once per operation: a context never moves from one
    /// school to another (a second school would mix one school's tracked rows with the other's).
    /// </summary>
    public void EnterSchool(int schoolId)
    {
        if (SchoolScope != 0 && SchoolScope != schoolId)
        {
            throw new InvalidOperationException($"This context works in school {SchoolScope}; it cannot enter school {schoolId}.");
        }

        SchoolScope = schoolId;
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        PlaceNewRowsInSchool();
        PictureSecretVoiding.Void(this);
        LoginCardVoiding.Void(this);
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    /// <summary>
    /// Before every save: new rows go to the context's school, and a user leaving the pupils or deactivated loses their
    /// picture secret (<see cref="PictureSecretVoiding"/>) and their sign-in card (<see cref="LoginCardVoiding"/>).
    /// </summary>
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        PlaceNewRowsInSchool();
        await PictureSecretVoiding.VoidAsync(this, cancellationToken);
        await LoginCardVoiding.VoidAsync(this, cancellationToken);
        return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(MediathequeDbContext).Assembly);

        // The school scope, in one place. EF reads SchoolScope from this context each time a query runs (a parameter,
        // not a constant in the cached SQL), and the indexes that serve these queries start with the school.
        // Memberships and group counts are not filtered themselves: they are reached only through a school's users
        // and groups, which are (hence the warning about filtered principals is off, in each engine's Configure).
        modelBuilder.Entity<User>().HasQueryFilter(SchoolFilter, u => u.SchoolId == SchoolScope);
        modelBuilder.Entity<Group>().HasQueryFilter(SchoolFilter, g => g.SchoolId == SchoolScope);
        modelBuilder.Entity<AuditEntry>().HasQueryFilter(SchoolFilter, e => e.SchoolId == SchoolScope);
        modelBuilder.Entity<LoginCard>().HasQueryFilter(SchoolFilter, c => c.User.SchoolId == SchoolScope);
        modelBuilder.Entity<AnnuaireRun>().HasQueryFilter(SchoolFilter, r => r.SchoolId == SchoolScope);
        modelBuilder.Entity<PictureSecret>().HasQueryFilter(SchoolFilter, p => p.User.SchoolId == SchoolScope);
        modelBuilder.Entity<ClassSignIn>().HasQueryFilter(SchoolFilter, c => c.Group.SchoolId == SchoolScope);
        modelBuilder.Entity<LegalRepresentative>().HasQueryFilter(SchoolFilter, r => r.User.SchoolId == SchoolScope);
        // The notices' sender works for every school and looks past this filter; a school's page sees its own.
        modelBuilder.Entity<CredentialChange>().HasQueryFilter(SchoolFilter, c => c.SchoolId == SchoolScope);
        modelBuilder.Entity<Notice>().HasQueryFilter(SchoolFilter, n => n.SchoolId == SchoolScope);
        modelBuilder.Entity<SchoolNoticeSettings>().HasQueryFilter(SchoolFilter, n => n.SchoolId == SchoolScope);
    }

    /// <summary>
    /// The context carries the school for what it creates too: a user, group or directory run added without a school is
    /// its school's, and one of another school is refused (a school's operation never creates in another school).
    /// </summary>
    private void PlaceNewRowsInSchool()
    {
        if (SchoolScope == 0)
        {
            return;
        }

        foreach (var entry in ChangeTracker.Entries().Where(e => e.State == EntityState.Added))
        {
            var property = entry.Entity is User or Group or AnnuaireRun or CredentialChange or Notice or SchoolNoticeSettings
                ? entry.Property(nameof(User.SchoolId))
                : null;
            if (property is null)
            {
                continue;
            }

            var current = (int)property.CurrentValue!;
            if (current == 0)
            {
                property.CurrentValue = SchoolScope;
            }
            else if (current != SchoolScope)
            {
                throw new InvalidOperationException($"A context working in school {SchoolScope} cannot create a row of school {current}.");
            }
        }
    }

    /// <summary>
    /// The columns compared ignoring case, so that their unique indexes and equality lookups do too (« BM » is « bm »):
    /// each provider gives them its case-insensitive collation.
    /// </summary>
    protected static IEnumerable<PropertyBuilder> CaseInsensitiveColumns(ModelBuilder modelBuilder) =>
    [
        modelBuilder.Entity<Account>().Property(a => a.Login),
        modelBuilder.Entity<User>().Property(u => u.Login),
        modelBuilder.Entity<User>().Property(u => u.NationalId),
        modelBuilder.Entity<User>().Property(u => u.EstablishmentId),
        modelBuilder.Entity<Group>().Property(g => g.Name),
    ];
}
