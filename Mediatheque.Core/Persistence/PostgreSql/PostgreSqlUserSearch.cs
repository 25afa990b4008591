using System.Globalization;
using Mediatheque.Core.Users;

namespace Mediatheque.Core.Persistence.PostgreSql;

/// <summary>
/// The grid's search on PostgreSQL, over what its InitialSchema migration created:
/// <list type="bullet">
/// <item>« Users.SearchVector », a generated tsvector whose lexemes are the folded SearchKey's words exactly
/// (array_to_tsvector: no parser, no dictionary, no stemming) plus two tags, « #a1 »/« #a0 » and « #a1p0 »,
/// under a GIN index. A typed word is a prefix query (<c>'mar':*</c>), so it matches the start of a word, as
/// on SQLite; a folded word holds only letters and digits, so it can never match a « # » tag.</item>
/// <item>« UserCounts », users per (active, profil), kept by statement triggers (one update per statement,
/// so a COPY of 10,000 pupils adds its counts once): the unfiltered grid's count without counting.</item>
/// </list>
/// Measured against pg_trgm (trigrams need a recheck of every candidate row) and a folded key with
/// text_pattern_ops (finds the start of the key only, not of every word): Mediatheque.Benchmarks/README.md.
/// </summary>
internal sealed class PostgreSqlUserSearch : IUserSearch
{
    public bool NullsSortFirst => false;

    public FormattableString CountAll(bool active, Profil? profil) => profil is { } p
        ? (FormattableString)$"""SELECT coalesce(sum("Count"), 0)::int AS "Value" FROM "UserCounts" WHERE "IsActive" = {active} AND "Profil" = {(int)p}"""
        : $"""SELECT coalesce(sum("Count"), 0)::int AS "Value" FROM "UserCounts" WHERE "IsActive" = {active}""";

    public FormattableString CountMatching(bool active, Profil? profil, IReadOnlyCollection<string> words) =>
        $"""SELECT count(*)::int AS "Value" FROM "Users" WHERE "SearchVector" @@ {Query(active, profil, words)}::tsquery""";

    public FormattableString Matching(bool active, Profil? profil, IReadOnlyCollection<string> words) =>
        $"""SELECT "Id" AS "Value" FROM "Users" WHERE "SearchVector" @@ {Query(active, profil, words)}::tsquery""";

    /// <summary>
    /// Every folded word as a prefix, all required, and the (active, profil) tag: <c>'marion':* &amp; 'bes':* &amp; '#a1p0'</c>.
    /// Folded words hold only letters and digits, so quoting them keeps tsquery syntax out.
    /// </summary>
    internal static string Query(bool active, Profil? profil, IReadOnlyCollection<string> words) =>
        string.Join(" & ", words.Select(w => $"'{w}':*").Append($"'{Tag(active, profil)}'"));

    private static string Tag(bool active, Profil? profil) =>
        (active ? "#a1" : "#a0") + (profil is { } p ? "p" + ((int)p).ToString(CultureInfo.InvariantCulture) : string.Empty);
}
