namespace Mediatheque.Core.Persistence;

/// <summary>
/// What differs between the engines, apart from the grid's search (<see cref="IUserSearch"/>): one implementation
/// per provider, chosen at start-up from « Mediatheque:Database:Provider » (<see cref="DatabaseRegistration"/>).
/// Core services ask this seam and never learn which engine they run on: no <c>IsSqlite()</c>, no provider exception.
/// </summary>
public interface IDatabaseEngine
{
    DatabaseProvider Provider { get; }

    /// <summary>Before the migrations: whatever the engine needs to open the database at all (a folder, a journal mode).</summary>
    Task PrepareAsync(MediathequeDbContext db, CancellationToken cancellationToken);

    /// <summary>After the migrations, at every start-up: the query planner's statistics.</summary>
    Task OptimizeAsync(MediathequeDbContext db, CancellationToken cancellationToken);

    /// <summary>
    /// Inserts many new rows inside the caller's transaction, the fastest way the engine offers, and gives
    /// new entities their generated ids. The columns and conversions come from the EF model.
    /// </summary>
    Task BulkInsertAsync<T>(MediathequeDbContext db, IReadOnlyList<T> entities, CancellationToken cancellationToken)
        where T : class;

    /// <summary>True when a write failed on a unique index (a login, an Id National or an Id Établissement just taken).</summary>
    bool IsUniqueViolation(Exception exception);

    /// <summary>A one-line explanation when the exception says the database cannot be reached at all, else null.</summary>
    string? DescribeUnreachable(Exception exception);

    /// <summary>Whether the app copies this database itself (SQLite); else the server's own tools do (PostgreSQL: pg_dump).</summary>
    bool CanBackUp { get; }

    /// <summary>Where the backups go unless configured: « backups » beside the SQLite file; null when the app does not back up.</summary>
    string? DefaultBackupFolder(string connectionString);

    /// <summary>Copies the whole live database into a new file, online: readers and writers go on meanwhile.</summary>
    Task BackUpAsync(MediathequeDbContext db, string path, CancellationToken cancellationToken);

    /// <summary>
    /// Before personal data is erased on this context's connection (AccountErasure): the engine overwrites what it deletes
    /// rather than leaving it in free space (SQLite's secure_delete).
    /// </summary>
    Task BeforeErasingAsync(MediathequeDbContext db, CancellationToken cancellationToken);

    /// <summary>After the erasure is committed: the engine's own copies of the erased words go too (SQLite's search index keeps them until merged).</summary>
    Task AfterErasingAsync(MediathequeDbContext db, CancellationToken cancellationToken);
}
