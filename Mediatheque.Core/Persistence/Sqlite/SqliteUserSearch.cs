using System.Globalization;
using Mediatheque.Core.Users;

namespace Mediatheque.Core.Persistence.Sqlite;

/// <summary>
/// The grid's search on SQLite, over what the migrations created (GridSearch, then Schools) and their triggers keep in
/// sync (so every writer, forms, import, demo seed, updates it without knowing):
/// <list type="bullet">
/// <item>« UserSearch », an FTS5 table: per user, the folded SearchKey and tags naming the user's school, active flag and
/// profile, « s3a1 » (active in school 3) and « s3a1p0 » (active ÉLÈVE of school 3)… A typed word matches the start of a
/// word of the key (« marion bes » finds BESSON Marion, « eloise » finds Éloïse); the count of a search is a merge of
/// FTS5 doclists, the words' and the school's tag, not a scan of Users (LIKE '%…%' reads every row). Groups stay out of
/// it on purpose: FTS5 flushes a segment whenever a row is rewritten, so re-indexing a user per membership made a
/// 100,000-pupil import crawl.</item>
/// <item>« UserCounts », users per (school, active, profil): the unfiltered grid's count without counting.</item>
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

    /// <summary>The school, the active switch and the profile as one tag (« s3a1 », « s3a0p2 »): one doclist, not the merge of three.</summary>
    public static string TagExpression(int schoolId, bool active, Profil? profil) =>
        "Tags : " + Tag(schoolId, active, profil);

    public FormattableString CountMatching(int schoolId, bool active, Profil? profil, IReadOnlyCollection<string> words)
    {
        var match = TagExpression(schoolId, active, profil) + " AND " + SearchExpression(words);
        return $"SELECT count(*) AS Value FROM UserSearch WHERE UserSearch MATCH {match}";
    }

    public FormattableString Matching(int schoolId, bool active, Profil? profil, IReadOnlyCollection<string> words)
    {
        var match = TagExpression(schoolId, active, profil) + " AND " + SearchExpression(words);
        return $"SELECT rowid AS Value FROM UserSearch WHERE UserSearch MATCH {match}";
    }

    public FormattableString CountAll(int schoolId, bool active, Profil? profil) => profil is { } p
        ? (FormattableString)$"SELECT coalesce(sum(Count), 0) AS Value FROM UserCounts WHERE SchoolId = {schoolId} AND IsActive = {active} AND Profil = {(int)p}"
        : $"SELECT coalesce(sum(Count), 0) AS Value FROM UserCounts WHERE SchoolId = {schoolId} AND IsActive = {active}";

    private static string Tag(int schoolId, bool active, Profil? profil) =>
        "s" + schoolId.ToString(CultureInfo.InvariantCulture) + (active ? "a1" : "a0")
        + (profil is { } p ? "p" + ((int)p).ToString(CultureInfo.InvariantCulture) : string.Empty);
}
