using Mediatheque.Core.Users;

namespace Mediatheque.Blazor.Components.Users.Bulk;

/// <summary>
/// The grid's checked rows: some users by id, or « tout sélectionner » (every user of the filtered list, all
/// pages, but those unchecked since). Turned into a <see cref="UserSelection"/> that Core checks user by user.
/// </summary>
public sealed class GridSelection
{
    // The checked ids; with AllMatching, the unchecked ones.
    private readonly HashSet<int> ids = [];
    private IReadOnlyList<int> pageIds = [];

    /// <summary>Raised on every change, and when the grid shows another page or list.</summary>
    public event Action? Changed;

    /// <summary>Set by « tout sélectionner »: the filters whose whole list is selected.</summary>
    public UserQuery? AllMatching { get; private set; }

    /// <summary>The grid's current filters and how many users they list (all pages).</summary>
    public UserQuery Query { get; private set; } = new();

    public int Total { get; private set; }

    public int Count => AllMatching is null ? ids.Count : Math.Max(Total - ids.Count, 0);

    public bool IsEmpty => Count == 0;

    public bool WholeListSelected => AllMatching is not null && ids.Count == 0;

    public bool PageSelected => pageIds.Count > 0 && pageIds.All(IsSelected);

    /// <summary>The header's box: every row of the page checked (true), none (false), or some (null, drawn as « - »).</summary>
    public bool? PageState => PageSelected ? true : pageIds.Any(IsSelected) ? null : false;

    public bool IsSelected(int id) => AllMatching is null ? ids.Contains(id) : !ids.Contains(id);

    public void Toggle(int id)
    {
        if (!ids.Remove(id))
        {
            ids.Add(id);
        }

        Changed?.Invoke();
    }

    /// <summary>The header's checkbox: this page's rows, all checked or all unchecked.</summary>
    public void SetPage(bool selected)
    {
        foreach (var id in pageIds)
        {
            // Checked means « in ids » without AllMatching, « not in ids » with it.
            if (selected == (AllMatching is null))
            {
                ids.Add(id);
            }
            else
            {
                ids.Remove(id);
            }
        }

        Changed?.Invoke();
    }

    public void SelectAll()
    {
        AllMatching = Query with { Page = 0 };
        ids.Clear();
        Changed?.Invoke();
    }

    public void Clear()
    {
        AllMatching = null;
        ids.Clear();
        Changed?.Invoke();
    }

    /// <summary>The grid loaded a page. Other filters end « tout sélectionner » (it meant the previous list).</summary>
    public void Showing(UserQuery query, IReadOnlyList<int> rows, int total)
    {
        if (AllMatching is not null && !SameList(AllMatching, query))
        {
            AllMatching = null;
            ids.Clear();
        }

        Query = query;
        pageIds = rows;
        Total = total;
        Changed?.Invoke();
    }

    public UserSelection ToUserSelection() => new(ids.ToList(), AllMatching);

    private static bool SameList(UserQuery a, UserQuery b) =>
        a with { Page = 0, PageSize = 0, Sort = 0, Descending = false } == b with { Page = 0, PageSize = 0, Sort = 0, Descending = false };
}
