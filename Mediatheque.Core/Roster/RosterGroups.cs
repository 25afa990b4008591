using Mediatheque.Core.Groups;
using Mediatheque.Core.Persistence;
using Mediatheque.Core.Text;
using Mediatheque.Core.Users;
using Microsoft.EntityFrameworkCore;

namespace Mediatheque.Core.Roster;

/// <summary>
/// The classes, levels, groups and options rows put users in: found by folded name, created when the
/// source says so, and each user's memberships of the types a row sets brought in line with it.
/// </summary>
internal sealed class RosterGroups
{
    private const int MaxNameLength = 100;

    private readonly MediathequeDbContext db;
    private readonly RosterSource source;
    private readonly RosterPlan plan;
    private readonly Dictionary<(GroupType, string), Group> groups;

    /// <summary>The groups this plan creates, with the planned rows that put someone in them.</summary>
    private readonly Dictionary<Group, int> created = [];

    private RosterGroups(MediathequeDbContext db, RosterSource source, RosterPlan plan, List<Group> existing)
    {
        (this.db, this.source, this.plan) = (db, source, plan);
        groups = existing.GroupBy(g => (g.Type, TextFolding.Fold(g.Name))).ToDictionary(g => g.Key, g => g.First());
    }

    public static async Task<RosterGroups> LoadAsync(MediathequeDbContext db, RosterSource source, RosterPlan plan, CancellationToken cancellationToken) =>
        new(db, source, plan, await db.Groups.ToListAsync(cancellationToken));

    /// <summary>
    /// The groups the row puts the user in, for each group type the source sets. Missing groups are created (when the
    /// source says so) only for a row that will be applied: a refused row opens no class.
    /// </summary>
    public Dictionary<GroupType, List<Group>> Resolve(RosterRow row, List<RosterIssue> errors, bool create)
    {
        var wanted = new Dictionary<GroupType, List<Group>>();
        void Want(RosterField field, GroupType type, IEnumerable<string> names)
        {
            if (!source.SetsGroups(type))
            {
                return;
            }

            var list = wanted[type] = [];
            foreach (var name in names)
            {
                if (name.Length > MaxNameLength)
                {
                    errors.Add(source.Issue(row, field, $"Nom de groupe trop long : {MaxNameLength} caractères au plus."));
                }
                else if (Find(type, name, create) is { } group)
                {
                    if (!list.Contains(group))
                    {
                        list.Add(group);
                    }
                }
                else if (!source.CreatesMissingGroups)
                {
                    errors.Add(source.Issue(row, field,
                        $"{type.Label()} « {name} » inconnu(e) ici : cochez « Créer les classes, niveaux, groupes et options manquants »."));
                }
            }
        }

        Want(RosterField.Classe, GroupType.Classe, row.Classes);
        Want(RosterField.Niveau, GroupType.Niveau, row.Niveau is null ? [] : [row.Niveau]);
        Want(RosterField.Groupes, GroupType.Groupe, row.Groupes);
        Want(RosterField.Options, GroupType.Option, row.Options);
        return wanted;
    }

    /// <summary>A new user's memberships: not tracked, inserted with the user.</summary>
    public static void Join(User user, Dictionary<GroupType, List<Group>> wanted)
    {
        foreach (var group in wanted.Values.SelectMany(g => g))
        {
            user.Memberships.Add(new GroupMembership { User = user, Group = group });
        }
    }

    /// <summary>Brings an existing user's memberships of each wanted type in line, describing what moved.</summary>
    public void Update(User user, Dictionary<GroupType, List<Group>> wanted, List<string> changes)
    {
        foreach (var (type, groupsWanted) in wanted)
        {
            var current = user.Memberships.Where(m => m.Group.Type == type).ToList();
            if (current.Select(m => m.Group).ToHashSet().SetEquals(groupsWanted))
            {
                continue;
            }

            changes.Add($"{type.Label()} : {Names(current.Select(m => m.Group))} → {Names(groupsWanted)}");
            foreach (var membership in current.Where(m => !groupsWanted.Contains(m.Group)))
            {
                user.Memberships.Remove(membership);
                db.Memberships.Remove(membership);
            }

            foreach (var group in groupsWanted.Where(g => current.All(m => m.Group != g)))
            {
                var membership = new GroupMembership { User = user, Group = group };
                user.Memberships.Add(membership);
                db.Memberships.Add(membership);
            }
        }
    }

    public static string? ClassOf(User user) =>
        user.Memberships.Where(m => m.Group?.Type == GroupType.Classe).Select(m => m.Group.Name).FirstOrDefault();

    private Group? Find(GroupType type, string name, bool create)
    {
        var key = (type, TextFolding.Fold(name));
        if (groups.TryGetValue(key, out var group))
        {
            return group;
        }

        if (!source.CreatesMissingGroups || !create)
        {
            return null;
        }

        // A class of the school the roster is planned in (the context's): two schools may each have a « 6A ».
        group = new Group { SchoolId = db.SchoolScope, Name = name.Trim(), Type = type };
        db.Groups.Add(group);
        groups.Add(key, group);
        created.Add(group, 0);
        return group;
    }

    /// <summary>A planned row's groups: those this plan creates count one more member.</summary>
    public void Count(Dictionary<GroupType, List<Group>> wanted)
    {
        foreach (var group in wanted.Values.SelectMany(g => g).Where(created.ContainsKey))
        {
            created[group]++;
        }

        // A class archived by an earlier rentrée that a planned row names again is back in the lists.
        foreach (var group in wanted.Values.SelectMany(g => g).Where(g => g.ArchivedAt is not null))
        {
            group.ArchivedAt = null;
        }
    }

    /// <summary>The groups the plan creates, each with its planned members, in the order met; confirmed once on the preview.</summary>
    public IEnumerable<PlannedGroup> Created() => created.Select(c => new PlannedGroup(c.Key.Type, c.Key.Name, c.Value));

    /// <summary>The classes that hold actif pupils, with how many: before the plan, to see which it leaves empty.</summary>
    public Dictionary<Group, int> ClassesOfActifPupils(IEnumerable<User> users) =>
        users.Where(u => u.Profil == Profil.Eleve && u.State == AccountStates.AccountState.Actif)
            .SelectMany(u => u.Memberships).Where(m => m.Group is { Type: GroupType.Classe, ArchivedAt: null })
            .GroupBy(m => m.Group).ToDictionary(g => g.Key, g => g.Count());

    /// <summary>
    /// The rentrée's last step: a class that held actif pupils before the plan and holds none after it (they moved up or
    /// left) is archived — gone from the filters and the lists of groups, kept with its memberships for the journal and
    /// the leavers. Its teacher's membership stays: a class named after its teacher comes back when a list names it again.
    /// </summary>
    public List<PlannedGroup> Archive(Dictionary<Group, int> before, IEnumerable<User> users, IEnumerable<User> newUsers, DateTime now)
    {
        var after = ClassesOfActifPupils(users.Concat(newUsers));
        var archived = new List<PlannedGroup>();
        foreach (var (group, pupils) in before.Where(b => !after.ContainsKey(b.Key)))
        {
            group.ArchivedAt = now;
            archived.Add(new PlannedGroup(group.Type, group.Name, pupils));
        }

        return archived.OrderBy(g => TextFolding.Fold(g.Name), StringComparer.Ordinal).ToList();
    }

    /// <summary>« CM1 → CM2, M. DURAND → Mme PAQUAY »: the level and class a planned row moves the user from and to; null when it does not.</summary>
    public static string? Move(User user, Dictionary<GroupType, List<Group>> wanted)
    {
        var parts = new List<string>();
        foreach (var type in new[] { GroupType.Niveau, GroupType.Classe })
        {
            if (!wanted.TryGetValue(type, out var to))
            {
                continue;
            }

            var from = user.Memberships.Where(m => m.Group?.Type == type).Select(m => m.Group).ToList();
            if (!from.ToHashSet().SetEquals(to))
            {
                parts.Add($"{Names(from)} → {Names(to)}");
            }
        }

        return parts.Count == 0 ? null : string.Join(", ", parts);
    }

    private static string Names(IEnumerable<Group> groups) =>
        groups.Select(g => g.Name).DefaultIfEmpty("aucun").Aggregate((a, b) => a + ", " + b);
}
