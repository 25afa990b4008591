using Mediatheque.Core.Annuaire;
using Mediatheque.Core.Audit;
using Mediatheque.Core.Groups;
using Mediatheque.Core.Users;
using Microsoft.EntityFrameworkCore;

namespace Mediatheque.Core.Persistence;

/// <summary>
/// The database. Migrations: from the repository root,
/// <c>dotnet tool restore</c> then <c>dotnet ef migrations add NAME --project Mediatheque.Core --output-dir Persistence/Migrations</c>.
/// </summary>
public class MediathequeDbContext(DbContextOptions<MediathequeDbContext> options) : DbContext(options)
{
    public DbSet<User> Users => Set<User>();

    public DbSet<Group> Groups => Set<Group>();

    public DbSet<GroupMembership> Memberships => Set<GroupMembership>();

    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    public DbSet<AnnuaireRun> AnnuaireRuns => Set<AnnuaireRun>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(MediathequeDbContext).Assembly);
}
