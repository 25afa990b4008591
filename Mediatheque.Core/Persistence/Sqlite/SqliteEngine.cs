using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Mediatheque.Core.Persistence.Sqlite;

/// <summary>SQLite, the embedded default: a file beside the app.</summary>
internal sealed class SqliteEngine : IDatabaseEngine
{
    // SQLITE_CONSTRAINT_UNIQUE and SQLITE_CONSTRAINT_PRIMARYKEY (extended result codes).
    private const int UniqueViolation = 2067;
    private const int PrimaryKeyViolation = 1555;
    private const int CannotOpen = 14;

    public DatabaseProvider Provider => DatabaseProvider.Sqlite;

    public static void Configure(DbContextOptionsBuilder options, string connectionString) =>
        options.UseSqlite(connectionString, sqlite => sqlite.MigrationsAssembly(typeof(SqliteEngine).Assembly.FullName))
            .ConfigureWarnings(EngineWarnings.Configure);

    public async Task PrepareAsync(MediathequeDbContext db, CancellationToken cancellationToken)
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

    public Task OptimizeAsync(MediathequeDbContext db, CancellationToken cancellationToken) =>
        // Table statistics for the query planner: without them SQLite may walk a 100,000-row index for a
        // teacher's 25 pupils. 0x10002 analyses the tables that never were, with a bounded effort.
        db.Database.ExecuteSqlRawAsync("PRAGMA optimize=0x10002;", cancellationToken);

    public bool IsUniqueViolation(Exception exception) =>
        ExceptionChain.Find<SqliteException>(exception) is { SqliteExtendedErrorCode: UniqueViolation or PrimaryKeyViolation };

    public string? DescribeUnreachable(Exception exception) =>
        ExceptionChain.Find<SqliteException>(exception) is { SqliteErrorCode: CannotOpen } e
            ? $"The SQLite database cannot be opened ({e.Message.Trim()}): check ConnectionStrings:Mediatheque and the folder's permissions."
            : null;

    public bool CanBackUp => true;

    public string? DefaultBackupFolder(string connectionString) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(new SqliteConnectionStringBuilder(connectionString).DataSource))!, "backups");

    /// <summary>
    /// VACUUM INTO (SQLite 3.27+): a consistent, compacted copy read in one read transaction. In WAL mode the grid's readers
    /// and an import's writer go on meanwhile; the copy is a plain database file, restored by copying it back (README).
    /// </summary>
    public async Task BackUpAsync(MediathequeDbContext db, string path, CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection(db.Database.GetConnectionString());
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "VACUUM INTO $path";
        command.Parameters.AddWithValue("$path", path);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Deleted rows' bytes are zeroed on this connection, not left in the file's free pages.</summary>
    public async Task BeforeErasingAsync(MediathequeDbContext db, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        await db.Database.ExecuteSqlRawAsync("PRAGMA secure_delete = ON;", cancellationToken);
    }

    /// <summary>
    /// FTS5 keeps a deleted row's words in its older segments until they are merged: « optimize » merges them all, so the
    /// erased names leave the search index too (a few hundred milliseconds for 100,000 users, on the rare days someone is erased).
    /// </summary>
    public Task AfterErasingAsync(MediathequeDbContext db, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlRawAsync("INSERT INTO UserSearch (UserSearch) VALUES ('optimize');", cancellationToken);

    /// <summary>
    /// One prepared command reused for every row. SaveChanges sends one statement per entity and tracks each one,
    /// which made an import of 10,000 pupils take seconds; this stays a few hundred milliseconds.
    /// </summary>
    public async Task BulkInsertAsync<T>(MediathequeDbContext db, IReadOnlyList<T> entities, CancellationToken cancellationToken)
        where T : class
    {
        if (entities.Count == 0)
        {
            return;
        }

        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("A bulk insert runs inside the caller's transaction.");
        var table = BulkColumns.For<T>(db, out var generated, out var columns);

        await using var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        var names = string.Join(", ", columns.Select(p => BulkColumns.Quote(p.GetColumnName(table)!)));
        var values = string.Join(", ", columns.Select((_, i) => "@p" + i));
        command.CommandText = $"INSERT INTO {BulkColumns.Quote(table.Name)} ({names}) VALUES ({values})"
            + (generated is null ? string.Empty : $" RETURNING {BulkColumns.Quote(generated.GetColumnName(table)!)}");
        var parameters = columns.Select((_, i) => AddParameter(command, "@p" + i)).ToArray();
        await command.PrepareAsync(cancellationToken);

        foreach (var entity in entities)
        {
            for (var i = 0; i < columns.Count; i++)
            {
                parameters[i].Value = BulkColumns.ProviderValue(columns[i], entity) ?? DBNull.Value;
            }

            if (generated is null)
            {
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
            else
            {
                BulkColumns.SetGenerated(generated, entity, await command.ExecuteScalarAsync(cancellationToken));
            }
        }
    }

    private static DbParameter AddParameter(DbCommand command, string name)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        command.Parameters.Add(parameter);
        return parameter;
    }
}
