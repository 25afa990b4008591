using Mediatheque.Core.Accounts;
using Mediatheque.Core.Annuaire;
using Mediatheque.Core.Audit;
using Mediatheque.Core.Groups;
using Mediatheque.Core.Jobs;
using Mediatheque.Core.LoginCards;
using Mediatheque.Core.Notices;
using Mediatheque.Core.PictureSignIn;
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
/// </summary>
public abstract class MediathequeDbContext(DbContextOptions options) : DbContext(options), IDataProtectionKeyContext
{
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

    public DbSet<SchoolNoticeSettings> NoticeSettings => Set<SchoolNoticeSettings>();

    /// <summary>Before every save: a user leaving the pupils or deactivated loses their picture secret (<see cref="PictureSecretVoiding"/>).</summary>
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        await PictureSecretVoiding.VoidAsync(this, cancellationToken);
        return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        PictureSecretVoiding.Void(this);
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(MediathequeDbContext).Assembly);

    /// <summary>
    /// The columns compared ignoring case, so that their unique indexes and equality lookups do too (« BM » is « bm »):
    /// each provider gives them its case-insensitive collation.
    /// </summary>
    protected static IEnumerable<PropertyBuilder> CaseInsensitiveColumns(ModelBuilder modelBuilder) =>
    [
        modelBuilder.Entity<User>().Property(u => u.Login),
        modelBuilder.Entity<User>().Property(u => u.NationalId),
        modelBuilder.Entity<User>().Property(u => u.SchoolId),
        modelBuilder.Entity<Group>().Property(g => g.Name),
    ];
}
