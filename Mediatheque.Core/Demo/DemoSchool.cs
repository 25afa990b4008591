using Mediatheque.Core.Groups;
using Mediatheque.Core.Passwords;
using Mediatheque.Core.Persistence;
using Mediatheque.Core.Users;
using Microsoft.EntityFrameworkCore;

namespace Mediatheque.Core.Demo;

/// <summary>
/// The demo school « École élémentaire Jules-Ferry »: seeded into an empty database in Development
/// only (PRODUCT.md: no default password in production). Deterministic, so the README can name people.
/// </summary>
public sealed class DemoSchool(IDbContextFactory<MediathequeDbContext> factory, PasswordHasher hasher, TimeProvider clock)
{
    public static readonly IReadOnlyList<(string Login, string Password, Profil Profil)> Accounts =
    [
        ("admin", "admin-demo-2026", Profil.Administrateur),
        ("secondaire", "secondaire-demo-2026", Profil.AdministrateurSecondaire),
        ("paquay", "paquay-demo-2026", Profil.Enseignant),
        ("durand", "durand-demo-2026", Profil.Enseignant),
        ("bm", "marion2026", Profil.Eleve),
    ];

    // Ten classes named after their teachers, two per level, as primary schools name them.
    private static readonly (string Class, string Level, string TeacherNom, string TeacherPrenom, string Login)[] Classes =
    [
        ("Mme PAQUAY", "CE1", "PAQUAY", "Sophie", "paquay"),
        ("M. DURAND", "CM1", "DURAND", "Julien", "durand"),
        ("Mme LEFÈVRE", "CP", "LEFÈVRE", "Hélène", "lefevre"),
        ("M. GIRAUD", "CP", "GIRAUD", "Thomas", "giraud"),
        ("Mme NGUYEN", "CE1", "NGUYEN", "Linh", "nguyen"),
        ("Mme ROUSSEAU", "CE2", "ROUSSEAU", "Amélie", "rousseau"),
        ("M. BENOÎT", "CE2", "BENOÎT", "François", "benoit"),
        ("Mme CHEVALIER", "CM1", "CHEVALIER", "Nathalie", "chevalier"),
        ("M. MÉNARD", "CM2", "MÉNARD", "Stéphane", "menard"),
        ("Mme DA SILVA", "CM2", "DA SILVA", "Inês", "dasilva"),
    ];

    private static readonly string[] Options = ["Foot", "Chorale", "Théâtre", "Échecs"];

    private static readonly string[] OtherGroups = ["Soutien lecture", "Bibliothèque", "Délégués"];

    private static readonly string[] FirstNames =
    [
        "Éloïse", "Zoé", "Noémie", "Chloé", "Jérôme", "Anaïs", "Maël", "Léa", "Inès", "Hélène", "Gaëlle", "Loïc",
        "Raphaël", "Maëlys", "Léo", "Jules", "Louise", "Gabriel", "Ambre", "Hugo", "Arthur", "Emma", "Lucas", "Chloë",
        "Théo", "Manon", "Nathan", "Camille", "Enzo", "Léna", "Mathéo", "Clémence", "Noé", "Lou", "Adèle", "Timéo",
        "Océane", "Sacha", "Agathe", "Éthan", "Joséphine", "Bérénice", "Aurélien", "Célia", "Mélissa", "Yanis", "Aïcha", "Ibrahim",
    ];

    private static readonly string[] LastNames =
    [
        "MARTIN", "BERNARD", "DUBOIS", "THOMAS", "ROBERT", "RICHARD", "PETIT", "LEROY", "MOREAU", "SIMON", "LAURENT",
        "MICHEL", "GARCIA", "DAVID", "BERTRAND", "ROUX", "VINCENT", "FOURNIER", "MOREL", "GIRARD", "ANDRÉ", "MERCIER",
        "DUPONT", "LAMBERT", "BONNET", "FRANÇOIS", "MARTINEZ", "LEGRAND", "GARNIER", "FAURE", "BLANC", "GUÉRIN",
        "MULLER", "HENRY", "PERRIN", "MORIN", "MATHIEU", "CLÉMENT", "GAUTHIER", "DUMONT", "FONTAINE", "ROBIN",
        "MASSON", "GÉRARD", "BOYER", "DENIS", "LEMAIRE", "DUVAL", "NOËL", "MEYER", "LUCAS", "PÉREZ", "DUFOUR",
        "BRUNET", "SCHMITT", "COLIN", "RENARD", "ARNAUD", "CARON", "AUBERT", "LECLERC", "VIDAL", "PICARD", "FABRE",
        "DUPUIS", "HUBERT", "RIVIÈRE", "LE GALL", "MOULIN", "BERGER", "LECOMTE", "FLEURY", "N'DIAYE", "PRÉVOST", "CARRÉ",
    ];

    /// <summary>Seeds the school if the database holds no user; returns whether it did.</summary>
    public async Task<bool> SeedIfEmptyAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        if (await db.Users.AnyAsync(cancellationToken))
        {
            return false;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var random = new Random(2026);
        var hashes = await Task.WhenAll(Accounts.Select(a => hasher.HashAsync(a.Password)));
        var hashByLogin = Accounts.Select((a, i) => (a.Login, Hash: hashes[i])).ToDictionary(x => x.Login, x => x.Hash);
        var taken = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

        var groups = new Dictionary<(GroupType, string), Group>();
        Group GroupOf(GroupType type, string name)
        {
            if (!groups.TryGetValue((type, name), out var group))
            {
                group = new Group { Name = name, Type = type };
                groups.Add((type, name), group);
                db.Groups.Add(group);
            }

            return group;
        }

        User Add(string nom, string prenom, Profil profil, string? login = null, params Group[] memberOf)
        {
            login ??= LoginGenerator.MakeUnique(LoginGenerator.Base(nom, prenom), taken);
            taken.Add(login);
            var user = new User
            {
                Nom = nom,
                Prenom = prenom,
                Profil = profil,
                Login = login,
                PasswordHash = hashByLogin.GetValueOrDefault(login),
                PasswordChangedAt = hashByLogin.ContainsKey(login) ? now : null,
                CreatedAt = now,
                UpdatedAt = now,
            };
            user.Memberships.AddRange(memberOf.Select(g => new GroupMembership { User = user, Group = g }));
            db.Users.Add(user);
            return user;
        }

        Add("LEBRUN", "Claire", Profil.Administrateur, "admin").Email = "direction@jules-ferry.example.fr";
        Add("MOREAU", "Pascal", Profil.AdministrateurSecondaire, "secondaire").Email = "p.moreau@jules-ferry.example.fr";

        // The article's example, exactly: BESSON Marion, « bm », Mme PAQUAY, CE1, Foot.
        var marion = Add("BESSON", "Marion", Profil.Eleve, "bm",
            GroupOf(GroupType.Classe, "Mme PAQUAY"), GroupOf(GroupType.Niveau, "CE1"), GroupOf(GroupType.Option, "Foot"));
        marion.NetworkFolder = @"\\172.16.0.6\bm\perso";

        var pupilNumber = 0;
        foreach (var (className, level, teacherNom, teacherPrenom, teacherLogin) in Classes)
        {
            var classGroup = GroupOf(GroupType.Classe, className);
            var levelGroup = GroupOf(GroupType.Niveau, level);
            var teacher = Add(teacherNom, teacherPrenom, Profil.Enseignant, teacherLogin, classGroup);
            teacher.Email = $"{teacherLogin}@jules-ferry.example.fr";

            var size = className == "Mme PAQUAY" ? 24 : 25;
            for (var i = 0; i < size; i++, pupilNumber++)
            {
                var memberOf = new List<Group> { classGroup, levelGroup };
                if (random.Next(4) == 0)
                {
                    memberOf.Add(GroupOf(GroupType.Option, Options[random.Next(Options.Length)]));
                }

                if (random.Next(8) == 0)
                {
                    memberOf.Add(GroupOf(GroupType.Groupe, OtherGroups[random.Next(OtherGroups.Length)]));
                }

                var pupil = Add(LastNames[random.Next(LastNames.Length)], FirstNames[random.Next(FirstNames.Length)],
                    Profil.Eleve, memberOf: [.. memberOf]);
                pupil.NationalId = $"{123456000 + pupilNumber:D10}{(char)('A' + pupilNumber % 26)}";
                pupil.SchoolId = $"JF-{2026 - LevelAge(level)}-{pupilNumber + 1:D3}";
                pupil.NetworkFolder = $@"\\172.16.0.6\{pupil.Login}\perso";
                pupil.BirthDate = new DateOnly(2026 - 6 - LevelAge(level), 1 + random.Next(12), 1 + random.Next(28));

                // A few pupils left during the year, and a few come from the ENT's directory.
                if (pupilNumber % 50 == 7)
                {
                    pupil.IsActive = false;
                    pupil.DeactivatedBy = UserDeactivation.Administrator;
                }

                if (pupilNumber % 30 == 11)
                {
                    pupil.Source = UserSource.Annuaire;
                }
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    private static int LevelAge(string level) => level switch
    {
        "CP" => 0,
        "CE1" => 1,
        "CE2" => 2,
        "CM1" => 3,
        _ => 4,
    };
}
