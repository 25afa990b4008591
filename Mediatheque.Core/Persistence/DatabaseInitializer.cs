using Mediatheque.Core.Schools;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Mediatheque.Core.Persistence;

/// <summary>
/// At start-up: prepares the engine, applies the provider's migrations, names a school made of a database from before
/// schools (SchoolSetup) and refreshes the planner's statistics.
/// A database that cannot be reached stops the start-up with one line (<see cref="DatabaseStartupException"/>).
/// </summary>
public sealed class DatabaseInitializer(IDbContextFactory<MediathequeDbContext> factory, IDatabaseEngine engine, SchoolSetup schools)
{
    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await using var db = await factory.CreateDbContextAsync(cancellationToken);
            await engine.PrepareAsync(db, cancellationToken);
            // EF Core reads the migrations' history table before it creates it, and logs that as a failure on every
            // first start (dotnet/efcore#37328): created first, the start-up of a new installation logs no « fail: ».
            await db.GetService<IHistoryRepository>().CreateIfNotExistsAsync(cancellationToken);
            await db.Database.MigrateAsync(cancellationToken);
            await schools.NameMigratedSchoolsAsync(db, cancellationToken);
            await engine.OptimizeAsync(db, cancellationToken);
        }
        catch (Exception e) when (engine.DescribeUnreachable(e) is { } reason)
        {
            throw new DatabaseStartupException(reason, e);
        }
    }
}
