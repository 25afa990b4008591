using System.Globalization;
using System.Runtime.CompilerServices;
using Mediatheque.Core.Users;

namespace Mediatheque.Core.Persistence.PostgreSql;

/// <summary>
/// The grid's search on PostgreSQL, over what its migrations created (InitialSchema, GridCounters, Schools):
/// <list type="bullet">
/// <item>« Users.SearchVector », a generated tsvector whose lexemes are the folded SearchKey's words exactly
/// (array_to_tsvector: no parser, no dictionary, no stemming), their prefixes of one to three letters as lexemes of
/// their own (« ^m », « ^ma », « ^mar »: what FTS5's prefix indexes are on SQLite), and two tags naming the user's
/// school, active flag and profile, « #s3a1 » and « #s3a1p0 », under a GIN index. A typed word of up to three letters is its prefix lexeme; a longer one a prefix
/// query (<c>'marion':*</c>), which expands over few lexemes. Either way it matches the start of a word, as on SQLite;
/// a folded word holds only letters and digits, so it can never match a « ^ » prefix or a « # » tag by itself.</item>
/// <item>« UserCounts », users per (school, active, profil), and « UserPrefixCounts », users per (school, prefix, active, profil),
/// kept by statement triggers (one update per statement, so a COPY of 10,000 pupils adds its counts once): the
/// unfiltered grid's count, and the count of one short word (« m »: 23,000 users), without reading the users.</item>
/// </list>
/// Measured against pg_trgm (every candidate row rechecked) and a folded key with text_pattern_ops (finds the start
/// of the key only, not of every word; a words table counts distinct users): Mediatheque.Benchmarks/README.md.
/// </summary>
internal sealed class PostgreSqlUserSearch : IUserSearch
{
    public bool NullsSortFirst => false;

    public FormattableString CountAll(int schoolId, bool active, Profil? profil) => profil is { } p
        ? (FormattableString)$"""SELECT coalesce(sum("Count"), 0)::int AS "Value" FROM "UserCounts" WHERE "SchoolId" = {schoolId} AND "IsActive" = {active} AND "Profil" = {(int)p}"""
        : $"""SELECT coalesce(sum("Count"), 0)::int AS "Value" FROM "UserCounts" WHERE "SchoolId" = {schoolId} AND "IsActive" = {active}""";

    public FormattableString CountMatching(int schoolId, bool active, Profil? profil, IReadOnlyCollection<string> words)
    {
        if (words.Count == 1 && words.First() is { Length: <= PrefixLength } word)
        {
            var prefix = PrefixLexeme(word);
            return profil is { } p
                ? (FormattableString)$"""SELECT coalesce(sum("Count"), 0)::int AS "Value" FROM "UserPrefixCounts" WHERE "SchoolId" = {schoolId} AND "Prefix" = {prefix} AND "IsActive" = {active} AND "Profil" = {(int)p}"""
                : $"""SELECT coalesce(sum("Count"), 0)::int AS "Value" FROM "UserPrefixCounts" WHERE "SchoolId" = {schoolId} AND "Prefix" = {prefix} AND "IsActive" = {active}""";
        }

        return Sql($"""SELECT count(*)::int AS "Value" FROM "Users" WHERE "SearchVector" @@ {Literal(Query(schoolId, active, profil, words))}::tsquery""");
    }

    public FormattableString Matching(int schoolId, bool active, Profil? profil, IReadOnlyCollection<string> words) =>
        Sql($"""SELECT "Id" AS "Value" FROM "Users" WHERE "SearchVector" @@ {Literal(Query(schoolId, active, profil, words))}::tsquery""");

    /// <summary>
    /// The tsquery as a literal, not a parameter: with a parameter, Npgsql's prepared statement let PostgreSQL switch to
    /// its generic plan after five runs, which cannot know the query's lexemes and read the whole table (70–100 ms a
    /// search at 100,000 users in 40 schools, against under 1 ms planned with the lexemes). Safe to inline: folded words
    /// hold only letters and digits, the tag only digits, and the literal's quotes are doubled anyway.
    /// </summary>
    private static string Literal(string tsquery) => "'" + tsquery.Replace("'", "''", StringComparison.Ordinal) + "'";

    /// <summary>SQL whose values are all inlined literals: no format argument is left for EF to make a parameter.</summary>
    private static FormattableString Sql(string sql) =>
        FormattableStringFactory.Create(sql.Replace("{", "{{", StringComparison.Ordinal).Replace("}", "}}", StringComparison.Ordinal));

    /// <summary>The longest prefixes the vector holds as lexemes of their own (and UserPrefixCounts counts).</summary>
    private const int PrefixLength = 3;

    /// <summary>
    /// Every folded word as a prefix, all required, and the (school, active, profil) tag: <c>'marion':* &amp; '^bes' &amp; '#s3a1p0'</c>.
    /// Folded words hold only letters and digits, so quoting them keeps tsquery syntax out.
    /// </summary>
    internal static string Query(int schoolId, bool active, Profil? profil, IReadOnlyCollection<string> words) =>
        string.Join(" & ", words.Select(w => w.Length <= PrefixLength ? $"'{PrefixLexeme(w)}'" : $"'{w}':*").Append($"'{Tag(schoolId, active, profil)}'"));

    private static string PrefixLexeme(string word) => "^" + word;

    private static string Tag(int schoolId, bool active, Profil? profil) =>
        "#s" + schoolId.ToString(CultureInfo.InvariantCulture) + (active ? "a1" : "a0")
        + (profil is { } p ? "p" + ((int)p).ToString(CultureInfo.InvariantCulture) : string.Empty);
}
