using System.Text;
using Mediatheque.Core.Annuaire;
using Mediatheque.Core.Audit;
using Mediatheque.Core.Import;
using Mediatheque.Core.LoginCards;
using Mediatheque.Core.Passwords;
using Mediatheque.Core.Persistence;
using Mediatheque.Core.Users;
using Mediatheque.Tests.Core.Import;
using Microsoft.EntityFrameworkCore;

namespace Mediatheque.Tests.Core.Schools;

/// <summary>
/// Issue 20's isolation matrix: every Core service that shows or changes users, groups, imports, bulk resets, cards,
/// the journal, the directory runs and the statistics, for every profile that may use it in its own school, acting in
/// school A on a user of school B (and Roux, who teaches in both, acting from B on a pupil of A). Each case asks
/// « did the call reach the other school? », by what the call returned or by what it changed there; the answer
/// must be no, as for an id that is no one.
/// <para>
/// <see cref="WithoutTheScope"/> runs the very same cases on the same world with the school filter taken out of the
/// model (<see cref="SchoolFilterRemoved"/>): every case must then reach the other school. A case that passed without
/// the scope would prove nothing about it.
/// </para>
/// <para>
/// Each class builds the world once (<see cref="SchoolWorldTemplate"/>): a case that writes runs on a copy of its own,
/// the cases that only read share one copy that refuses writes.
/// </para>
/// </summary>
public abstract class SchoolIsolationTests(DatabaseProvider provider, bool scoped, SchoolWorldTemplate template)
    : IClassFixture<SchoolWorldTemplate>
{
    public sealed class OnSqlite(SchoolWorldTemplate template) : SchoolIsolationTests(DatabaseProvider.Sqlite, scoped: true, template);

    public sealed class OnPostgreSql(SchoolWorldTemplate template) : SchoolIsolationTests(DatabaseProvider.PostgreSql, scoped: true, template);

    /// <summary>The mutation check: the same cases, the school filter removed, must all reach the other school.</summary>
    public static class WithoutTheScope
    {
        public sealed class OnSqlite(SchoolWorldTemplate template) : SchoolIsolationTests(DatabaseProvider.Sqlite, scoped: false, template);

        public sealed class OnPostgreSql(SchoolWorldTemplate template) : SchoolIsolationTests(DatabaseProvider.PostgreSql, scoped: false, template);
    }

    private const string Everyone = "AdminA SecondaireA TeacherA RouxA RouxB";
    private const string Administrators = "AdminA SecondaireA";

    /// <summary>Each case: who may use the service in their own school, whether the call may write, and whether it reached the other school's pupil.</summary>
    private static readonly Dictionary<string, (string Actors, Call Call, Func<SchoolWorld, User, User, Task<bool>> Reached)> Cases = new()
    {
        ["Détail de l'utilisateur"] = (Everyone, Call.Reads, async (w, actor, target) =>
            await w.Database.Get<UserEditor>().GetAsync(actor.Id, target.Id) is not null),
        ["Fiche de l'enseignant des deux écoles, par l'id de sa ligne dans l'autre école"] = (Administrators, Call.Reads, async (w, actor, _) =>
            await w.Database.Get<UserEditor>().GetAsync(actor.Id, w.RouxB.Id) is not null),
        ["Liste : un filtre de classe qui nomme sa classe"] = (Everyone, Call.Reads, async (w, actor, target) =>
            (await w.Database.Get<UserFinder>().SearchAsync(actor.Id, new UserQuery { Classe = SchoolWorld.ClassOf(target) })).Rows.Any(r => r.Id == target.Id)),
        ["Liste : « Verrouillés »"] = (Everyone, Call.Reads, async (w, actor, target) =>
            (await w.Database.Get<UserFinder>().SearchAsync(actor.Id, new UserQuery { LockedOnly = true })).Rows.Any(r => r.Id == target.Id)),
        ["Liste : son nom parmi les verrouillés"] = (Everyone, Call.Reads, async (w, actor, target) =>
            (await w.Database.Get<UserFinder>().SearchAsync(actor.Id, new UserQuery { LockedOnly = true, Search = SchoolWorld.NameOf(target) })).Rows.Any(r => r.Id == target.Id)),
        ["Liste : tout sélectionner"] = (Everyone, Call.Reads, async (w, actor, target) =>
            (await w.Database.Get<UserFinder>().IdsAsync(actor.Id, new UserQuery { LockedOnly = true }, 100)).Contains(target.Id)),
        ["Précédent / suivant autour de son id"] = (Everyone, Call.Reads, async (w, actor, target) =>
            await w.Database.Get<UserFinder>().GetNeighboursAsync(actor.Id, new UserQuery(), target.Id) is not null),
        ["Filtres proposés"] = (Everyone, Call.Reads, async (w, actor, target) =>
            (await w.Database.Get<UserFinder>().GetFilterOptionsAsync(actor.Id)).Groups.Values.Any(names => names.Contains(SchoolWorld.OnlyGroupOf(target)))),
        ["Réinitialisation possible ?"] = (Everyone, Call.Reads, async (w, actor, target) =>
            (await w.Database.Get<PasswordService>().CanResetAsync(actor.Id, target.Id)).Allowed),
        ["Réinitialiser le mot de passe"] = (Everyone, Call.Writes, async (w, actor, target) =>
            (await w.Database.Get<PasswordService>().ResetAsync(new PasswordReset(actor.Id, target.Id, "pirate-2026-xx", "pirate-2026-xx", false))).Succeeded),
        ["Déverrouiller"] = (Everyone, Call.Writes, async (w, actor, target) =>
            (await w.Database.Get<PasswordService>().UnlockAsync(actor.Id, target.Id)).Succeeded),
        ["Déverrouiller la sélection (aperçu)"] = (Everyone, Call.Reads, async (w, actor, target) =>
            (await w.Database.Get<PasswordService>().PlanUnlockAsync(actor.Id, UserSelection.Of(target.Id))).Count > 0),
        ["Déverrouiller la sélection"] = (Everyone, Call.Writes, async (w, actor, target) =>
            (await w.Database.Get<PasswordService>().UnlockManyAsync(actor.Id, UserSelection.Of(target.Id))).Done > 0),
        ["Réinitialisation groupée (aperçu)"] = (Everyone, Call.Reads, async (w, actor, target) =>
            (await w.Database.Get<BulkPasswordReset>().PlanAsync(actor.Id, UserSelection.Of(target.Id))).Count > 0),
        ["Réinitialisation groupée"] = (Everyone, Call.Writes, async (w, actor, target) =>
            (await w.Database.Get<BulkPasswordReset>().ApplyAsync(actor.Id, UserSelection.Of(target.Id))).Credentials.Count > 0),
        ["Fiches : tous les verrouillés, réinitialisés"] = (Everyone, Call.Writes, async (w, actor, target) =>
            (await w.Database.Get<BulkPasswordReset>().ApplyAsync(actor.Id, UserSelection.All(new UserQuery { LockedOnly = true })))
                .Credentials.Any(c => c.UserId == target.Id)),
        ["Imprimer sa carte de connexion"] = (Everyone, Call.Writes, async (w, actor, target) =>
            (await w.Database.Get<LoginCardService>().IssueAsync(actor.Id, UserSelection.Of(target.Id))).Cards.Count > 0),
        ["État de sa carte"] = (Everyone, Call.Reads, async (w, actor, target) =>
            await w.Database.Get<LoginCardService>().GetStateAsync(actor.Id, target.Id) is not null),
        ["Révoquer sa carte"] = (Everyone, Call.Writes, async (w, actor, target) =>
            (await w.Database.Get<LoginCardService>().RevokeAsync(actor.Id, UserSelection.Of(target.Id))).Done > 0),
        ["L'école en chiffres"] = (Everyone, Call.Reads, async (w, actor, target) =>
            (await w.Database.Get<SchoolStatistics>().GetAsync(actor.Id))!.Total != await RowsOfAsync(w, actor.SchoolId)),
        ["Modifier sa fiche"] = (Administrators, Call.Writes, async (w, actor, target) =>
            (await w.Database.Get<UserEditor>().SaveAsync(actor.Id, await EditOfAsync(w, target) with { Email = "pirate@example.fr" })).Succeeded),
        ["Le désactiver"] = (Administrators, Call.Writes, async (w, actor, target) =>
            (await w.Database.Get<UserEditor>().SetActiveAsync(actor.Id, target.Id, active: false)).Succeeded),
        ["Groupes proposés dans la fiche"] = (Administrators, Call.Reads, async (w, actor, target) =>
            (await w.Database.Get<UserEditor>().GetGroupsAsync(actor.Id)).Any(g => g.Name == SchoolWorld.OnlyGroupOf(target))),
        ["Mettre son propre élève dans une classe de l'autre école"] = (Administrators, Call.Writes, async (w, actor, target) =>
            (await w.Database.Get<UserEditor>().SaveAsync(actor.Id, await EditOfAsync(w, w.PupilA) with { GroupIds = [await w.GroupIdAsync(w.B, "6A")] })).Succeeded),
        ["Journal"] = (Administrators, Call.Reads, async (w, actor, target) =>
            (await w.Database.Get<Journal>().SearchAsync(actor.Id, new JournalQuery(PageSize: 500))).Lines.Any(l => l.TargetLogin is "vj" or "ze")),
        ["Journal exporté"] = (Administrators, Call.Reads, async (w, actor, target) =>
        {
            using var csv = new MemoryStream();
            await w.Database.Get<Journal>().ExportAsync(actor.Id, new JournalQuery(), csv);
            return Encoding.UTF8.GetString(csv.ToArray()).Contains(";vj;", StringComparison.Ordinal);
        }),
        ["Dernière synchronisation de l'annuaire"] = (Administrators, Call.Reads, async (w, actor, target) =>
            (await w.Database.Get<AnnuaireSync>().LastRunAsync(actor.Id)).Run is not null),
        ["Import : l'élève de l'autre école nommé par son Id National"] = (Administrators, Call.Reads, async (w, actor, target) =>
        {
            var file = ImportSamples.Own($"ZOLA;Émile;;;{SchoolWorld.PupilBNationalId};;;6A;6e;;");
            var preview = await w.Database.Get<ImportService>().PreviewAsync(actor.Id, file, new ImportChoices { CreateMissingGroups = true });
            return preview.Creates.Count == 0;
        }),
        ["Import : les élèves absents du fichier désactivés"] = (Administrators, Call.Reads, async (w, actor, target) =>
        {
            var file = ImportSamples.Own("BESSON;Marion;bm;;;;;CM2;;;");
            var preview = await w.Database.Get<ImportService>().PreviewAsync(actor.Id, file, new ImportChoices { AbsentPupilsLeave = true });
            return preview.Leaves.Any(d => d.Login is "ze" or "vj");
        }),
    };

    /// <summary>
    /// Whether a case's call may change the world (with or without the scope): a case that writes gets a copy of its own,
    /// the others share one copy, which refuses writes. A case marked as reading that writes fails, saying so; or, where
    /// the service turns the refused write into a failure of its own (UserEditor's save), its twin without the scope
    /// fails, as reaching nothing.
    /// </summary>
    private enum Call
    {
        Reads,
        Writes,
    }

    public static TheoryData<string, string> Matrix()
    {
        var data = new TheoryData<string, string>();
        foreach (var (name, (actors, _, _)) in Cases)
        {
            foreach (var actor in actors.Split(' '))
            {
                data.Add(name, actor);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task A_call_made_in_one_school_never_reaches_the_other(string service, string actorName)
    {
        var (_, call, reached) = Cases[service];
        var world = call == Call.Writes ? await template.CopyAsync(provider, scoped) : await template.SharedAsync(provider, scoped);
        try
        {
            var actor = world.Actor(actorName);
            var target = world.TargetOf(actor);

            bool outcome;
            try
            {
                outcome = await reached(world, actor, target);
            }
            catch (Exception e) when (SchoolWorldTemplate.IsRefusedWrite(e))
            {
                throw new InvalidOperationException($"« {service} » writes: mark it {nameof(Call.Writes)}, to run it on a copy of the world of its own.", e);
            }
            catch (Exception) when (!scoped)
            {
                // Without the scope some calls trip over the other school's rows (two « CM2 »): they reached it.
                outcome = true;
            }

            if (scoped)
            {
                Assert.False(outcome, $"« {service} » by {actorName} reached the other school.");
                await AssertUntouchedAsync(world, target);
            }
            else
            {
                Assert.True(outcome, $"Without the school scope, « {service} » by {actorName} should reach the other school: this case proves nothing about the scope.");
            }
        }
        finally
        {
            if (call == Call.Writes)
            {
                await world.Database.DisposeAsync();
            }
        }
    }

    /// <summary>Whatever the call tried, the other school's pupil is as they were: password, lock, card, classes, activity, e-mail.</summary>
    private static async Task AssertUntouchedAsync(SchoolWorld world, User target)
    {
        var pupil = await world.ReadAsync(target);
        Assert.True(world.Database.Get<PasswordHasher>().Verify(SchoolWorld.PasswordOf(target), pupil.Account.PasswordHash));
        Assert.NotNull(pupil.Account.LockedUntil);
        Assert.True(pupil.IsActive);
        Assert.Null(pupil.Email);
        Assert.Contains(SchoolWorld.ClassOf(target), pupil.Memberships.Select(m => m.Group.Name));
        await using var db = world.Database.CreateDbContext(target.SchoolId);
        Assert.Single(db.LoginCards, c => c.UserId == target.Id);
    }

    /// <summary>How many users the school has, counted by the test itself (named, so that it holds without the filter too).</summary>
    private static async Task<int> RowsOfAsync(SchoolWorld w, int schoolId)
    {
        await using var db = w.Database.CreateDbContext(schoolId);
        return db.Users.IgnoreQueryFilters().Count(u => u.SchoolId == schoolId);
    }

    /// <summary>The detail form's fields for a user, read in that user's own school (as its own administrators would fill them).</summary>
    private static async Task<UserEdit> EditOfAsync(SchoolWorld w, User target)
    {
        var user = await w.ReadAsync(target);
        return new UserEdit(user.Id, user.Version, user.Nom, user.Prenom, user.Profil, user.Login, user.NationalId, user.EstablishmentId,
            user.Email, user.NetworkFolder, user.Memberships.Select(m => m.GroupId).ToList());
    }
}
