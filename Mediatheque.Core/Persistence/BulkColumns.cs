using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Mediatheque.Core.Persistence;

/// <summary>
/// What a bulk insert writes for an entity type, read from the EF model (so a new column is inserted like the
/// others): the table, the columns, each value as the provider stores it, and the key the database generates.
/// </summary>
internal static class BulkColumns
{
    public static StoreObjectIdentifier For<T>(MediathequeDbContext db, out IProperty? generated, out IReadOnlyList<IProperty> columns)
    {
        var entityType = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not mapped.");
        var key = entityType.FindPrimaryKey()!.Properties;
        var id = key is [{ ValueGenerated: ValueGenerated.OnAdd } only] ? only : null;
        generated = id;
        columns = entityType.GetProperties().Where(p => p != id).ToList();
        return StoreObjectIdentifier.Table(entityType.GetTableName()!, entityType.GetSchema());
    }

    public static object? ProviderValue(IProperty column, object entity)
    {
        var value = column.GetGetter().GetClrValueUsingContainingEntity(entity);
        return value is not null && column.GetTypeMapping().Converter is { } converter ? converter.ConvertToProvider(value) : value;
    }

    public static void SetGenerated(IProperty generated, object entity, object? value) =>
        generated.PropertyInfo!.SetValue(entity, Convert.ChangeType(value, generated.ClrType, CultureInfo.InvariantCulture));

    public static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
