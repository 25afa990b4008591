using System.Linq.Expressions;
using Mediatheque.Core.Persistence;

namespace Mediatheque.Core.Users;

/// <summary>
/// The grid's sort, the same on both engines: by the chosen column, then by Id so that pages and « précédent /
/// suivant » are stable among equal keys; users without the value (no Id National) first ascending, last descending.
/// </summary>
internal sealed class UserListOrder(IUserSearch search)
{
    public static Expression<Func<User, string?>> SortKey(UserSort sort) => sort switch
    {
        UserSort.Prenom => u => u.PrenomSortKey,
        UserSort.Login => u => u.Login,
        UserSort.NationalId => u => u.NationalId,
        UserSort.EstablishmentId => u => u.EstablishmentId,
        _ => u => u.SortKey,
    };

    public IOrderedQueryable<User> Sorted(IQueryable<User> users, UserQuery query)
    {
        var key = SortKey(query.Sort);
        var ordered = !search.NullsSortFirst && HasKey(query.Sort) is { } hasKey
            ? query.Descending ? users.OrderByDescending(hasKey).ThenByDescending(key) : users.OrderBy(hasKey).ThenBy(key)
            : query.Descending ? users.OrderByDescending(key) : users.OrderBy(key);
        return query.Descending ? ordered.ThenByDescending(u => u.Id) : ordered.ThenBy(u => u.Id);
    }

    /// <summary>
    /// Rows sorted before (key, id), as <see cref="Sorted"/> orders them: NULL keys first ascending, last descending.
    /// Comparisons run in SQL so that the column's collation is the ORDER BY's.
    /// </summary>
    public static Expression<Func<User, bool>> ComesBefore(Expression<Func<User, string?>> key, string? value, int id, bool descending)
    {
        var user = key.Parameters[0];
        var column = key.Body;
        var box = Expression.Constant(new Box(value, id));
        var boxed = Expression.Property(box, nameof(Box.Value));
        var boxedId = Expression.Property(box, nameof(Box.Id));
        var userId = Expression.Property(user, nameof(User.Id));
        var nullKey = Expression.Constant(null, typeof(string));
        var compare = Expression.Call(typeof(string).GetMethod(nameof(string.Compare), [typeof(string), typeof(string)])!, column, boxed);
        var zero = Expression.Constant(0);
        Expression isNull = Expression.Equal(column, nullKey);
        Expression notNull = Expression.NotEqual(column, nullKey);
        Expression sameKey = Expression.Equal(column, boxed);
        Expression keyBefore = descending ? Expression.GreaterThan(compare, zero) : Expression.LessThan(compare, zero);
        Expression idBefore = descending ? Expression.GreaterThan(userId, boxedId) : Expression.LessThan(userId, boxedId);
        var nullsFirst = !descending;

        Expression body = (nullsFirst, value is null) switch
        {
            (true, true) => Expression.AndAlso(isNull, idBefore),
            (true, false) => Expression.OrElse(Expression.OrElse(isNull, keyBefore), Expression.AndAlso(sameKey, idBefore)),
            (false, true) => Expression.OrElse(notNull, idBefore),
            (false, false) => Expression.AndAlso(notNull, Expression.OrElse(keyBefore, Expression.AndAlso(sameKey, idBefore))),
        };
        return Expression.Lambda<Func<User, bool>>(body, user);
    }

    /// <summary>« Has a value » first where the engine would put NULL last (PostgreSQL), so that NULL sorts first on both.</summary>
    private static Expression<Func<User, bool>>? HasKey(UserSort sort) => sort switch
    {
        UserSort.NationalId => u => u.NationalId != null,
        UserSort.EstablishmentId => u => u.EstablishmentId != null,
        _ => null,
    };

    /// <summary>Holds the keyset values so that EF sends them as parameters, not as SQL literals.</summary>
    private sealed record Box(string? Value, int Id);
}
