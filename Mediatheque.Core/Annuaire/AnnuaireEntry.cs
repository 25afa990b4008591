namespace Mediatheque.Core.Annuaire;

/// <summary>
/// One directory entry as read by the service account: its DN, its stable id (entryUUID, or
/// objectGUID on Active Directory) and the values of the attributes asked for, by lower-case name.
/// Never a password: the search does not ask for one.
/// </summary>
public sealed record AnnuaireEntry(string Dn, string? StableId, IReadOnlyDictionary<string, IReadOnlyList<string>> Values)
{
    /// <summary>The attribute's first non-blank value, trimmed; null when it has none.</summary>
    public string? First(string attribute) =>
        All(attribute).FirstOrDefault();

    /// <summary>The attribute's non-blank values, trimmed, without duplicates.</summary>
    public IReadOnlyList<string> All(string attribute) =>
        Values.TryGetValue(attribute.ToLowerInvariant(), out var values)
            ? values.Select(v => v.Trim()).Where(v => v.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList()
            : [];
}

/// <summary>The directory could not be used (unreachable, refused the service account, refused the search): why, in French.</summary>
public sealed class AnnuaireException(string message, Exception? inner = null) : Exception(message, inner);
