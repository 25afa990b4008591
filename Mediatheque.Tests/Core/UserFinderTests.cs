using Mediatheque.Core.Groups;
using Mediatheque.Core.Persistence;
using Mediatheque.Core.Users;
using Microsoft.EntityFrameworkCore;

namespace Mediatheque.Tests.Core;

/// <summary>« Liste des utilisateurs »' query on each real migrated database: search, filters, scope, sort, paging.</summary>
public abstract class UserFinderTests(DatabaseProvider provider) : IAsyncLifetime
{
    public sealed class OnSqlite() : UserFinderTests(DatabaseProvider.Sqlite);

    public sealed class OnPostgreSql() : UserFinderTests(DatabaseProvider.PostgreSql);

    private static readonly (GroupType, string) Paquay = (GroupType.Classe, "Mme PAQUAY");
    private static readonly (GroupType, string) Durand = (GroupType.Classe, "M. DURAND");
    private static readonly (GroupType, string) Ce1 = (GroupType.Niveau, "CE1");
    private static readonly (GroupType, string) Cm1 = (GroupType.Niveau, "CM1");
    private static readonly (GroupType, string) Foot = (GroupType.Option, "Foot");
    private static readonly (GroupType, string) Soutien = (GroupType.Groupe, "Soutien lecture");

    private TestDatabase database = null!;
    private User admin = null!;

    public async Task InitializeAsync()
    {
        database = await TestDatabase.CreateAsync(provider);
        admin = await database.AddUserAsync("LEBRUN", "Claire", Profil.Administrateur, "admin");
    }

    public async Task DisposeAsync() => await database.DisposeAsync();

    private UserFinder Finder => database.Get<UserFinder>();

    private async Task<List<string>> LoginsAsync(UserQuery query, User? actor = null, TestDatabase? db = null) =>
        (await (db ?? database).Get<UserFinder>().SearchAsync((actor ?? admin).Id, query)).Rows.Select(r => r.Login).ToList();

    [Theory]
    [InlineData("eloise")]
    [InlineData("ÉLOÏSE")]
    [InlineData("lefevre")]
    [InlineData("Lefèvre")]
    [InlineData("LEF")]
    public async Task Search_ignores_case_and_accents(string typed)
    {
        await database.AddUserAsync("LEFÈVRE", "Éloïse", login: "le");
        await database.AddUserAsync("MARTIN", "Louis", login: "ml");

        Assert.Equal(["le"], await LoginsAsync(new UserQuery { Search = typed }));
    }

    [Fact]
    public async Task Every_typed_word_must_match_the_start_of_a_word()
    {
        await database.AddUserAsync("BESSON", "Marion", login: "bm");
        await database.AddUserAsync("BESSON", "Paul", login: "bp");
        await database.AddUserAsync("MARTIN", "Marion", login: "mm");

        Assert.Equal(["bm"], await LoginsAsync(new UserQuery { Search = "marion bes" }));
        Assert.Equal(["bm"], await LoginsAsync(new UserQuery { Search = "  BES   mar " }));
        Assert.Equal(["bm", "bp"], await LoginsAsync(new UserQuery { Search = "besson" }));
        Assert.Empty(await LoginsAsync(new UserQuery { Search = "esson" }));
    }

    [Theory]
    [InlineData("durand")]
    [InlineData("Zoé")]
    [InlineData("dz7")]
    [InlineData("0123456789A")]
    [InlineData("JF-2026-042")]
    public async Task Search_matches_each_column(string typed)
    {
        var pupil = await database.AddUserAsync("DURAND", "Zoé", login: "dz7");
        await SetIdsAsync(pupil.Id, "0123456789A", "JF-2026-042");
        await database.AddUserAsync("PETIT", "Léo", login: "pl");

        Assert.Equal(["dz7"], await LoginsAsync(new UserQuery { Search = typed }));
    }

    /// <summary>Five « JF-2025-012x » and « zz0 », « zz1 » around Zyta ZOLA, whose identifiers are « zz », « 0123456789A » and « JF-2025-012 ».</summary>
    private async Task<User> IdentifiersAlikeAsync()
    {
        // « JF-2025-012 » matches every « JF 2025 … » by the start of its words; only one user has it as identifier.
        for (var i = 0; i < 5; i++)
        {
            var pupil = await database.AddUserAsync("AAA", $"Élève {i}", login: $"a{i}");
            await SetIdsAsync(pupil.Id, null, $"JF-2025-012{i}");
        }

        await database.AddUserAsync("ZOLA", "Zoé", login: "zz0");
        var named = await database.AddUserAsync("ZOLA", "Zyta", login: "zz");
        await SetIdsAsync(named.Id, "0123456789A", "JF-2025-012");
        await database.AddUserAsync("ZOLA", "Zélie", login: "zz1");
        return named;
    }

    [Theory]
    [InlineData("JF-2025-012")]
    [InlineData("jf-2025-012")]
    [InlineData("Jf-2025-012")]
    [InlineData(" 0123456789a ")]
    [InlineData("ZZ")]
    public async Task An_exact_identifier_lists_its_user_alone_whatever_the_case(string typed)
    {
        var named = await IdentifiersAlikeAsync();
        var query = new UserQuery { Search = typed };

        var page = await Finder.SearchAsync(admin.Id, query);

        Assert.True(page.ExactIdentifier);
        Assert.Equal(["zz"], page.Rows.Select(r => r.Login));
        Assert.Equal(1, page.Total);
        // « Tout sélectionner » and « précédent / suivant » hold the same one user.
        Assert.Equal([named.Id], await Finder.IdsAsync(admin.Id, query, 100));
        Assert.Equal(new UserNeighbours(null, null, 1, 1), await Finder.GetNeighboursAsync(admin.Id, query, named.Id));
        Assert.Null(await Finder.GetNeighboursAsync(admin.Id, query, (await database.FindUserAsync("zz0")).Id));
    }

    [Fact]
    public async Task Words_that_are_no_ones_identifier_list_every_match_as_before()
    {
        await IdentifiersAlikeAsync();

        var page = await Finder.SearchAsync(admin.Id, new UserQuery { Search = "JF-2025" });

        Assert.False(page.ExactIdentifier);
        Assert.Equal(6, page.Total);
    }

    [Theory]
    [InlineData("JF-2025-012")]
    [InlineData("jf-2025-012")]
    [InlineData("0123456789A")]
    [InlineData("zz")]
    public async Task Asked_for_the_approximate_matches_the_exact_identifier_ranks_first_and_the_others_follow_page_after_page(string typed)
    {
        await IdentifiersAlikeAsync();
        var query = new UserQuery { Search = typed, AlsoApproximate = true };

        var all = await LoginsAsync(query with { PageSize = 100 });
        Assert.Equal("zz", all[0]);
        Assert.Equal(all.Count, all.Distinct().Count());
        Assert.False((await Finder.SearchAsync(admin.Id, query)).ExactIdentifier);

        // Paging keeps every other match exactly once, after the exact one.
        var pages = new List<string>();
        for (var page = 0; page * 2 < all.Count; page++)
        {
            pages.AddRange(await LoginsAsync(query with { PageSize = 2, Page = page }));
        }

        Assert.Equal(all, pages);
        Assert.Equal(all.Count, (await Finder.SearchAsync(admin.Id, query)).Total);
        Assert.Equal(all.Count, (await Finder.IdsAsync(admin.Id, query, 100)).Count);

        // « Précédent / Suivant » on the detail page walk the same order.
        var ids = (await Finder.SearchAsync(admin.Id, query with { PageSize = 100 })).Rows.Select(r => r.Id).ToList();
        for (var i = 0; i < ids.Count; i++)
        {
            Assert.Equal(
                new UserNeighbours(i > 0 ? ids[i - 1] : null, i < ids.Count - 1 ? ids[i + 1] : null, i + 1, ids.Count),
                await Finder.GetNeighboursAsync(admin.Id, query, ids[i]));
        }
    }

    [Fact]
    public async Task An_exact_identifier_outside_the_filters_or_the_scope_is_not_shown()
    {
        var teacher = await database.AddUserAsync("PAQUAY", "Sophie", Profil.Enseignant, "paquay", groups: [Paquay]);
        await database.AddUserAsync("AAA", "Léa", login: "al", groups: [Paquay]);
        var other = await database.AddUserAsync("ZOLA", "Zoé", login: "al2", groups: [Durand]);
        await SetIdsAsync(other.Id, null, "AL");

        Assert.Equal(["al"], await LoginsAsync(new UserQuery { Search = "al" }, teacher));
        Assert.Equal(["al"], await LoginsAsync(new UserQuery { Search = "al", Classe = "Mme PAQUAY" }));
        // One's Identifiant is the other's Id Établissement: both are exactly what was typed.
        Assert.Equal(["al", "al2"], await LoginsAsync(new UserQuery { Search = "al" }));
    }

    [Fact]
    public async Task Each_filter_keeps_only_its_members()
    {
        await database.AddUserAsync("BESSON", "Marion", login: "bm", groups: [Paquay, Ce1, Foot]);
        await database.AddUserAsync("ARNAUD", "Léa", login: "al", groups: [Paquay, Ce1, Soutien]);
        await database.AddUserAsync("CARON", "Hugo", login: "ch", groups: [Durand, Cm1, Foot]);
        await database.AddUserAsync("PAQUAY", "Sophie", Profil.Enseignant, "paquay", groups: [Paquay]);

        Assert.Equal(["al", "bm", "paquay"], await LoginsAsync(new UserQuery { Classe = "Mme PAQUAY" }));
        Assert.Equal(["ch"], await LoginsAsync(new UserQuery { Niveau = "CM1" }));
        Assert.Equal(["al"], await LoginsAsync(new UserQuery { Groupe = "Soutien lecture" }));
        Assert.Equal(["bm", "ch"], await LoginsAsync(new UserQuery { Option = "Foot" }));
        Assert.Equal(["bm"], await LoginsAsync(new UserQuery { Classe = "Mme PAQUAY", Option = "Foot" }));
        Assert.Equal(["paquay"], await LoginsAsync(new UserQuery { Profil = Profil.Enseignant }));
        Assert.Equal(["al", "bm"], await LoginsAsync(new UserQuery { Profil = Profil.Eleve, Classe = "mme paquay" }));
        Assert.Equal(["bm"], await LoginsAsync(new UserQuery { Search = "marion", Classe = "Mme PAQUAY" }));
        Assert.Empty(await LoginsAsync(new UserQuery { Classe = "Classe qui n'existe pas" }));
    }

    [Fact]
    public async Task Deactivated_users_are_hidden_unless_the_switch_asks_for_them_only()
    {
        await database.AddUserAsync("BESSON", "Marion", login: "bm");
        await database.AddUserAsync("PARTI", "Léo", login: "pl", active: false);

        Assert.Equal(["bm", "admin"], await LoginsAsync(new UserQuery()));
        Assert.Equal(["pl"], await LoginsAsync(new UserQuery { DeactivatedOnly = true }));
        Assert.Equal(["pl"], await LoginsAsync(new UserQuery { DeactivatedOnly = true, Search = "leo" }));
        Assert.Empty(await LoginsAsync(new UserQuery { Search = "leo" }));
    }

    [Fact]
    public async Task Teacher_sees_only_pupils_of_their_groups()
    {
        var teacher = await database.AddUserAsync("PAQUAY", "Sophie", Profil.Enseignant, "paquay", groups: [Paquay]);
        await database.AddUserAsync("BESSON", "Marion", login: "bm", groups: [Paquay, Ce1]);
        await database.AddUserAsync("CARON", "Hugo", login: "ch", groups: [Durand, Cm1]);
        await database.AddUserAsync("DURAND", "Julien", Profil.Enseignant, "durand", groups: [Durand]);
        await database.AddUserAsync("ARNAUD", "Léa", login: "al", active: false, groups: [Paquay]);

        Assert.Equal(["bm"], await LoginsAsync(new UserQuery(), teacher));
        // Within a teacher's groups the words are checked row by row: the same prefix semantics as the index.
        Assert.Equal(["bm"], await LoginsAsync(new UserQuery { Search = "Marion BÈS" }, teacher));
        Assert.Empty(await LoginsAsync(new UserQuery { Search = "esson" }, teacher));
        Assert.Empty(await LoginsAsync(new UserQuery { Search = "caron" }, teacher));
        Assert.Empty(await LoginsAsync(new UserQuery { Classe = "M. DURAND" }, teacher));
        Assert.Empty(await LoginsAsync(new UserQuery { Profil = Profil.Enseignant }, teacher));
        Assert.Equal(["al"], await LoginsAsync(new UserQuery { DeactivatedOnly = true }, teacher));
        Assert.Equal(1, (await Finder.SearchAsync(teacher.Id, new UserQuery())).Total);
    }

    [Fact]
    public async Task Teacher_sees_every_pupil_when_the_setting_widens_the_scope()
    {
        // The school's own setting (each school keeps its own).
        await using var wide = await TestDatabase.CreateAsync(provider);
        wide.SchoolId = await wide.AddSchoolAsync("École élargie", teacherScope: TeacherScope.WholeSchool);
        var teacher = await wide.AddUserAsync("PAQUAY", "Sophie", Profil.Enseignant, "paquay", groups: [Paquay]);
        await wide.AddUserAsync("BESSON", "Marion", login: "bm", groups: [Paquay]);
        await wide.AddUserAsync("CARON", "Hugo", login: "ch", groups: [Durand]);
        await wide.AddUserAsync("DURAND", "Julien", Profil.Enseignant, "durand", groups: [Durand]);

        Assert.Equal(["bm", "ch"], await LoginsAsync(new UserQuery(), teacher, wide));
        Assert.Equal(2, (await wide.Get<UserFinder>().SearchAsync(teacher.Id, new UserQuery())).Total);
    }

    [Fact]
    public async Task A_pupil_or_a_deactivated_administrator_sees_no_one()
    {
        var pupil = await database.AddUserAsync("BESSON", "Marion", login: "bm", groups: [Paquay]);
        await database.AddUserAsync("ARNAUD", "Léa", login: "al", groups: [Paquay]);
        var gone = await database.AddUserAsync("ANCIEN", "Admin", Profil.Administrateur, "ancien", active: false);

        Assert.Equal(0, (await Finder.SearchAsync(pupil.Id, new UserQuery())).Total);
        Assert.Empty(await LoginsAsync(new UserQuery(), pupil));
        Assert.Empty(await LoginsAsync(new UserQuery(), gone));
        Assert.Empty((await Finder.GetFilterOptionsAsync(pupil.Id)).Profiles);
    }

    [Fact]
    public async Task Administrators_see_staff_and_pupils()
    {
        var secondary = await database.AddUserAsync("MOREAU", "Pascal", Profil.AdministrateurSecondaire, "secondaire");
        await database.AddUserAsync("PAQUAY", "Sophie", Profil.Enseignant, "paquay");
        await database.AddUserAsync("BESSON", "Marion", login: "bm");

        Assert.Equal(["bm", "admin", "secondaire", "paquay"], await LoginsAsync(new UserQuery(), secondary));
    }

    [Fact]
    public async Task Rows_sort_on_the_folded_name_and_on_each_column_both_ways()
    {
        await database.AddUserAsync("DUPONT", "Zoé", login: "c");
        await database.AddUserAsync("ÉCRIVAIN", "Anaïs", login: "a");
        await database.AddUserAsync("FAURE", "Éloïse", login: "b");

        Assert.Equal(["c", "a", "b", "admin"], await LoginsAsync(new UserQuery()));
        Assert.Equal(["admin", "b", "a", "c"], await LoginsAsync(new UserQuery { Descending = true }));
        Assert.Equal(["a", "admin", "b", "c"], await LoginsAsync(new UserQuery { Sort = UserSort.Prenom }));
        Assert.Equal(["c", "b", "admin", "a"], await LoginsAsync(new UserQuery { Sort = UserSort.Login, Descending = true }));
    }

    [Fact]
    public async Task Users_without_an_id_national_sort_first()
    {
        var first = await database.AddUserAsync("AAA", "Un", login: "un");
        var second = await database.AddUserAsync("BBB", "Deux", login: "deux");
        await SetIdsAsync(first.Id, "2", "B");
        await SetIdsAsync(second.Id, "1", "A");

        Assert.Equal(["admin", "deux", "un"], await LoginsAsync(new UserQuery { Sort = UserSort.NationalId }));
        Assert.Equal(["un", "deux", "admin"], await LoginsAsync(new UserQuery { Sort = UserSort.EstablishmentId, Descending = true }));
    }

    [Fact]
    public async Task Pages_split_the_list_and_the_total_counts_it_all()
    {
        for (var i = 0; i < 7; i++)
        {
            await database.AddUserAsync($"ELEVE{i}", "Test", login: $"e{i}", groups: [Paquay]);
        }

        var query = new UserQuery { Search = "test", PageSize = 3 };
        var pages = new List<UserPage>();
        for (var page = 0; page < 3; page++)
        {
            pages.Add(await Finder.SearchAsync(admin.Id, query with { Page = page }));
        }

        Assert.All(pages, p => Assert.Equal(7, p.Total));
        Assert.Equal(["e0", "e1", "e2", "e3", "e4", "e5", "e6"], pages.SelectMany(p => p.Rows).Select(r => r.Login));
        Assert.Equal(8, (await Finder.SearchAsync(admin.Id, new UserQuery { PageSize = 3 })).Total);
        Assert.Equal(7, (await Finder.SearchAsync(admin.Id, new UserQuery { Classe = "Mme PAQUAY", PageSize = 3 })).Total);
        Assert.Equal(0, (await Finder.SearchAsync(admin.Id, new UserQuery { Search = "personne" })).Total);
    }

    [Fact]
    public async Task A_row_gives_the_class_and_then_the_other_groups()
    {
        await database.AddUserAsync("BESSON", "Marion", login: "bm", groups: [Foot, Soutien, Ce1, Paquay]);

        var row = (await Finder.SearchAsync(admin.Id, new UserQuery { Search = "besson" })).Rows.Single();

        Assert.Equal("Mme PAQUAY", row.Classe);
        Assert.Equal("CE1, Soutien lecture, Foot", row.Groups);
        Assert.Equal(("BESSON", "Marion", "bm"), (row.Nom, row.Prenom, row.Login));
    }

    [Fact]
    public async Task The_index_follows_renames_deactivations_group_changes_and_deletions()
    {
        var pupil = await database.AddUserAsync("DUPONT", "Anaïs", login: "da", groups: [Paquay]);
        await using (var db = database.CreateDbContext())
        {
            var user = await db.Users.Include(u => u.Memberships).SingleAsync(u => u.Id == pupil.Id);
            user.Nom = "GAËL-MOREAU";
            user.Memberships.Clear();
            db.Groups.Add(new Group { Name = "CM1", Type = GroupType.Niveau, Memberships = [new GroupMembership { User = user }] });
            await db.SaveChangesAsync();
        }

        Assert.Equal(["da"], await LoginsAsync(new UserQuery { Search = "gael moreau" }));
        Assert.Empty(await LoginsAsync(new UserQuery { Search = "dupont" }));
        Assert.Equal(1, (await Finder.SearchAsync(admin.Id, new UserQuery { Niveau = "CM1", Search = "anais" })).Total);
        Assert.Equal(0, (await Finder.SearchAsync(admin.Id, new UserQuery { Classe = "Mme PAQUAY" })).Total);
        // One group and no words: counted from the counters the database keeps; a short word: from its prefix.
        Assert.Equal(1, (await Finder.SearchAsync(admin.Id, new UserQuery { Niveau = "CM1" })).Total);
        Assert.Equal(1, (await Finder.SearchAsync(admin.Id, new UserQuery { Search = "ga" })).Total);
        Assert.Equal(0, (await Finder.SearchAsync(admin.Id, new UserQuery { Search = "du" })).Total);

        await using (var db = database.CreateDbContext())
        {
            (await db.Users.FindAsync(pupil.Id))!.IsActive = false;
            await db.SaveChangesAsync();
        }

        Assert.Equal(1, (await Finder.SearchAsync(admin.Id, new UserQuery())).Total);
        Assert.Equal(1, (await Finder.SearchAsync(admin.Id, new UserQuery { DeactivatedOnly = true, Search = "gael" })).Total);
        Assert.Equal(1, (await Finder.SearchAsync(admin.Id, new UserQuery { DeactivatedOnly = true })).Total);
        Assert.Equal(0, (await Finder.SearchAsync(admin.Id, new UserQuery { Niveau = "CM1" })).Total);
        Assert.Equal(1, (await Finder.SearchAsync(admin.Id, new UserQuery { DeactivatedOnly = true, Niveau = "CM1" })).Total);
        Assert.Equal(0, (await Finder.SearchAsync(admin.Id, new UserQuery { Search = "ga" })).Total);
        Assert.Equal(1, (await Finder.SearchAsync(admin.Id, new UserQuery { DeactivatedOnly = true, Search = "ga" })).Total);

        await using (var db = database.CreateDbContext())
        {
            await db.Users.Where(u => u.Id == pupil.Id).ExecuteDeleteAsync();
        }

        Assert.Equal(0, (await Finder.SearchAsync(admin.Id, new UserQuery { DeactivatedOnly = true })).Total);
        Assert.Equal(0, (await Finder.SearchAsync(admin.Id, new UserQuery { Search = "gael" })).Total);
        Assert.Equal(0, (await Finder.SearchAsync(admin.Id, new UserQuery { DeactivatedOnly = true, Niveau = "CM1" })).Total);
        Assert.Equal(0, (await Finder.SearchAsync(admin.Id, new UserQuery { DeactivatedOnly = true, Search = "ga" })).Total);
    }

    [Fact]
    public async Task Neighbours_follow_the_filtered_sorted_list()
    {
        var a = await database.AddUserAsync("ARNAUD", "Léa", login: "al", groups: [Paquay]);
        var b = await database.AddUserAsync("BESSON", "Marion", login: "bm", groups: [Paquay]);
        var c = await database.AddUserAsync("CARON", "Hugo", login: "ch", groups: [Paquay]);
        var other = await database.AddUserAsync("DURAND", "Zoé", login: "dz", groups: [Durand]);
        var query = new UserQuery { Classe = "Mme PAQUAY" };

        Assert.Equal(new UserNeighbours(a.Id, c.Id, 2, 3), await Finder.GetNeighboursAsync(admin.Id, query, b.Id));
        Assert.Equal(new UserNeighbours(null, b.Id, 1, 3), await Finder.GetNeighboursAsync(admin.Id, query, a.Id));
        Assert.Equal(new UserNeighbours(b.Id, null, 3, 3), await Finder.GetNeighboursAsync(admin.Id, query, c.Id));
        Assert.Equal(new UserNeighbours(c.Id, a.Id, 2, 3), await Finder.GetNeighboursAsync(admin.Id, query with { Descending = true }, b.Id));
        Assert.Null(await Finder.GetNeighboursAsync(admin.Id, query, other.Id));
    }

    [Fact]
    public async Task Neighbours_hold_among_missing_ids_national()
    {
        var a = await database.AddUserAsync("ARNAUD", "Léa", login: "al");
        var b = await database.AddUserAsync("BESSON", "Marion", login: "bm");
        await SetIdsAsync(b.Id, "1", null);
        var query = new UserQuery { Sort = UserSort.NationalId };

        // admin, al (no Id National: by Id), then bm.
        Assert.Equal(new UserNeighbours(admin.Id, b.Id, 2, 3), await Finder.GetNeighboursAsync(admin.Id, query, a.Id));
        Assert.Equal(new UserNeighbours(b.Id, admin.Id, 2, 3), await Finder.GetNeighboursAsync(admin.Id, query with { Descending = true }, a.Id));
    }

    [Fact]
    public async Task Filter_options_offer_the_groups_that_exist_and_a_teacher_those_of_their_pupils()
    {
        var teacher = await database.AddUserAsync("PAQUAY", "Sophie", Profil.Enseignant, "paquay", groups: [Paquay]);
        await database.AddUserAsync("BESSON", "Marion", login: "bm", groups: [Paquay, Ce1, Foot]);
        await database.AddUserAsync("CARON", "Hugo", login: "ch", groups: [Durand, Cm1, Soutien]);

        var all = await Finder.GetFilterOptionsAsync(admin.Id);
        var own = await Finder.GetFilterOptionsAsync(teacher.Id);

        Assert.Equal(["M. DURAND", "Mme PAQUAY"], all.Of(GroupType.Classe));
        Assert.Equal(["Soutien lecture"], all.Of(GroupType.Groupe));
        Assert.Equal(Enum.GetValues<Profil>(), all.Profiles);
        Assert.Equal(["Mme PAQUAY"], own.Of(GroupType.Classe));
        Assert.Equal(["CE1"], own.Of(GroupType.Niveau));
        Assert.Equal(["Foot"], own.Of(GroupType.Option));
        Assert.Empty(own.Of(GroupType.Groupe));
        Assert.Equal([Profil.Eleve], own.Profiles);
    }

    private async Task SetIdsAsync(int userId, string? nationalId, string? establishmentId)
    {
        await using var db = database.CreateDbContext();
        var user = (await db.Users.FindAsync(userId))!;
        user.NationalId = nationalId;
        user.EstablishmentId = establishmentId;
        await db.SaveChangesAsync();
    }
}
