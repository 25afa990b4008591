using Mediatheque.Core.Users;

namespace Mediatheque.Core.Persistence;

/// <summary>
/// How « Liste des utilisateurs » finds and counts users on each engine (SQLite: FTS5 and counters kept by
/// triggers; PostgreSQL: a tsvector with a GIN index and counters kept by statement triggers). The meaning is
/// the same on both: every folded word must be the start of a word of <see cref="User.SearchKey"/> (Nom, Prénom,
/// Identifiant, Id National, Id Établissement). <see cref="UserFinder"/> composes these with its relational filters;
/// each returns one integer column named « Value » for <c>Database.SqlQuery&lt;int&gt;</c>.
/// This SQL is the engine's own, which the school filter does not reach: each statement is given the school, and its
/// word index and counters are kept per school, so a count never includes another school's users.
/// </summary>
public interface IUserSearch
{
    /// <summary>How many users of the school are (active, profil), without a search: read from counters, not counted.</summary>
    FormattableString CountAll(int schoolId, bool active, Profil? profil);

    /// <summary>How many users of the school and of (active, profil) match every word.</summary>
    FormattableString CountMatching(int schoolId, bool active, Profil? profil, IReadOnlyCollection<string> words);

    /// <summary>
    /// The ids of users of the school that match every word, as candidates: a superset of (active, profil) is allowed,
    /// the caller's relational filters drop the others.
    /// </summary>
    FormattableString Matching(int schoolId, bool active, Profil? profil, IReadOnlyCollection<string> words);

    /// <summary>
    /// Where the engine sorts NULL in an ascending ORDER BY: first (SQLite) or last (PostgreSQL). Users without an
    /// Id National sort first on both: where the engine puts NULL last, <see cref="UserFinder"/> orders by « has a
    /// value » first, and the engine's migrations give that order an index.
    /// </summary>
    bool NullsSortFirst { get; }
}
