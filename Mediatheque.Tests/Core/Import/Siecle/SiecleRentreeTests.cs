using Mediatheque.Core.AccountStates;
using Mediatheque.Core.Groups;
using Mediatheque.Core.Import;
using Mediatheque.Core.Persistence;
using Mediatheque.Core.Users;
using Microsoft.EntityFrameworkCore;
using static Mediatheque.Tests.Core.Import.Siecle.SiecleSamples;

namespace Mediatheque.Tests.Core.Import.Siecle;

/// <summary>
/// A collège's SIECLE list of 2025-2026, then the 2026-2027 list as the rentrée (« ce fichier est la liste complète »):
/// pupils found again by INE, then ELEVE_ID, then name and birth date keep their account; arrivals are created, leavers
/// become parti; a list of an older year than the last applied is braked until the school's name is typed.
/// </summary>
public abstract class SiecleRentreeTests(DatabaseProvider provider) : IAsyncLifetime
{
    public sealed class OnSqlite() : SiecleRentreeTests(DatabaseProvider.Sqlite);

    public sealed class OnPostgreSql() : SiecleRentreeTests(DatabaseProvider.PostgreSql);

    /// <summary>The test database's school (TestDatabase).</summary>
    private const string SchoolUai = "0000001A";

    private const string SchoolName = "École de test";

    private const string Sixieme = "10010012110";
    private const string Cinquieme = "10110001110";
    private const string Quatrieme = "10210001110";
    private const string Troisieme = "10310019110";

    private static readonly ImportChoices FirstList = new() { CreateMissingGroups = true };
    private static readonly ImportChoices Rentree = new() { CreateMissingGroups = true, AbsentPupilsLeave = true };

    private static readonly Pupil Lea = new("1001", "1234567890A", "MARTIN", "Léa", "03/09/2014", Sixieme, null, null, "6A:D");
    private static readonly Pupil Ines = new("1002", "1234567891B", "PETIT", "Inès", "11/01/2014", Sixieme, null, null, "6A:D");
    private static readonly Pupil Hugo = new("1003", "1234567892C", "ROBERT", "Hugo", "30/06/2014", Sixieme, null, null, "6B:D");
    private static readonly Pupil Zoe = new("1004", "1234567893D", "MOREAU", "Zoé", "17/02/2013", Cinquieme, null, null, "5B:D");
    private static readonly Pupil Noe = new("1005", "1234567894E", "DURAND", "Noé", "21/06/2011", Troisieme, null, null, "3A:D");
    private static readonly Pupil Tom = new("1006", "1234567895F", "GARNIER", "Tom", "08/12/2011", Troisieme, null, null, "3A:D");

    /// <summary>2025-2026: the six pupils above, Zoé already typed by hand before the school had SIECLE (no INE, no ELEVE_ID).</summary>
    private static readonly string Year2025 = Eleves([Lea, Ines, Hugo, Zoe, Noe, Tom], uai: SchoolUai, year: 2025);

    /// <summary>
    /// 2026-2027: Léa moves up; Inès moves up with a new ELEVE_ID (same INE); Hugo's INE was corrected (a provisional one
    /// replaced), he is found by his ELEVE_ID; Zoé moves up; the 3e (Noé, Tom) have left for the lycée; Jade and Sami
    /// arrive, Sami in a new division 6C.
    /// </summary>
    private static readonly string Year2026 = Eleves(
        [
            Lea with { Mef = Cinquieme, Structures = ["5A:D"] },
            Ines with { EleveId = "2002", Mef = Cinquieme, Structures = ["5A:D"] },
            Hugo with { Ine = "1234567899K", Mef = Cinquieme, Structures = ["5B:D"] },
            Zoe with { Mef = Quatrieme, Structures = ["4B:D"] },
            new Pupil("2007", "1234567896G", "BLANC", "Jade", "05/04/2015", Sixieme, null, null, "6A:D"),
            new Pupil("2008", "1234567897H", "FAURE", "Sami", "19/10/2015", Sixieme, null, null, "6C:D"),
        ],
        uai: SchoolUai, year: 2026);

    private TestDatabase database = null!;
    private User admin = null!;

    public async Task InitializeAsync()
    {
        database = await TestDatabase.CreateAsync(provider);
        admin = await database.AddUserAsync("LEBRUN", "Claire", Profil.Administrateur, "admin");
        // Zoé, typed by hand the year before SIECLE: no INE, no ELEVE_ID, her birth date on her record.
        var zoe = await database.AddUserAsync("MOREAU", "Zoé", login: "zoe.moreau", password: "zoe-2024-ok", groups: (GroupType.Classe, "5B"));
        await using var db = database.CreateDbContext();
        (await db.Users.SingleAsync(u => u.Id == zoe.Id)).BirthDate = new DateOnly(2013, 2, 17);
        await db.SaveChangesAsync();
    }

    public async Task DisposeAsync() => await database.DisposeAsync();

    private ImportService Service => database.Get<ImportService>();

    private async Task<ImportPreview> PreviewAsync(string xml, ImportChoices choices) =>
        await Service.PreviewAsync(admin.Id, Service.Read("ElevesSansAdresses.xml", Bytes(xml)), choices);

    private async Task<(ImportPreview Preview, ImportOutcome Outcome)> ImportAsync(string xml, ImportChoices choices)
    {
        var file = Service.Read("ElevesSansAdresses.xml", Bytes(xml));
        var preview = await Service.PreviewAsync(admin.Id, file, choices);
        return (preview, await Service.ApplyAsync(admin.Id, file, choices, preview));
    }

    private async Task<Dictionary<string, User>> PupilsAsync()
    {
        await using var db = database.CreateDbContext();
        return await db.Users.AsNoTracking().Include(u => u.Account).Include(u => u.Memberships).ThenInclude(m => m.Group)
            .Where(u => u.Profil == Profil.Eleve).ToDictionaryAsync(u => u.Prenom);
    }

    /// <summary>The user's classes (or levels…), « 5A » or « 5A, LATIN ».</summary>
    private static string GroupsOf(User user, GroupType type) =>
        string.Join(", ", user.Memberships.Where(m => m.Group.Type == type).Select(m => m.Group.Name).Order());

    [Fact]
    public async Task Next_years_list_as_the_rentree_moves_pupils_up_with_their_accounts_creates_arrivals_and_makes_leavers_parti()
    {
        var (first, firstOutcome) = await ImportAsync(Year2025, FirstList);
        Assert.True(firstOutcome.Succeeded, firstOutcome.Result.Message);
        Assert.Equal("Même nom, prénom et date de naissance", Assert.Single(first.Updates, u => u.Prenom == "Zoé").Match);
        var before = await PupilsAsync();
        Assert.Equal(["Hugo", "Inès", "Léa", "Noé", "Tom", "Zoé"], before.Keys.Order());

        database.Clock.Advance(TimeSpan.FromDays(365));
        var (preview, outcome) = await ImportAsync(Year2026, Rentree);

        Assert.True(outcome.Succeeded, outcome.Result.Message);
        Assert.Equal("2026-2027", preview.SchoolYear);
        Assert.Null(preview.Brake);
        Assert.Equal(
            [("Hugo", "Même Id Établissement"), ("Inès", "Même INE"), ("Léa", "Même INE"), ("Zoé", "Même INE")],
            preview.Updates.Select(u => (u.Prenom, u.Match!)).Order());
        Assert.Equal(["BLANC Jade", "FAURE Sami"], preview.Creates.Select(c => c.FullName).Order());
        Assert.Equal(["DURAND Noé", "GARNIER Tom"], preview.Leaves.Select(l => l.FullName).Order());
        Assert.All(preview.Leaves, l => Assert.StartsWith("parti le 01/09/2027, désactivé le ", l.Fate));
        Assert.Equal(["Classe « 4B »", "Classe « 5A »", "Classe « 6C »", "Niveau « 4e »"],
            preview.NewGroups.Select(g => g.Label).Order());

        var after = await PupilsAsync();
        Assert.Equal(["Hugo", "Inès", "Jade", "Léa", "Noé", "Sami", "Tom", "Zoé"], after.Keys.Order());
        foreach (var name in new[] { "Léa", "Inès", "Hugo", "Zoé" })
        {
            // The same person: same id, login and password; nothing for them to learn again.
            var (was, now) = (before[name], after[name]);
            Assert.Equal((was.Id, was.Login, was.Account.PasswordHash), (now.Id, now.Login, now.Account.PasswordHash));
            Assert.Equal(AccountState.Actif, now.State);
        }

        Assert.NotNull(before["Zoé"].Account.PasswordHash);
        Assert.Equal("2002", after["Inès"].EstablishmentId);
        Assert.Equal(("1003", "1234567899K"), (after["Hugo"].EstablishmentId, after["Hugo"].NationalId));
        Assert.Equal(("5A", "5e"), (GroupsOf(after["Inès"], GroupType.Classe), GroupsOf(after["Inès"], GroupType.Niveau)));
        Assert.Equal("5A", GroupsOf(after["Léa"], GroupType.Classe));
        Assert.Equal("5B", GroupsOf(after["Hugo"], GroupType.Classe));
        Assert.Equal(("4B", "4e"), (GroupsOf(after["Zoé"], GroupType.Classe), GroupsOf(after["Zoé"], GroupType.Niveau)));
        Assert.Equal("6C", GroupsOf(after["Sami"], GroupType.Classe));
        Assert.Equal("6A", GroupsOf(after["Jade"], GroupType.Classe));
        Assert.All(new[] { after["Jade"], after["Sami"] }, u => Assert.NotNull(u.Account.PasswordHash));
        Assert.Equal(["BLANC Jade", "FAURE Sami"], outcome.Credentials.Select(c => c.FullName).Order());
        foreach (var name in new[] { "Noé", "Tom" })
        {
            Assert.Equal(AccountState.Parti, after[name].State);
            Assert.Equal(database.Clock.GetUtcNow().UtcDateTime, after[name].LeftAt);
            Assert.Equal(before[name].Login, after[name].Login);
        }
    }

    [Fact]
    public async Task Last_years_list_after_this_years_is_braked_with_both_years_and_applies_once_the_schools_name_is_typed()
    {
        await ImportAsync(Year2025, FirstList);
        database.Clock.Advance(TimeSpan.FromDays(365));
        await ImportAsync(Year2026, Rentree);
        var before = await PupilsAsync();

        // Last year's file picked by mistake: it would put Léa back in 6A and bring back the 3e who left.
        var file = Service.Read("ElevesSansAdresses.xml", Bytes(Year2025));
        var preview = await Service.PreviewAsync(admin.Id, file, FirstList);
        var refused = await Service.ApplyAsync(admin.Id, file, FirstList, preview);

        Assert.Equal(
            "Ce fichier est de l'année scolaire 2025-2026, plus ancienne que la dernière appliquée (2026-2027) : "
            + "vérifiez que c'est bien le fichier de cette année. Pour appliquer quand même, tapez le nom de l'école : « École de test ».",
            preview.Brake);
        Assert.False(refused.Succeeded);
        Assert.EndsWith("Rien n'a été enregistré.", refused.Result.Message);
        var wrongName = await Service.ApplyAsync(admin.Id, file, FirstList with { BrakeConfirmation = "École" }, preview);
        Assert.StartsWith("Le nom tapé n'est pas celui de l'école.", wrongName.Result.Message);
        var unchanged = await PupilsAsync();
        Assert.Equal("5A", GroupsOf(unchanged["Léa"], GroupType.Classe));
        Assert.Equal(AccountState.Parti, unchanged["Noé"].State);

        var typed = FirstList with { BrakeConfirmation = "  école DE TEST " };
        var confirmed = await Service.ApplyAsync(admin.Id, file, typed, preview);

        Assert.True(confirmed.Succeeded, confirmed.Result.Message);
        var after = await PupilsAsync();
        Assert.Equal("6A", GroupsOf(after["Léa"], GroupType.Classe));
        Assert.Equal((before["Léa"].Id, before["Léa"].Login), (after["Léa"].Id, after["Léa"].Login));
        Assert.Equal(AccountState.Actif, after["Noé"].State);
        // The school stays at 2026-2027: the next file of 2025-2026 is braked again.
        Assert.NotNull((await PreviewAsync(Year2025, FirstList)).Brake);
        Assert.Null((await PreviewAsync(Year2026, FirstList)).Brake);
    }

    [Fact]
    public async Task A_list_of_the_same_year_or_a_csv_is_not_braked_for_its_year()
    {
        await ImportAsync(Year2026, FirstList);

        Assert.Null((await PreviewAsync(Year2026, FirstList)).Brake);
        var csv = Service.Read("eleves.csv", System.Text.Encoding.UTF8.GetBytes("Nom;Prénom;Classe\nMARTIN;Léa;5A\n"));
        Assert.Null((await Service.PreviewAsync(admin.Id, csv, FirstList)).Brake);
    }
}
