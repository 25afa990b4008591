using Mediatheque.Core.Groups;
using Mediatheque.Core.Persistence;
using Mediatheque.Core.Persistence.PostgreSql;
using Mediatheque.Core.Persistence.Sqlite;
using Mediatheque.Core.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace Mediatheque.Tests.Core;

/// <summary>
/// Every query of the users grid says which rows it keeps when it keeps only some (issue 27): EF Core's « row limiting
/// operator without an OrderBy » warning, which the log showed four times per use of the grid, is an error here.
/// Without an order the database may return any rows: a different exact match, a different « tout sélectionner ».
/// </summary>
public abstract class UserFinderOrderTests(DatabaseProvider provider) : IAsyncLifetime
{
    public sealed class OnSqlite() : UserFinderOrderTests(DatabaseProvider.Sqlite);

    public sealed class OnPostgreSql() : UserFinderOrderTests(DatabaseProvider.PostgreSql);

    private static readonly (GroupType, string) Paquay = (GroupType.Classe, "Mme PAQUAY");

    private TestDatabase database = null!;
    private User admin = null!;
    private User teacher = null!;
    private User pupil = null!;

    private UserFinder Finder => database.Get<UserFinder>();

    public async Task InitializeAsync()
    {
        database = await TestDatabase.CreateAsync(provider, configure: services =>
        {
            services.ConfigureDbContext<SqliteMediathequeDbContext>(RowLimitsMustBeOrdered);
            services.ConfigureDbContext<PostgreSqlMediathequeDbContext>(RowLimitsMustBeOrdered);
        });
        admin = await database.AddUserAsync("LEBRUN", "Claire", Profil.Administrateur, "admin");
        teacher = await database.AddUserAsync("PAQUAY", "Sophie", Profil.Enseignant, "paquay", groups: [Paquay]);
        pupil = await database.AddUserAsync("BESSON", "Marion", login: "bm", groups: [Paquay]);
        await database.AddUserAsync("BESSON", "Paul", login: "bp", groups: [Paquay]);
        await database.AddUserAsync("MARTIN", "Marion", login: "mm");
    }

    public async Task DisposeAsync() => await database.DisposeAsync();

    [Theory]
    [InlineData("")]
    [InlineData("besson")]
    [InlineData("bm")]
    [InlineData("marion bes")]
    public async Task A_page_of_the_grid_reads_its_rows_in_a_stated_order(string search)
    {
        foreach (var query in Queries(search))
        {
            await Finder.SearchAsync(admin.Id, query);
            await Finder.SearchAsync(teacher.Id, query);
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("besson")]
    [InlineData("bm")]
    public async Task Selecting_every_user_of_the_list_reads_them_in_a_stated_order(string search)
    {
        foreach (var query in Queries(search))
        {
            await Finder.IdsAsync(admin.Id, query, limit: 2);
            await Finder.IdsAsync(teacher.Id, query, limit: 2);
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("besson")]
    [InlineData("bm")]
    public async Task Previous_and_next_on_a_users_page_read_in_a_stated_order(string search)
    {
        foreach (var query in Queries(search))
        {
            await Finder.GetNeighboursAsync(admin.Id, query, pupil.Id);
            await Finder.GetNeighboursAsync(teacher.Id, query, pupil.Id);
        }

        await Finder.GetFilterOptionsAsync(admin.Id);
        await Finder.GetFilterOptionsAsync(teacher.Id);
    }

    /// <summary>The grid's shapes: no filter, a class, a profile, descending on a column with empty values.</summary>
    private static IEnumerable<UserQuery> Queries(string search) =>
    [
        new UserQuery { Search = search },
        new UserQuery { Search = search, Classe = "Mme PAQUAY" },
        new UserQuery { Search = search, Profil = Profil.Eleve, PageSize = 1, Page = 1 },
        new UserQuery { Search = search, Sort = UserSort.NationalId, Descending = true },
    ];

    private static void RowLimitsMustBeOrdered(DbContextOptionsBuilder options) =>
        options.ConfigureWarnings(warnings => warnings.Throw(
            CoreEventId.RowLimitingOperationWithoutOrderByWarning, CoreEventId.FirstWithoutOrderByAndFilterWarning));
}
