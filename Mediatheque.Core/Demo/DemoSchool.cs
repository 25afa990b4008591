using Mediatheque.Core.Accounts;
using Mediatheque.Core.Groups;
using Mediatheque.Core.Passwords;
using Mediatheque.Core.Persistence;
using Mediatheque.Core.Schools;
using Mediatheque.Core.Users;
using Microsoft.EntityFrameworkCore;

namespace Mediatheque.Core.Demo;

/// <summary>A demo account of the README: its password, and the school(s) and profile it has there.</summary>
public sealed record DemoAccount(string Login, string Password, string Role, params string[] Schools);

/// <summary>
/// The demo schools, seeded into an empty database in Development only (PRODUCT.md: no default password in production):
/// « École élémentaire Jules-Ferry » (UAI 0999001A, as it always was) and « Collège Jean-Moulin » (UAI 0999002B), one
/// teacher of both (roux, one login), and a platform administrator. Deterministic, so the README can name people.
/// </summary>
public sealed class DemoSchool(IDbContextFactory<MediathequeDbContext> factory, PasswordHasher hasher, TimeProvider clock)
{
    public const string JulesFerry = "École élémentaire Jules-Ferry";
    public const string JulesFerryUai = "0999001A";
    public const string JeanMoulin = "Collège Jean-Moulin";
    public const string JeanMoulinUai = "0999002B";

    public static readonly IReadOnlyList<DemoAccount> Accounts =
    [
        new("admin", "admin-demo-2026", nameof(Profil.Administrateur), JulesFerryUai),
        new("secondaire", "secondaire-demo-2026", nameof(Profil.AdministrateurSecondaire), JulesFerryUai),
        new("paquay", "paquay-demo-2026", nameof(Profil.Enseignant), JulesFerryUai),
        new("durand", "durand-demo-2026", nameof(Profil.Enseignant), JulesFerryUai),
        new("bm", "marion2026", nameof(Profil.Eleve), JulesFerryUai),
        new("moulin", "moulin-demo-2026", nameof(Profil.Administrateur), JeanMoulinUai),
        new("roux", "roux-demo-2026", nameof(Profil.Enseignant), JulesFerryUai, JeanMoulinUai),
        new("plateforme", "plateforme-demo-2026", SignedInUser.PlatformAdministratorRole),
    ];

    // The collège: eight divisions, two per level, about fifty pupils each; teachers teach several divisions.
    private static readonly (string Division, string Level)[] Divisions =
        [("6A", "6e"), ("6B", "6e"), ("5A", "5e"), ("5B", "5e"), ("4A", "4e"), ("4B", "4e"), ("3A", "3e"), ("3B", "3e")];

    private static readonly (string Nom, string Prenom, string Login)[] CollegeTeachers =
    [
        ("BARRAULT", "Isabelle", "barrault"), ("COSTA", "Miguel", "costa"), ("DELMAS", "Sandrine", "delmas"),
        ("ÉTIENNE", "Laurent", "etienne"), ("FERRAND", "Agnès", "ferrand"), ("GUILLON", "Pierre", "guillon"),
        ("HAMEL", "Nadia", "hamel"), ("JOUBERT", "Olivier", "joubert"), ("KLEIN", "Sophie", "klein"),
        ("LAMY", "Cédric", "lamy"), ("MARCHAL", "Émilie", "marchal"), ("NAVARRO", "Rémi", "navarro"),
        ("OLLIVIER", "Claire", "ollivier"), ("POULAIN", "Thierry", "poulain"), ("QUÉRÉ", "Anne", "quere"),
        ("RENAULT", "Damien", "renault"), ("SALMON", "Juliette", "salmon"), ("TESSIER", "Marc", "tessier"),
        ("VASSEUR", "Hélène", "vasseur"),
    ];

    private static readonly string[] CollegeOptions = ["Latin", "Section sportive", "Chorale"];

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

    /// <summary>Seeds the demo schools if the database holds no account; returns whether it did.</summary>
    public async Task<bool> SeedIfEmptyAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        if (await db.Accounts.AnyAsync(cancellationToken))
        {
            return false;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var random = new Random(2026);
        var hashes = await Task.WhenAll(Accounts.Select(a => hasher.HashAsync(a.Password)));
        var hashByLogin = Accounts.Select((a, i) => (a.Login, Hash: hashes[i])).ToDictionary(x => x.Login, x => x.Hash);
        // Logins are unique across both schools: one set for the whole seed.
        var taken = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var accounts = new Dictionary<string, Account>(StringComparer.OrdinalIgnoreCase);

        // One transaction: the schools first (their groups name them by id), then everyone.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var julesFerry = new School { Name = JulesFerry, Uai = JulesFerryUai, CreatedAt = now };
        var jeanMoulin = new School { Name = JeanMoulin, Uai = JeanMoulinUai, CreatedAt = now };
        db.Schools.AddRange(julesFerry, jeanMoulin);
        await db.SaveChangesAsync(cancellationToken);

        var groups = new Dictionary<(int, GroupType, string), Group>();
        Group GroupOf(School school, GroupType type, string name)
        {
            if (!groups.TryGetValue((school.Id, type, name), out var group))
            {
                group = new Group { SchoolId = school.Id, Name = name, Type = type };
                groups.Add((school.Id, type, name), group);
                db.Groups.Add(group);
            }

            return group;
        }

        // A person's row in a school; a login already seeded (roux) is the same person, with one account.
        User AddTo(School school, string nom, string prenom, Profil profil, string? login = null, params Group[] memberOf)
        {
            login ??= LoginGenerator.MakeUnique(LoginGenerator.Base(nom, prenom), taken);
            taken.Add(login);
            if (!accounts.TryGetValue(login, out var account))
            {
                account = new Account
                {
                    Login = login,
                    PasswordHash = hashByLogin.GetValueOrDefault(login),
                    PasswordChangedAt = hashByLogin.ContainsKey(login) ? now : null,
                    CreatedAt = now,
                };
                accounts.Add(login, account);
            }

            var user = new User
            {
                School = school,
                Account = account,
                Nom = nom,
                Prenom = prenom,
                Profil = profil,
                Login = login,
                CreatedAt = now,
                UpdatedAt = now,
            };
            user.Memberships.AddRange(memberOf.Select(g => new GroupMembership { User = user, Group = g }));
            db.Users.Add(user);
            return user;
        }

        User Add(string nom, string prenom, Profil profil, string? login = null, params Group[] memberOf) =>
            AddTo(julesFerry, nom, prenom, profil, login, memberOf);

        Group GroupOfJulesFerry(GroupType type, string name) => GroupOf(julesFerry, type, name);

        Add("LEBRUN", "Claire", Profil.Administrateur, "admin").Email = "direction@jules-ferry.example.fr";
        Add("MOREAU", "Pascal", Profil.AdministrateurSecondaire, "secondaire").Email = "p.moreau@jules-ferry.example.fr";

        // The article's example, exactly: BESSON Marion, « bm », Mme PAQUAY, CE1, Foot.
        var marion = Add("BESSON", "Marion", Profil.Eleve, "bm",
            GroupOfJulesFerry(GroupType.Classe, "Mme PAQUAY"), GroupOfJulesFerry(GroupType.Niveau, "CE1"), GroupOfJulesFerry(GroupType.Option, "Foot"));
        marion.NetworkFolder = @"\\172.16.0.6\bm\perso";

        var pupilNumber = 0;
        foreach (var (className, level, teacherNom, teacherPrenom, teacherLogin) in Classes)
        {
            var classGroup = GroupOfJulesFerry(GroupType.Classe, className);
            var levelGroup = GroupOfJulesFerry(GroupType.Niveau, level);
            var teacher = Add(teacherNom, teacherPrenom, Profil.Enseignant, teacherLogin, classGroup);
            teacher.Email = $"{teacherLogin}@jules-ferry.example.fr";

            var size = className == "Mme PAQUAY" ? 24 : 25;
            for (var i = 0; i < size; i++, pupilNumber++)
            {
                var memberOf = new List<Group> { classGroup, levelGroup };
                if (random.Next(4) == 0)
                {
                    memberOf.Add(GroupOfJulesFerry(GroupType.Option, Options[random.Next(Options.Length)]));
                }

                if (random.Next(8) == 0)
                {
                    memberOf.Add(GroupOfJulesFerry(GroupType.Groupe, OtherGroups[random.Next(OtherGroups.Length)]));
                }

                var pupil = Add(LastNames[random.Next(LastNames.Length)], FirstNames[random.Next(FirstNames.Length)],
                    Profil.Eleve, memberOf: [.. memberOf]);
                pupil.NationalId = $"{123456000 + pupilNumber:D10}{(char)('A' + pupilNumber % 26)}";
                pupil.EstablishmentId = $"JF-{2026 - LevelAge(level)}-{pupilNumber + 1:D3}";
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

        // Roux teaches the CM2 at Jules-Ferry (the level: both CM2 classes' pupils share a group with him).
        var roux = Add("ROUX", "Antoine", Profil.Enseignant, "roux", GroupOfJulesFerry(GroupType.Niveau, "CM2"));
        roux.Email = "roux@jules-ferry.example.fr";

        SeedJeanMoulin(jeanMoulin, AddTo, GroupOf);

        db.Accounts.Add(new Account
        {
            Login = "plateforme",
            Nom = "DUMAS",
            Prenom = "Hélène",
            IsPlatformAdministrator = true,
            PasswordHash = hashByLogin["plateforme"],
            PasswordChangedAt = now,
            CreatedAt = now,
        });

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>« Collège Jean-Moulin »: about 400 pupils in eight divisions, 20 teachers (roux among them, with 6A), its administrator moulin.</summary>
    private static void SeedJeanMoulin(
        School college,
        Func<School, string, string, Profil, string?, Group[], User> add,
        Func<School, GroupType, string, Group> groupOf)
    {
        var random = new Random(2027);
        add(college, "MOULIN", "Catherine", Profil.Administrateur, "moulin", []).Email = "direction@jean-moulin.example.fr";

        // Each teacher teaches three divisions; roux teaches 6A only (his other classes are at Jules-Ferry).
        var roux = add(college, "ROUX", "Antoine", Profil.Enseignant, "roux", [groupOf(college, GroupType.Classe, "6A")]);
        roux.Email = "roux@jean-moulin.example.fr";
        for (var t = 0; t < CollegeTeachers.Length; t++)
        {
            var (nom, prenom, login) = CollegeTeachers[t];
            var taught = Enumerable.Range(0, 3).Select(k => Divisions[(t + 3 * k) % Divisions.Length].Division).Distinct()
                .Select(d => groupOf(college, GroupType.Classe, d)).ToArray();
            add(college, nom, prenom, Profil.Enseignant, login, taught).Email = $"{login}@jean-moulin.example.fr";
        }

        var pupilNumber = 0;
        foreach (var (division, level) in Divisions)
        {
            var classGroup = groupOf(college, GroupType.Classe, division);
            var levelGroup = groupOf(college, GroupType.Niveau, level);
            for (var i = 0; i < 50; i++, pupilNumber++)
            {
                var memberOf = new List<Group> { classGroup, levelGroup };
                if (random.Next(5) == 0)
                {
                    memberOf.Add(groupOf(college, GroupType.Option, CollegeOptions[random.Next(CollegeOptions.Length)]));
                }

                var pupil = add(college, LastNames[random.Next(LastNames.Length)], FirstNames[random.Next(FirstNames.Length)],
                    Profil.Eleve, null, [.. memberOf]);
                var age = 11 + (division[0] switch { '6' => 0, '5' => 1, '4' => 2, _ => 3 });
                pupil.NationalId = $"{223456000 + pupilNumber:D10}{(char)('A' + pupilNumber % 26)}";
                pupil.EstablishmentId = $"JM-{2026 - age + 11}-{pupilNumber + 1:D3}";
                pupil.BirthDate = new DateOnly(2026 - age, 1 + random.Next(12), 1 + random.Next(28));
                if (pupilNumber % 60 == 13)
                {
                    pupil.IsActive = false;
                    pupil.DeactivatedBy = UserDeactivation.Administrator;
                }
            }
        }
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
