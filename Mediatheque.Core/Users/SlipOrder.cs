namespace Mediatheque.Core.Users;

/// <summary>How handed-over credentials are listed and printed: by class (pupils without one last), then by name.</summary>
public static class SlipOrder
{
    public static IReadOnlyList<T> Sort<T>(IEnumerable<T> items, Func<T, string?> classe, Func<T, string> nom, Func<T, string> prenom) =>
        items.OrderBy(i => classe(i) ?? "\uffff", StringComparer.CurrentCulture)
            .ThenBy(nom, StringComparer.CurrentCulture)
            .ThenBy(prenom, StringComparer.CurrentCulture)
            .ToList();
}
