using Mediatheque.Core.Persistence;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Mediatheque.Tests.Core.Schools;

/// <summary>
/// The isolation matrix's world, built once for a test class (its xunit class fixture) instead of once for each case:
/// building it (two schools, their users, cards, journals and lockouts) took most of a case's time. A case that may
/// write gets a copy of its own; the cases that only read share one copy, which refuses every write, so that none of
/// them can change what another one sees.
/// </summary>
public sealed class SchoolWorldTemplate : IAsyncLifetime
{
    private (DatabaseProvider Provider, bool Scoped)? variant;
    private Task<SchoolWorld>? template;
    private Task<SchoolWorld>? shared;

    /// <summary>A copy of the world of its own, for a case that may write; dispose its database.</summary>
    public async Task<SchoolWorld> CopyAsync(DatabaseProvider provider, bool scoped) =>
        await (await TemplateAsync(provider, scoped)).CopyAsync();

    /// <summary>The copy of the world that the reading cases share: it refuses every write (<see cref="IsRefusedWrite"/>).</summary>
    public async Task<SchoolWorld> SharedAsync(DatabaseProvider provider, bool scoped)
    {
        var world = await TemplateAsync(provider, scoped);
        return await (shared ??= world.CopyAsync(readOnly: true));
    }

    /// <summary>Whether this is the shared world refusing a write (SQLITE_READONLY, PostgreSQL's read_only_sql_transaction).</summary>
    public static bool IsRefusedWrite(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            if (e is SqliteException { SqliteErrorCode: 8 } or PostgresException { SqlState: PostgresErrorCodes.ReadOnlySqlTransaction })
            {
                return true;
            }
        }

        return false;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var world in new[] { shared, template })
        {
            if (world is not null)
            {
                await (await world).Database.DisposeAsync();
            }
        }
    }

    /// <summary>The world as built; the first call builds it, on this provider, with or without the school scope.</summary>
    private Task<SchoolWorld> TemplateAsync(DatabaseProvider provider, bool scoped)
    {
        if (variant is { } built && built != (provider, scoped))
        {
            throw new InvalidOperationException($"This class's world is built on {built}: one template per test class.");
        }

        variant = (provider, scoped);
        return template ??= BuildAsync(provider, scoped);
    }

    private static async Task<SchoolWorld> BuildAsync(DatabaseProvider provider, bool scoped) =>
        await SchoolWorld.CreateAsync(await TestDatabase.CreateAsync(provider, configure: scoped ? null : SchoolFilterRemoved.Install));
}
