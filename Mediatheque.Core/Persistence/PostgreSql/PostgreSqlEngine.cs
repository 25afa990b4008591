using System.Net.Sockets;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace Mediatheque.Core.Persistence.PostgreSql;

/// <summary>PostgreSQL through Npgsql: a district's or a vendor's server.</summary>
internal sealed class PostgreSqlEngine : IDatabaseEngine
{
    public DatabaseProvider Provider => DatabaseProvider.PostgreSql;

    public static void Configure(DbContextOptionsBuilder options, string connectionString) =>
        options.UseNpgsql(WithPreparedStatements(connectionString), npgsql => npgsql.MigrationsAssembly(typeof(PostgreSqlEngine).Assembly.FullName))
            .ConfigureWarnings(EngineWarnings.Configure);

    /// <summary>
    /// The grid sends the same few statements over and over: Npgsql prepares those it sees often on each pooled
    /// connection, so the server parses and plans them once (the grid's page was about a millisecond of planning).
    /// An administrator's own « Max Auto Prepare » in the connection string wins.
    /// </summary>
    private static string WithPreparedStatements(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!connectionString.Contains("Auto Prepare", StringComparison.OrdinalIgnoreCase))
        {
            builder.MaxAutoPrepare = 50;
            builder.AutoPrepareMinUsages = 2;
        }

        return builder.ConnectionString;
    }

    /// <summary>
    /// Reaches the server once on a plain connection, so that a server that does not answer is told in one line
    /// (EF would first log the failure at length). A missing database (a new installation) is created here, through the
    /// server's « postgres » database: left to the migrations, EF first tries to open it and logs that as a failure.
    /// </summary>
    public async Task PrepareAsync(MediathequeDbContext db, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(db.Database.GetConnectionString());
        try
        {
            await connection.OpenAsync(cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InvalidCatalogName)
        {
            try
            {
                await db.GetService<IRelationalDatabaseCreator>().CreateAsync(cancellationToken);
            }
            catch (PostgresException created) when (created.SqlState == PostgresErrorCodes.DuplicateDatabase)
            {
                // Another node starting at the same moment created it first.
            }
        }
    }

    /// <summary>A server database is backed up by the server's tools (pg_dump on a schedule, README « Backups »), not by the app.</summary>
    public bool CanBackUp => false;

    public string? DefaultBackupFolder(string connectionString) => null;

    public Task BackUpAsync(MediathequeDbContext db, string path, CancellationToken cancellationToken) =>
        throw new NotSupportedException("PostgreSQL is backed up with pg_dump (README).");

    /// <summary>Deleted rows' versions are reclaimed by autovacuum; the search vector is a column of the deleted row.</summary>
    public Task BeforeErasingAsync(MediathequeDbContext db, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task AfterErasingAsync(MediathequeDbContext db, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task OptimizeAsync(MediathequeDbContext db, CancellationToken cancellationToken) =>
        // Statistics for tables autovacuum has not analysed yet (a fresh database): the planner then knows a
        // teacher's 25 pupils from a level's 4,900.
        db.Database.ExecuteSqlRawAsync("""
            DO $$
            DECLARE t record;
            BEGIN
                FOR t IN SELECT relid FROM pg_stat_user_tables WHERE last_analyze IS NULL AND last_autoanalyze IS NULL LOOP
                    EXECUTE format('ANALYZE %s', t.relid::regclass);
                END LOOP;
            END $$;
            """, cancellationToken);

    public bool IsUniqueViolation(Exception exception) =>
        ExceptionChain.Find<PostgresException>(exception) is { SqlState: PostgresErrorCodes.UniqueViolation };

    public string? DescribeUnreachable(Exception exception)
    {
        if (ExceptionChain.Find<PostgresException>(exception) is { SqlState: PostgresErrorCodes.InvalidPassword or PostgresErrorCodes.InvalidAuthorizationSpecification } refused)
        {
            return $"The PostgreSQL server refused the connection ({refused.MessageText}): check ConnectionStrings:Mediatheque.";
        }

        return ExceptionChain.Find<NpgsqlException>(exception) is { } failed && (failed.InnerException is SocketException or TimeoutException || failed is { IsTransient: true, InnerException: IOException })
            ? $"The PostgreSQL server does not answer ({failed.InnerException?.Message ?? failed.Message}): check ConnectionStrings:Mediatheque and that the server runs."
            : null;
    }

    /// <summary>
    /// Binary COPY, the fastest way into PostgreSQL, inside the caller's transaction (a failure or a cancel still
    /// leaves nothing). COPY returns no ids, so generated keys are taken from the column's sequence first.
    /// </summary>
    public async Task BulkInsertAsync<T>(MediathequeDbContext db, IReadOnlyList<T> entities, CancellationToken cancellationToken)
        where T : class
    {
        if (entities.Count == 0)
        {
            return;
        }

        var transaction = (NpgsqlTransaction)(db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("A bulk insert runs inside the caller's transaction."));
        var connection = transaction.Connection!;
        var table = BulkColumns.For<T>(db, out var generated, out var columns);
        var written = generated is null ? columns : [generated, .. columns];

        if (generated is not null)
        {
            await using var next = new NpgsqlCommand(
                "SELECT nextval(pg_get_serial_sequence(@table, @column)) FROM generate_series(1, @count)", connection, transaction);
            next.Parameters.AddWithValue("table", BulkColumns.Quote(table.Name));
            next.Parameters.AddWithValue("column", generated.GetColumnName(table)!);
            next.Parameters.AddWithValue("count", entities.Count);
            await using var reader = await next.ExecuteReaderAsync(cancellationToken);
            foreach (var entity in entities)
            {
                await reader.ReadAsync(cancellationToken);
                BulkColumns.SetGenerated(generated, entity, reader.GetInt64(0));
            }
        }

        // Store types without their facets (« character varying(100) » is written as « character varying »).
        var types = written.Select(p => p.GetColumnType(table)!.Split('(')[0]).ToArray();
        var names = string.Join(", ", written.Select(p => BulkColumns.Quote(p.GetColumnName(table)!)));
        await using var importer = await connection.BeginBinaryImportAsync(
            $"COPY {BulkColumns.Quote(table.Name)} ({names}) FROM STDIN (FORMAT BINARY)", cancellationToken);
        foreach (var entity in entities)
        {
            await importer.StartRowAsync(cancellationToken);
            for (var i = 0; i < written.Count; i++)
            {
                if (BulkColumns.ProviderValue(written[i], entity) is { } value)
                {
                    await importer.WriteAsync(value, types[i], cancellationToken);
                }
                else
                {
                    await importer.WriteNullAsync(cancellationToken);
                }
            }
        }

        await importer.CompleteAsync(cancellationToken);
    }
}
