using Mediatheque.Core.Text;

namespace Mediatheque.Core.Users;

/// <summary>
/// The search box's index: the SQLite FTS5 table « UserSearch » over Users.SearchKey (the folded
/// Nom, Prénom, Identifiant, Id National, Id Établissement), created by the GridSearch migration and
/// kept in sync by triggers, so every writer (forms, import, demo seed) updates it without knowing.
/// A word typed matches the start of a word of the key: « marion bes » finds BESSON Marion, « eloise »
/// finds Éloïse. A B-tree index or LIKE '%…%' would scan all 100,000 keys on every keystroke.
/// Gotcha: a later migration that makes EF rebuild the Users table (SQLite cannot alter some columns)
/// drops these triggers with the old table; such a migration must run <see cref="CreateSql"/>'s triggers again.
/// </summary>
public static class UserSearchIndex
{
    public const string Table = "UserSearch";

    /// <summary>The FTS5 query for a search box: every folded word, as a prefix; null when nothing is typed.</summary>
    public static string? MatchExpression(string? search)
    {
        // Folded words hold only letters and digits, so quoting them is enough to keep FTS5 syntax out.
        var words = TextFolding.FoldWords(search);
        return words.Length == 0 ? null : string.Join(' ', words.Distinct().Select(w => $"\"{w}\"*"));
    }

    /// <summary>The ids of the users whose key matches, as EF composes it into « Id IN (…) ».</summary>
    internal static FormattableString Matching(string match) =>
        $"SELECT rowid AS Value FROM UserSearch WHERE UserSearch MATCH {match}";

    internal const string CreateSql = """
        CREATE VIRTUAL TABLE UserSearch USING fts5(
            SearchKey, content='Users', content_rowid='Id',
            tokenize='unicode61 remove_diacritics 2', prefix='1 2 3');
        INSERT INTO UserSearch(UserSearch) VALUES ('rebuild');
        CREATE TRIGGER Users_UserSearch_Insert AFTER INSERT ON Users BEGIN
            INSERT INTO UserSearch(rowid, SearchKey) VALUES (new.Id, new.SearchKey);
        END;
        CREATE TRIGGER Users_UserSearch_Delete AFTER DELETE ON Users BEGIN
            INSERT INTO UserSearch(UserSearch, rowid, SearchKey) VALUES ('delete', old.Id, old.SearchKey);
        END;
        CREATE TRIGGER Users_UserSearch_Update AFTER UPDATE OF SearchKey ON Users BEGIN
            INSERT INTO UserSearch(UserSearch, rowid, SearchKey) VALUES ('delete', old.Id, old.SearchKey);
            INSERT INTO UserSearch(rowid, SearchKey) VALUES (new.Id, new.SearchKey);
        END;
        """;

    internal const string DropSql = """
        DROP TRIGGER IF EXISTS Users_UserSearch_Update;
        DROP TRIGGER IF EXISTS Users_UserSearch_Delete;
        DROP TRIGGER IF EXISTS Users_UserSearch_Insert;
        DROP TABLE IF EXISTS UserSearch;
        """;
}
