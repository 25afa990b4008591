using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Mediatheque.Core.Persistence;

/// <summary>
/// Inserts many new rows inside the caller's transaction with one prepared command reused for
/// every row. SaveChanges sends one statement per entity and tracks each one, which made an
/// import of 10,000 pupils take seconds; this stays a few hundred milliseconds. The columns and
/// conversions come from the EF model, so a new column is inserted like the others.
/// </summary>
internal static class BulkInsert
{
    public static async Task InsertAsync<T>(MediathequeDbContext db, IReadOnlyList<T> entities, CancellationToken cancellationToken)
        where T : class
    {
        if (entities.Count == 0)
        {
            return;
        }

        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("A bulk insert runs inside the caller's transaction.");
        var entityType = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not mapped.");
        var table = StoreObjectIdentifier.Table(entityType.GetTableName()!, entityType.GetSchema());
        var key = entityType.FindPrimaryKey()!.Properties;
        var generated = key is [{ ValueGenerated: ValueGenerated.OnAdd } id] ? id : null;
        var columns = entityType.GetProperties().Where(p => p != generated).ToList();

        await using var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        var names = string.Join(", ", columns.Select(p => Quote(p.GetColumnName(table)!)));
        var values = string.Join(", ", columns.Select((_, i) => "@p" + i));
        command.CommandText = $"INSERT INTO {Quote(table.Name)} ({names}) VALUES ({values})"
            + (generated is null ? string.Empty : $" RETURNING {Quote(generated.GetColumnName(table)!)}");
        var parameters = columns.Select((_, i) => AddParameter(command, "@p" + i)).ToArray();
        await command.PrepareAsync(cancellationToken);

        foreach (var entity in entities)
        {
            for (var i = 0; i < columns.Count; i++)
            {
                var value = columns[i].GetGetter().GetClrValueUsingContainingEntity(entity);
                if (value is not null && columns[i].GetTypeMapping().Converter is { } converter)
                {
                    value = converter.ConvertToProvider(value);
                }

                parameters[i].Value = value ?? DBNull.Value;
            }

            if (generated is null)
            {
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
            else
            {
                var newId = await command.ExecuteScalarAsync(cancellationToken);
                generated.PropertyInfo!.SetValue(entity, Convert.ChangeType(newId, generated.ClrType, System.Globalization.CultureInfo.InvariantCulture));
            }
        }
    }

    private static DbParameter AddParameter(DbCommand command, string name)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        command.Parameters.Add(parameter);
        return parameter;
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
