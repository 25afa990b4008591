using Mediatheque.Core.Persistence.PostgreSql;
using Mediatheque.Core.Persistence.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Mediatheque.Core.Persistence;

/// <summary>Lets <c>dotnet ef --context SqliteMediathequeDbContext</c> build the context without starting the web app.</summary>
internal sealed class SqliteDesignTimeDbContextFactory : IDesignTimeDbContextFactory<SqliteMediathequeDbContext>
{
    public SqliteMediathequeDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<SqliteMediathequeDbContext>();
        SqliteEngine.Configure(options, "Data Source=design.db");
        return new SqliteMediathequeDbContext(options.Options);
    }
}

/// <summary>Lets <c>dotnet ef --context PostgreSqlMediathequeDbContext</c> add a migration; no server is needed for that.</summary>
internal sealed class PostgreSqlDesignTimeDbContextFactory : IDesignTimeDbContextFactory<PostgreSqlMediathequeDbContext>
{
    public PostgreSqlMediathequeDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<PostgreSqlMediathequeDbContext>();
        PostgreSqlEngine.Configure(options, "Host=127.0.0.1;Database=mediatheque_design");
        return new PostgreSqlMediathequeDbContext(options.Options);
    }
}
