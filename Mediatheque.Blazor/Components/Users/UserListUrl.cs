using System.Globalization;
using Mediatheque.Core.Users;
using Microsoft.AspNetCore.WebUtilities;

namespace Mediatheque.Blazor.Components.Users;

/// <summary>
/// The grid's view in the page's query string, so that reload, back/forward and a shared link give it back:
/// <c>/utilisateurs?q=besson&amp;classe=Mme%20PAQUAY&amp;desactives=1&amp;tri=-nom&amp;page=2&amp;taille=50</c>.
/// Pages count from 1 here, as people do; <see cref="UserQuery.Page"/> from 0.
/// </summary>
public static class UserListUrl
{
    /// <summary>Relative, as every link inside a school: it stays in the page's school (« /ecoles/3/utilisateurs »).</summary>
    public const string Path = "utilisateurs";

    private static readonly Dictionary<UserSort, string> SortNames = new()
    {
        [UserSort.Nom] = "nom",
        [UserSort.Prenom] = "prenom",
        [UserSort.Login] = "identifiant",
        [UserSort.NationalId] = "idnational",
        [UserSort.EstablishmentId] = "idetablissement",
    };

    public static UserQuery Parse(
        string? q, string? profil, string? classe, string? niveau, string? groupe, string? option,
        string? desactives, string? tri, int? page, int? taille)
    {
        var descending = tri?.StartsWith('-') == true;
        var sortName = tri?.TrimStart('-');
        var sort = SortNames.FirstOrDefault(s => s.Value == sortName, new(UserSort.Nom, "nom")).Key;
        return new UserQuery
        {
            Search = string.IsNullOrWhiteSpace(q) ? null : q,
            Profil = Enum.TryParse<Profil>(profil, ignoreCase: true, out var p) && Enum.IsDefined(p) ? p : null,
            Classe = Blank(classe),
            Niveau = Blank(niveau),
            Groupe = Blank(groupe),
            Option = Blank(option),
            DeactivatedOnly = desactives == "1",
            Sort = sort,
            Descending = descending,
            Page = Math.Max((page ?? 1) - 1, 0),
            PageSize = taille is { } size && UserQuery.PageSizes.Contains(size) ? size : UserQuery.DefaultPageSize,
        };
    }

    /// <summary>The view from a raw query string, e.g. the detail page's « ?q=besson&amp;classe=… ».</summary>
    public static UserQuery Parse(string queryString)
    {
        var values = QueryHelpers.ParseQuery(queryString);
        string? Get(string key) => values.TryGetValue(key, out var value) ? value.ToString() : null;
        int? Number(string key) => int.TryParse(Get(key), CultureInfo.InvariantCulture, out var n) ? n : null;
        return Parse(Get("q"), Get("profil"), Get("classe"), Get("niveau"), Get("groupe"), Get("option"),
            Get("desactives"), Get("tri"), Number("page"), Number("taille"))
            with { LockedOnly = Get("verrouilles") == "1", AlsoApproximate = Get("approchants") == "1" };
    }

    /// <summary>The page's address for this view; what is at its default stays out of it.</summary>
    public static string Format(UserQuery query)
    {
        var values = new List<KeyValuePair<string, string?>>();
        void Add(string key, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                values.Add(new(key, value));
            }
        }

        Add("q", query.Search);
        Add("profil", query.Profil?.ToString());
        Add("classe", query.Classe);
        Add("niveau", query.Niveau);
        Add("groupe", query.Groupe);
        Add("option", query.Option);
        Add("desactives", query.DeactivatedOnly ? "1" : null);
        Add("verrouilles", query.LockedOnly ? "1" : null);
        // Only with a search: it widens an exact identifier's answer to the words' other matches.
        Add("approchants", query.AlsoApproximate && !string.IsNullOrWhiteSpace(query.Search) ? "1" : null);
        if (query.Sort != UserSort.Nom || query.Descending)
        {
            Add("tri", (query.Descending ? "-" : string.Empty) + SortNames[query.Sort]);
        }

        Add("page", query.Page > 0 ? (query.Page + 1).ToString(CultureInfo.InvariantCulture) : null);
        Add("taille", query.PageSize != UserQuery.DefaultPageSize ? query.PageSize.ToString(CultureInfo.InvariantCulture) : null);
        return QueryHelpers.AddQueryString(Path, values);
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
