using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Mediatheque.Core.Persistence;

/// <summary>Warnings of EF that both engines' contexts leave out of the logs, each for a reason given here.</summary>
internal static class EngineWarnings
{
    /// <summary>
    /// EF warns that a filtered user or group is the required end of an unfiltered membership or group count. That is by
    /// design (MediathequeDbContext.OnModelCreating): memberships are only reached from a school's users and groups, and
    /// filtering them too would add a join to every membership probe of the grid.
    /// </summary>
    /// <para>
    /// And the SQLite Schools migration turns foreign keys off and on outside its transaction, on purpose (rebuilding Users
    /// with them on would cascade to memberships and cards); EF would warn of it at every new database.
    /// </para>
    public static void Configure(WarningsConfigurationBuilder warnings) =>
        warnings.Ignore(
            CoreEventId.PossibleIncorrectRequiredNavigationWithQueryFilterInteractionWarning,
            RelationalEventId.NonTransactionalMigrationOperationWarning);
}
