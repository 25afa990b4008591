using Mediatheque.Core.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Mediatheque.Core.Persistence.PostgreSql;

/// <summary>The server database (a district's or a vendor's 100,000+ users). Its migrations: <c>PostgreSql/Migrations</c>.</summary>
public sealed class PostgreSqlMediathequeDbContext(DbContextOptions<PostgreSqlMediathequeDbContext> options) : MediathequeDbContext(options)
{
    /// <summary>ICU, case-insensitive but accent-sensitive (« level 2 »): « BM » equals « bm », « é » is not « e ».</summary>
    public const string CaseInsensitive = "case_insensitive";

    /// <summary>
    /// Every DateTime the app stores is UTC (on SQLite the Kind is not even stored). Npgsql refuses to write a
    /// DateTime of unspecified Kind to a timestamptz column; such a value is taken as the UTC it is, not a crash.
    /// </summary>
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);

        // A nondeterministic collation rather than a unique index on lower(login): the unique indexes, equality
        // lookups (sign-in, a group by name) and the grid's sort by login then ignore case the same way, with the
        // same LINQ as on SQLite. (PostgreSQL 15 refuses LIKE on such a column; nothing searches them with LIKE.)
        modelBuilder.HasCollation(CaseInsensitive, locale: "und-u-ks-level2", provider: "icu", deterministic: false);
        foreach (var column in CaseInsensitiveColumns(modelBuilder))
        {
            column.UseCollation(CaseInsensitive);
        }

        // The folded keys compare byte by byte, as SQLite's BINARY does: the same sort whatever the server's
        // locale, and their B-tree indexes serve the grid's ORDER BY and LIKE 'prefix%' alike.
        var user = modelBuilder.Entity<User>();
        user.Property(u => u.SearchKey).UseCollation("C");
        user.Property(u => u.SortKey).UseCollation("C");
        user.Property(u => u.PrenomSortKey).UseCollation("C");
    }
}

/// <summary>Marks a DateTime as UTC on its way in and out; the value itself never changes.</summary>
internal sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
    value => value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : DateTime.SpecifyKind(value, DateTimeKind.Utc),
    value => DateTime.SpecifyKind(value, DateTimeKind.Utc));
