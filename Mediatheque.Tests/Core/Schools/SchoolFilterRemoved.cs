using Mediatheque.Core.Persistence;
using Mediatheque.Core.Persistence.PostgreSql;
using Mediatheque.Core.Persistence.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Mediatheque.Tests.Core.Schools;

/// <summary>
/// The mutation of the school scope: the same model without its « School » query filter (the EF model customizer that
/// builds the model takes it out afterwards). The isolation tests run on it to prove that each of them fails when the
/// scope is taken out, so that none passes for another reason. Test-only: production code has no switch for this.
/// </summary>
public sealed class SchoolFilterRemoved(ModelCustomizerDependencies dependencies) : RelationalModelCustomizer(dependencies)
{
    public override void Customize(ModelBuilder modelBuilder, DbContext context)
    {
        base.Customize(modelBuilder, context);
        foreach (var entityType in modelBuilder.Model.GetEntityTypes())
        {
            entityType.SetQueryFilter(MediathequeDbContext.SchoolFilter, null);
        }
    }

    /// <summary>For <see cref="TestDatabase.CreateAsync(DatabaseProvider, IDictionary{string, string?}?, Action{IServiceCollection}?)"/>: both engines' contexts.</summary>
    public static void Install(IServiceCollection services)
    {
        services.ConfigureDbContext<SqliteMediathequeDbContext>(o => o.ReplaceService<IModelCustomizer, SchoolFilterRemoved>());
        services.ConfigureDbContext<PostgreSqlMediathequeDbContext>(o => o.ReplaceService<IModelCustomizer, SchoolFilterRemoved>());
    }
}
