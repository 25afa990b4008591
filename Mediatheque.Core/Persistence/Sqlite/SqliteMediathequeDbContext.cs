using Mediatheque.Core.Users;
using Microsoft.EntityFrameworkCore;

namespace Mediatheque.Core.Persistence.Sqlite;

/// <summary>
/// The embedded default. Its migrations are the project's first history, in <c>Persistence/Migrations</c>.
/// </summary>
public sealed class SqliteMediathequeDbContext(DbContextOptions<SqliteMediathequeDbContext> options) : MediathequeDbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);

        // Logins are ASCII in practice; NOCASE (which folds ASCII only) makes the unique indexes case-insensitive.
        foreach (var column in CaseInsensitiveColumns(modelBuilder))
        {
            column.UseCollation("NOCASE");
        }

        // Unique indexes on optional columns, filtered as the SQLite history created them (PostgreSQL needs no
        // filter: NULLs never collide in its unique indexes).
        modelBuilder.Entity<User>().HasIndex(u => new { u.SchoolId, u.NationalId }).HasFilter("NationalId IS NOT NULL");
        modelBuilder.Entity<User>().HasIndex(u => new { u.SchoolId, u.EstablishmentId }).HasFilter("EstablishmentId IS NOT NULL");
        modelBuilder.Entity<User>().HasIndex(u => new { u.SchoolId, u.AnnuaireId }).HasFilter("AnnuaireId IS NOT NULL");
    }
}
