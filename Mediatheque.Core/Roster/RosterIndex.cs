using Mediatheque.Core.Persistence;
using Mediatheque.Core.Text;
using Mediatheque.Core.Users;
using Microsoft.EntityFrameworkCore;

namespace Mediatheque.Core.Roster;

/// <summary>
/// The school's users as a roster is planned against them, tracked by the planner's context and looked
/// up by each key a source matches on. Kept current as rows are planned, so that a later row cannot take
/// what an earlier one just claimed.
/// </summary>
internal sealed class RosterIndex
{
    private readonly HashSet<string> takenLogins = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> accountLogins = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, int> nextSuffix = new(StringComparer.OrdinalIgnoreCase);

    private RosterIndex(List<User> users)
    {
        Users = users;
        ByNationalId = Index(users, u => u.NationalId);
        ByEstablishmentId = Index(users, u => u.EstablishmentId);
        ByLogin = Index(users, u => u.Login);
        ByAnnuaireId = Index(users, u => u.AnnuaireId);
        PupilsByName = ByName(users.Where(u => u.Profil == Profil.Eleve));
        StaffByName = ByName(users.Where(u => u.Profil.IsStaff()));
        PupilsByBirthDate = users.Where(u => u.Profil == Profil.Eleve && u.BirthDate is not null).GroupBy(u => u.BirthDate!.Value)
            .ToDictionary(g => g.Key, g => g.ToList());
        takenLogins.UnionWith(users.Select(u => u.Login));
    }

    public List<User> Users { get; }

    public Dictionary<string, User> ByNationalId { get; }

    public Dictionary<string, User> ByEstablishmentId { get; }

    public Dictionary<string, User> ByLogin { get; }

    public Dictionary<string, User> ByAnnuaireId { get; }

    public Dictionary<string, List<User>> PupilsByName { get; }

    /// <summary>The pupils born each day: where a near match (a name a letter or two off) is looked for.</summary>
    public Dictionary<DateOnly, List<User>> PupilsByBirthDate { get; }

    public Dictionary<string, List<User>> StaffByName { get; }

    /// <summary>The users some row names or creates, with the first such row.</summary>
    public Dictionary<User, RosterRow> Seen { get; } = [];

    /// <summary>
    /// The school's users (the context's school) with their groups and accounts, and every login of the deployment: a
    /// new login must be free in every school, since sign-in has no school picker.
    /// </summary>
    public static async Task<RosterIndex> LoadAsync(MediathequeDbContext db, IEnumerable<RosterRow> rows, CancellationToken cancellationToken)
    {
        var users = await db.Users.Include(u => u.Memberships).Include(u => u.Account).ToListAsync(cancellationToken);
        if (rows.Any(r => r.HasLegalRepresentatives))
        {
            // Fixed up into each tracked user's LegalRepresentatives: the rows compare with them.
            await db.LegalRepresentatives.LoadAsync(cancellationToken);
        }
        var index = new RosterIndex(users);
        index.accountLogins.UnionWith(await db.Accounts.Select(a => a.Login).ToListAsync(cancellationToken));
        index.takenLogins.UnionWith(index.accountLogins);
        index.takenLogins.UnionWith(rows.Where(r => r.Login is not null).Select(r => r.Login!));
        return index;
    }

    /// <summary>Whether some person of the deployment (of this school or another) has this login.</summary>
    public bool IsAccountLogin(string login) => accountLogins.Contains(login);

    public static string NameKey(string nom, string prenom) => TextFolding.Fold(nom) + "|" + TextFolding.Fold(prenom);

    public void Register(User user, RosterRow row)
    {
        foreach (var (index, key) in new[] { (ByNationalId, user.NationalId), (ByEstablishmentId, user.EstablishmentId), (ByLogin, (string?)user.Login), (ByAnnuaireId, user.AnnuaireId) })
        {
            if (key is not null)
            {
                index.TryAdd(key, user);
            }
        }

        takenLogins.Add(user.Login);
        Seen.TryAdd(user, row);
    }

    /// <summary>
    /// LoginGenerator.MakeUnique's answer, without trying « bm2 », « bm3 »… again for every row:
    /// a large school has hundreds of « bm », and the numbers already handed out only grow.
    /// </summary>
    public string NewLogin(string nom, string prenom)
    {
        var baseLogin = LoginGenerator.Base(nom, prenom);
        if (!takenLogins.Contains(baseLogin))
        {
            return baseLogin;
        }

        var n = nextSuffix.GetValueOrDefault(baseLogin, 2);
        while (takenLogins.Contains(baseLogin + n))
        {
            n++;
        }

        nextSuffix[baseLogin] = n + 1;
        return baseLogin + n;
    }

    private static Dictionary<string, List<User>> ByName(IEnumerable<User> users) =>
        users.GroupBy(u => NameKey(u.Nom, u.Prenom)).ToDictionary(g => g.Key, g => g.ToList());

    private static Dictionary<string, User> Index(List<User> users, Func<User, string?> key)
    {
        var index = new Dictionary<string, User>(StringComparer.OrdinalIgnoreCase);
        foreach (var user in users)
        {
            if (key(user) is { } value)
            {
                index.TryAdd(value, user);
            }
        }

        return index;
    }
}
