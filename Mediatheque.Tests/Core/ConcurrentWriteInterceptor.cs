using Mediatheque.Core.Persistence.PostgreSql;
using Mediatheque.Core.Persistence.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace Mediatheque.Tests.Core;

/// <summary>
/// Lets a test slip another person's write in between a service's read and its save, deterministically:
/// the next SaveChanges first runs <see cref="BeforeNextSave"/> (once), as if someone else had saved just then.
/// </summary>
public sealed class ConcurrentWriteInterceptor : SaveChangesInterceptor
{
    private Func<Task>? beforeNextSave;

    public Func<Task>? BeforeNextSave
    {
        get => beforeNextSave;
        set => beforeNextSave = value;
    }

    /// <summary>
    /// Adds an EF Core interceptor to the test database's contexts, on whichever provider it uses (each has its own
    /// context type): for <see cref="TestDatabase.CreateAsync(Mediatheque.Core.Persistence.DatabaseProvider, IDictionary{string, string?}?, Action{IServiceCollection}?)"/>'s configure.
    /// </summary>
    public static Action<IServiceCollection> Install(IInterceptor interceptor) => services =>
    {
        services.ConfigureDbContext<SqliteMediathequeDbContext>(o => o.AddInterceptors(interceptor));
        services.ConfigureDbContext<PostgreSqlMediathequeDbContext>(o => o.AddInterceptors(interceptor));
    };

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref beforeNextSave, null) is { } write)
        {
            await write();
        }

        return result;
    }
}
