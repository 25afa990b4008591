using System.Data.Common;
using System.Text;
using Mediatheque.Core.Persistence.PostgreSql;
using Mediatheque.Core.Persistence.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace Mediatheque.Benchmarks;

/// <summary>
/// The grid's <c>--explain</c>: before each query the app sends, the same text with the same parameters is explained
/// on the same connection (PostgreSQL: <c>EXPLAIN (ANALYZE, BUFFERS)</c>, real row counts; SQLite: <c>EXPLAIN QUERY
/// PLAN</c>), and printed. A plan says what a query does whatever the machine's load; a timing does not.
/// </summary>
public sealed class QueryPlans : DbCommandInterceptor
{
    private readonly StringBuilder log = new();

    public bool Enabled { get; set; }

    public static Action<IServiceCollection> Install(QueryPlans plans) => services =>
    {
        services.ConfigureDbContext<SqliteMediathequeDbContext>(o => o.AddInterceptors(plans));
        services.ConfigureDbContext<PostgreSqlMediathequeDbContext>(o => o.AddInterceptors(plans));
    };

    /// <summary>What was explained since the last call.</summary>
    public string Take()
    {
        var text = log.ToString();
        log.Clear();
        return text;
    }

    public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        if (Enabled)
        {
            await ExplainAsync(command, cancellationToken);
        }

        return result;
    }

    private async Task ExplainAsync(DbCommand command, CancellationToken cancellationToken)
    {
        var sqlite = command.Connection is Microsoft.Data.Sqlite.SqliteConnection;
        await using var explain = command.Connection!.CreateCommand();
        explain.Transaction = command.Transaction;
        explain.CommandText = (sqlite ? "EXPLAIN QUERY PLAN " : "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ") + command.CommandText;
        foreach (DbParameter parameter in command.Parameters)
        {
            var copy = explain.CreateParameter();
            copy.ParameterName = parameter.ParameterName;
            copy.Value = parameter.Value;
            copy.DbType = parameter.DbType;
            explain.Parameters.Add(copy);
        }

        log.AppendLine("    " + command.CommandText.ReplaceLineEndings("\n    "));
        var parameters = string.Join(", ", command.Parameters.Cast<DbParameter>().Select(p => $"{p.ParameterName} = {Shown(p.Value)}"));
        log.AppendLine("    -- " + (parameters.Length > 300 ? parameters[..300] + "…" : parameters));

        await using var reader = await explain.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            // SQLite: id, parent, notused, detail; PostgreSQL: one line of text.
            log.AppendLine("      " + (sqlite ? $"{reader.GetInt32(1),3} → {reader.GetInt32(0),3}  {reader.GetString(3)}" : reader.GetString(0)));
        }

        log.AppendLine();
    }

    private static string? Shown(object? value) =>
        value is System.Collections.IEnumerable list and not string ? "[" + string.Join(",", list.Cast<object>()) + "]" : value?.ToString();
}
