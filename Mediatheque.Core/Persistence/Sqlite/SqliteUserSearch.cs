using System.Globalization;
using Mediatheque.Core.Users;

namespace Mediatheque.Core.Persistence.Sqlite;

/// <summary>
/// The grid's search on SQLite, over what the GridSearch migration created and its triggers keep in sync
/// (so every writer, forms, import, demo seed, updates it without knowing):
/// <list type="bullet">
/// <item>« UserSearch », an FTS5 table: per user, the folded SearchKey and two tags, « a1 »/« a0 » (active or
/// not) and « a1p0 » (active ÉLÈVE…). A typed word matches the start of a word of the key (« marion bes » finds
/// BESSON Marion, « eloise » finds Éloïse); the count of a search is a merge of FTS5 doclists, not a scan of
/// Users (LIKE '%…%' reads every row). Groups stay out of it on purpose: FTS5 flushes a segment whenever a row
/// is rewritten, so re-indexing a user per membership made a 100,000-pupil import crawl.</item>
/// <item>« UserCounts », users per (active, profil): the unfiltered grid's count without counting.</item>
/// </list>
/// Gotcha: a later SQLite migration that makes EF rebuild the Users table (SQLite cannot alter some columns)
/// drops the triggers with the old table; it must create them again, with the SQL written out in that migration.
/// </summary>
internal sealed class SqliteUserSearch : IUserSearch
{
    public bool NullsSortFirst => true;

    /// <summary>Every folded word as a prefix, all required, e.g. <c>SearchKey : ("marion"* AND "bes"*)</c>.</summary>
    public static string SearchExpression(IReadOnlyCollection<string> foldedWords) =>
        // Folded words hold only letters and digits, so quoting them keeps FTS5 syntax out.
        "SearchKey : (" + string.Join(" AND ", foldedWords.Select(w => $"\"{w}\"*")) + ")";

    /// <summary>The active switch and the profile as one tag (« a1 », « a0p2 »): one doclist, not the merge of two long ones.</summary>
    public static string TagExpression(bool active, Profil? profil) =>
        "Tags : " + Tag(active, profil);

    /// <summary>
    /// Merging the words' doclist with a tag that holds nearly everyone (« a1 »: 95,000 rowids) costs more than
    /// counting the words alone and taking away the few others (deactivated users, staff).
    /// </summary>
    public FormattableString CountMatching(bool active, Profil? profil, IReadOnlyCollection<string> words)
    {
        var search = SearchExpression(words);
        if (Others(active, profil) is not { } others)
        {
            var match = TagExpression(active, profil) + " AND " + search;
            return $"SELECT count(*) AS Value FROM UserSearch WHERE UserSearch MATCH {match}";
        }

        var excluded = search + " AND Tags : (" + others + ")";
        return $"SELECT (SELECT count(*) FROM UserSearch WHERE UserSearch MATCH {search}) - (SELECT count(*) FROM UserSearch WHERE UserSearch MATCH {excluded}) AS Value";
    }

    /// <summary>For the common views (active users, active pupils) the words alone: the caller drops the few others.</summary>
    public FormattableString Matching(bool active, Profil? profil, IReadOnlyCollection<string> words)
    {
        var match = Others(active, profil) is null ? TagExpression(active, profil) + " AND " + SearchExpression(words) : SearchExpression(words);
        return $"SELECT rowid AS Value FROM UserSearch WHERE UserSearch MATCH {match}";
    }

    public FormattableString CountAll(bool active, Profil? profil) => profil is { } p
        ? (FormattableString)$"SELECT coalesce(sum(Count), 0) AS Value FROM UserCounts WHERE IsActive = {active} AND Profil = {(int)p}"
        : $"SELECT coalesce(sum(Count), 0) AS Value FROM UserCounts WHERE IsActive = {active}";

    /// <summary>The tags of everyone outside (active, profil) when they are few: the deactivated users and the staff.</summary>
    private static string? Others(bool active, Profil? profil) => (active, profil) switch
    {
        (true, null) => "a0",
        (true, Profil.Eleve) => "a0 OR " + string.Join(" OR ", Enum.GetValues<Profil>().Where(p => p != Profil.Eleve).Select(p => Tag(true, p))),
        _ => null,
    };

    private static string Tag(bool active, Profil? profil) =>
        (active ? "a1" : "a0") + (profil is { } p ? "p" + ((int)p).ToString(CultureInfo.InvariantCulture) : string.Empty);
}
