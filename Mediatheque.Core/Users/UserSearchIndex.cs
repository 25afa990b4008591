using System.Globalization;
using Mediatheque.Core.Text;

namespace Mediatheque.Core.Users;

/// <summary>
/// What keeps « Liste des utilisateurs » fast at 100,000 users, created by the GridSearch migration
/// and kept in sync by triggers on Users, so every writer (forms, import, demo seed) updates it without knowing:
/// <list type="bullet">
/// <item>« UserSearch », an FTS5 table: per user, the folded SearchKey (Nom, Prénom, Identifiant,
/// Id National, Id Établissement) and two tags, « a1 »/« a0 » (active or not) and « a1p0 » (active
/// ÉLÈVE…). A typed word matches the start of a word of the key (« marion bes » finds BESSON Marion,
/// « eloise » finds Éloïse); the count of a search is a merge of FTS5 doclists, not a scan of Users
/// (LIKE '%…%' reads every row). Groups stay out of it on purpose: FTS5 flushes a segment whenever a row
/// is rewritten, so re-indexing a user per membership made a 100,000-pupil import crawl.</item>
/// <item>« UserCounts », users per (active, profil): the unfiltered grid's count without counting.</item>
/// </list>
/// Gotcha: a later migration that makes EF rebuild the Users table (SQLite cannot alter some columns)
/// drops these triggers with the old table; it must run <see cref="CreateSql"/>'s triggers again.
/// </summary>
public static class UserSearchIndex
{
    /// <summary>Every folded word as a prefix, all required, e.g. <c>SearchKey : ("marion"* AND "bes"*)</c>.</summary>
    public static string SearchExpression(IReadOnlyCollection<string> foldedWords) =>
        // Folded words hold only letters and digits, so quoting them keeps FTS5 syntax out.
        "SearchKey : (" + string.Join(" AND ", foldedWords.Select(w => $"\"{w}\"*")) + ")";

    /// <summary>The active switch and the profile as one tag (« a1 », « a0p2 »): one doclist, not the merge of two long ones.</summary>
    public static string TagExpression(bool active, Profil? profil) =>
        "Tags : " + Tag(active, profil);

    /// <summary>
    /// How many users of (active, profil) match the words. Merging the words' doclist with a tag that holds
    /// nearly everyone (« a1 »: 95,000 rowids) costs more than counting the words alone and taking away the
    /// few others (deactivated users, staff).
    /// </summary>
    internal static FormattableString CountMatching(bool active, Profil? profil, IReadOnlyCollection<string> words)
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

    /// <summary>
    /// The ids of the users that match, as candidates: for the common views (active users, active pupils) the
    /// words alone, and the caller's relational filters drop the few others.
    /// </summary>
    internal static FormattableString Matching(bool active, Profil? profil, IReadOnlyCollection<string> words)
    {
        var match = Others(active, profil) is null ? TagExpression(active, profil) + " AND " + SearchExpression(words) : SearchExpression(words);
        return $"SELECT rowid AS Value FROM UserSearch WHERE UserSearch MATCH {match}";
    }

    /// <summary>The tags of everyone outside (active, profil) when they are few: the deactivated users and the staff.</summary>
    private static string? Others(bool active, Profil? profil) => (active, profil) switch
    {
        (true, null) => "a0",
        (true, Profil.Eleve) => "a0 OR " + string.Join(" OR ", Enum.GetValues<Profil>().Where(p => p != Profil.Eleve).Select(p => Tag(true, p))),
        _ => null,
    };

    private static string Tag(bool active, Profil? profil) =>
        (active ? "a1" : "a0") + (profil is { } p ? "p" + ((int)p).ToString(CultureInfo.InvariantCulture) : string.Empty);

    internal static FormattableString CountAll(bool active, Profil? profil) => profil is { } p
        ? (FormattableString)$"SELECT coalesce(sum(Count), 0) AS Value FROM UserCounts WHERE IsActive = {active} AND Profil = {(int)p}"
        : $"SELECT coalesce(sum(Count), 0) AS Value FROM UserCounts WHERE IsActive = {active}";

    // A user's FTS5 row. Contentless (the text is in Users already): deleting a row takes its old values,
    // which the triggers have. Not contentless_delete=1: it flushes a segment per insert, and an import crawls.
    private const string Insert = """
        INSERT INTO UserSearch (rowid, SearchKey, Tags)
            VALUES ({0}.Id, {0}.SearchKey, 'a' || {0}.IsActive || ' a' || {0}.IsActive || 'p' || {0}.Profil);
        """;

    private const string Delete = """
        INSERT INTO UserSearch (UserSearch, rowid, SearchKey, Tags)
            VALUES ('delete', {0}.Id, {0}.SearchKey, 'a' || {0}.IsActive || ' a' || {0}.IsActive || 'p' || {0}.Profil);
        """;

    private const string CountUp = """
        INSERT INTO UserCounts (IsActive, Profil, Count) VALUES ({0}.IsActive, {0}.Profil, 1)
            ON CONFLICT (IsActive, Profil) DO UPDATE SET Count = Count + 1;
        """;

    private const string CountDown = "UPDATE UserCounts SET Count = Count - 1 WHERE IsActive = {0}.IsActive AND Profil = {0}.Profil;";

    internal static readonly string CreateSql = $"""
        CREATE VIRTUAL TABLE UserSearch USING fts5(
            SearchKey, Tags, content='', detail='column',
            tokenize='unicode61 remove_diacritics 2', prefix='1 2 3');
        CREATE TABLE UserCounts (
            IsActive INTEGER NOT NULL, Profil INTEGER NOT NULL, Count INTEGER NOT NULL,
            PRIMARY KEY (IsActive, Profil)) WITHOUT ROWID;

        INSERT INTO UserCounts (IsActive, Profil, Count) SELECT IsActive, Profil, count(*) FROM Users GROUP BY IsActive, Profil;
        INSERT INTO UserSearch (rowid, SearchKey, Tags)
            SELECT Id, SearchKey, 'a' || IsActive || ' a' || IsActive || 'p' || Profil FROM Users;

        CREATE TRIGGER Users_Index_Insert AFTER INSERT ON Users BEGIN
            {string.Format(CultureInfo.InvariantCulture, Insert, "new")}
            {string.Format(CultureInfo.InvariantCulture, CountUp, "new")}
        END;
        CREATE TRIGGER Users_Index_Update AFTER UPDATE OF SearchKey, IsActive, Profil ON Users
            WHEN old.SearchKey IS NOT new.SearchKey OR old.IsActive IS NOT new.IsActive OR old.Profil IS NOT new.Profil BEGIN
            {string.Format(CultureInfo.InvariantCulture, Delete, "old")}
            {string.Format(CultureInfo.InvariantCulture, Insert, "new")}
            {string.Format(CultureInfo.InvariantCulture, CountDown, "old")}
            {string.Format(CultureInfo.InvariantCulture, CountUp, "new")}
        END;
        CREATE TRIGGER Users_Index_Delete AFTER DELETE ON Users BEGIN
            {string.Format(CultureInfo.InvariantCulture, Delete, "old")}
            {string.Format(CultureInfo.InvariantCulture, CountDown, "old")}
        END;
        """;

    internal const string DropSql = """
        DROP TRIGGER IF EXISTS Users_Index_Delete;
        DROP TRIGGER IF EXISTS Users_Index_Update;
        DROP TRIGGER IF EXISTS Users_Index_Insert;
        DROP TABLE IF EXISTS UserCounts;
        DROP TABLE IF EXISTS UserSearch;
        """;
}
