using Mediatheque.Core.Schools;
using Microsoft.EntityFrameworkCore;

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
