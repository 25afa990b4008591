using Mediatheque.Core.Persistence.PostgreSql;
using Mediatheque.Core.Persistence.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Mediatheque.Core.Persistence;

/// <summary>
/// Chooses the engine from « Mediatheque:Database:Provider » and registers its context, its <see cref="IDatabaseEngine"/>
/// and its <see cref="IUserSearch"/>. Services ask for <c>IDbContextFactory&lt;MediathequeDbContext&gt;</c> and get the
/// chosen provider's context. The settings are read when the first context is made, so test hosts can override them.
/// </summary>
public static class DatabaseRegistration
{
    public const string ProviderKey = "Mediatheque:Database:Provider";
    public const string ConnectionStringName = "Mediatheque";
    public const string DefaultConnectionString = "Data Source=App_Data/mediatheque.db";

    public static IServiceCollection AddMediathequeDatabase(this IServiceCollection services)
    {
        // Blazor Server circuits live long: one short-lived context per operation, never one per circuit.
        services.AddDbContextFactory<SqliteMediathequeDbContext>((provider, options) =>
            SqliteEngine.Configure(options, ConnectionString(provider)));
        services.AddDbContextFactory<PostgreSqlMediathequeDbContext>((provider, options) =>
            PostgreSqlEngine.Configure(options, ConnectionString(provider)));

        services.AddSingleton<IDbContextFactory<MediathequeDbContext>>(provider => ProviderOf(provider) switch
        {
            DatabaseProvider.PostgreSql => new ContextFactory<PostgreSqlMediathequeDbContext>(
                provider.GetRequiredService<IDbContextFactory<PostgreSqlMediathequeDbContext>>()),
            _ => new ContextFactory<SqliteMediathequeDbContext>(provider.GetRequiredService<IDbContextFactory<SqliteMediathequeDbContext>>()),
        });
        services.AddSingleton<IDatabaseEngine>(provider => ProviderOf(provider) switch
        {
            DatabaseProvider.PostgreSql => new PostgreSqlEngine(),
            _ => new SqliteEngine(),
        });
        services.AddSingleton<IUserSearch>(provider => ProviderOf(provider) switch
        {
            DatabaseProvider.PostgreSql => new PostgreSqlUserSearch(),
            _ => new SqliteUserSearch(),
        });
        return services;
    }

    /// <summary>The configured provider; an unknown name stops the start-up with one line saying what is allowed.</summary>
    public static DatabaseProvider ProviderOf(IConfiguration configuration)
    {
        var value = configuration[ProviderKey];
        if (string.IsNullOrWhiteSpace(value))
        {
            return DatabaseProvider.Sqlite;
        }

        // Names only: Enum.TryParse would also take « 7 ».
        var name = Enum.GetNames<DatabaseProvider>().FirstOrDefault(n => string.Equals(n, value.Trim(), StringComparison.OrdinalIgnoreCase));
        return name is null
            ? throw new DatabaseStartupException(
                $"{ProviderKey} = « {value} » is not a database provider: use « {DatabaseProvider.Sqlite} » (the default) or « {DatabaseProvider.PostgreSql} ».")
            : Enum.Parse<DatabaseProvider>(name);
    }

    private static DatabaseProvider ProviderOf(IServiceProvider provider) => ProviderOf(provider.GetRequiredService<IConfiguration>());

    private static string ConnectionString(IServiceProvider provider) =>
        provider.GetRequiredService<IConfiguration>().GetConnectionString(ConnectionStringName) ?? DefaultConnectionString;

    /// <summary>The provider's factory seen as the base context's: EF's factory interface is not covariant.</summary>
    private sealed class ContextFactory<TContext>(IDbContextFactory<TContext> inner) : IDbContextFactory<MediathequeDbContext>
        where TContext : MediathequeDbContext
    {
        public MediathequeDbContext CreateDbContext() => inner.CreateDbContext();

        public async Task<MediathequeDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default) =>
            await inner.CreateDbContextAsync(cancellationToken);
    }
}
