namespace Mediatheque.Core.Persistence;

/// <summary>« Mediatheque:Database:Provider »: SQLite embedded (the default) or a PostgreSQL server.</summary>
public enum DatabaseProvider
{
    Sqlite,
    PostgreSql,
}
