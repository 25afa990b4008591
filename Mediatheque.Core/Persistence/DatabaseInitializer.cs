using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Mediatheque.Core.Persistence;

/// <summary>Creates the SQLite file's folder, applies the migrations and turns WAL on, at start-up.</summary>
public sealed class DatabaseInitializer(IDbContextFactory<MediathequeDbContext> factory)
{
    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        if (db.Database.IsSqlite())
        {
            var source = new SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource;
            var folder = Path.GetDirectoryName(Path.GetFullPath(source));
            if (!string.IsNullOrEmpty(folder) && source != ":memory:")
            {
                Directory.CreateDirectory(folder);
            }

            // WAL: readers (the grid) never wait for a writer (an import), and writes survive a crash.
            await db.Database.OpenConnectionAsync(cancellationToken);
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }

        await db.Database.MigrateAsync(cancellationToken);
        if (db.Database.IsSqlite())
        {
            // Table statistics for the query planner: without them SQLite may walk a 100,000-row index for a
            // teacher's 25 pupils. 0x10002 analyses the tables that never were, with a bounded effort.
            await db.Database.ExecuteSqlRawAsync("PRAGMA optimize=0x10002;", cancellationToken);
        }
    }
}
