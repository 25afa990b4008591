using Mediatheque.Core.AccountStates;
using Mediatheque.Core.Accounts;
using Mediatheque.Core.Audit;
using Mediatheque.Core.Passwords;
using Mediatheque.Core.Persistence;
using Mediatheque.Core.Persistence.Configurations;
using Mediatheque.Core.Users;
using Microsoft.EntityFrameworkCore;

namespace Mediatheque.Core.Schools;

/// <summary>A school on the platform's dashboard: its numbers only, never its people.</summary>
public sealed record SchoolSummary(int Id, string Name, string? Uai, IReadOnlyList<ProfileCount> Profiles, int Locked)
{
    public int Active => Profiles.Sum(p => p.Active);

    public int Deactivated => Profiles.Sum(p => p.Deactivated);

    public int ActiveOf(Profil profil) => Profiles.Where(p => p.Profil == profil).Sum(p => p.Active);
}

/// <summary>What differs from one school to the next, as the school's page edits it.</summary>
public sealed record SchoolSettings(string Name, string? Uai, TeacherScope TeacherScope = TeacherScope.OwnGroups, string? AnnuaireName = null, string? AnnuairePasswordPageUrl = null);

/// <summary>One of a school's administrators, on its page.</summary>
public sealed record SchoolAdministrator(int UserId, string FullName, string Login, Profil Profil, bool IsActive);

/// <summary>A school's page: its settings and its administrators.</summary>
public sealed record SchoolDetails(int Id, SchoolSettings Settings, IReadOnlyList<SchoolAdministrator> Administrators);

/// <summary>
/// « Nommer un administrateur »: a person already on the platform (by their login), or a new one with a first password,
/// which they change at their first sign-in.
/// </summary>
public sealed record NewAdministrator(string Login, Profil Profil, string? Nom = null, string? Prenom = null, string? Password = null, string? Confirmation = null);

/// <summary>
/// « ADMINISTRATEUR DE LA PLATEFORME »: creates schools, sets what differs between them and names and removes their
/// administrators; sees every school's numbers, never its people. Not a school role: everything else happens inside a
/// school, under UserPolicy. The platform administrator is read as they are now for every call, as every actor is.
/// </summary>
public sealed class Platform(
    IDbContextFactory<MediathequeDbContext> factory, PasswordPolicy passwordPolicy, PasswordHasher hasher, AuditLog audit, TimeProvider clock)
{
    public const string NotAllowed = "Seul l'administrateur de la plateforme gère les écoles.";

    /// <summary>Every school with its numbers (users by profile, deactivated, locked); null for anyone but a platform administrator.</summary>
    public async Task<IReadOnlyList<SchoolSummary>?> SchoolsAsync(int accountId, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        if (await AdministratorAsync(db, accountId, cancellationToken) is null)
        {
            return null;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        // Every school's rows: the platform's numbers are the one read of users past the school filter that counts them all.
        var users = db.Users.IgnoreQueryFilters([MediathequeDbContext.SchoolFilter]);
        var counts = await users.GroupBy(u => new { u.SchoolId, u.Profil, u.IsActive })
            .Select(g => new { g.Key.SchoolId, g.Key.Profil, g.Key.IsActive, Count = g.Count() })
            .ToListAsync(cancellationToken);
        var locked = await users.Where(u => u.Account.LockedUntil > now).GroupBy(u => u.SchoolId)
            .Select(g => new { SchoolId = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.SchoolId, g => g.Count, cancellationToken);
        var schools = await db.Schools.AsNoTracking().OrderBy(s => s.Name).ToListAsync(cancellationToken);
        return schools.Select(s => new SchoolSummary(s.Id, s.Name, s.Uai,
            Enum.GetValues<Profil>().Select(p => new ProfileCount(p,
                counts.Where(c => c.SchoolId == s.Id && c.Profil == p && c.IsActive).Sum(c => c.Count),
                counts.Where(c => c.SchoolId == s.Id && c.Profil == p && !c.IsActive).Sum(c => c.Count))).ToList(),
            locked.GetValueOrDefault(s.Id))).ToList();
    }

    /// <summary>« Nouvelle école ».</summary>
    public async Task<(OperationResult Result, int? SchoolId)> CreateSchoolAsync(int accountId, SchoolSettings settings, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        if (await AdministratorAsync(db, accountId, cancellationToken) is not { } administrator)
        {
            return (OperationResult.Fail(NotAllowed), null);
        }

        var (errors, normalized) = await ValidateAsync(db, settings, null, cancellationToken);
        if (errors.Count > 0)
        {
            return (OperationResult.Fail(errors), null);
        }

        var school = new School { Name = normalized.Name, CreatedAt = clock.GetUtcNow().UtcDateTime };
        Apply(school, normalized);
        db.Schools.Add(school);
        await db.SaveChangesAsync(cancellationToken);
        db.EnterSchool(school.Id);
        audit.AddForAccount(db, AuditAction.SchoolCreated, administrator, [], $"« {school.Name} »{(school.Uai is null ? string.Empty : $", UAI {school.Uai}")}");
        Place(db, school.Id);
        await db.SaveChangesAsync(cancellationToken);
        return (OperationResult.Success, school.Id);
    }

    /// <summary>A school's page; null for anyone but a platform administrator, or a school that does not exist.</summary>
    public async Task<SchoolDetails?> GetAsync(int accountId, int schoolId, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        if (await AdministratorAsync(db, accountId, cancellationToken) is null
            || await db.Schools.AsNoTracking().SingleOrDefaultAsync(s => s.Id == schoolId, cancellationToken) is not { } school)
        {
            return null;
        }

        // The school's administrators, read in that school.
        db.EnterSchool(schoolId);
        var administrators = await db.Users.AsNoTracking()
            .Where(u => u.Profil == Profil.Administrateur || u.Profil == Profil.AdministrateurSecondaire)
            .OrderBy(u => u.SortKey)
            .Select(u => new { u.Id, u.Nom, u.Prenom, u.Login, u.Profil, u.IsActive })
            .ToListAsync(cancellationToken);
        return new SchoolDetails(school.Id,
            new SchoolSettings(school.Name, school.Uai, school.TeacherScope, school.AnnuaireName, school.AnnuairePasswordPageUrl),
            administrators.Select(a => new SchoolAdministrator(a.Id, $"{a.Nom.ToUpperInvariant()} {a.Prenom}", a.Login, a.Profil, a.IsActive)).ToList());
    }

    public async Task<OperationResult> UpdateAsync(int accountId, int schoolId, SchoolSettings settings, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        if (await AdministratorAsync(db, accountId, cancellationToken) is not { } administrator
            || await db.Schools.SingleOrDefaultAsync(s => s.Id == schoolId, cancellationToken) is not { } school)
        {
            return OperationResult.Fail(NotAllowed);
        }

        var (errors, normalized) = await ValidateAsync(db, settings, schoolId, cancellationToken);
        if (errors.Count > 0)
        {
            return OperationResult.Fail(errors);
        }

        Apply(school, normalized);
        db.EnterSchool(schoolId);
        audit.AddForAccount(db, AuditAction.SchoolChanged, administrator, [], Describe(normalized));
        Place(db, schoolId);
        await db.SaveChangesAsync(cancellationToken);
        return OperationResult.Success;
    }

    /// <summary>
    /// « Nommer un administrateur »: the person of that login becomes an administrator of the school (their row there is
    /// created, or given the profile); a login that is no one yet is a new person, with the first password given here.
    /// </summary>
    public async Task<OperationResult> NameAdministratorAsync(int accountId, int schoolId, NewAdministrator named, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        if (await AdministratorAsync(db, accountId, cancellationToken) is not { } administrator
            || !await db.Schools.AnyAsync(s => s.Id == schoolId, cancellationToken))
        {
            return OperationResult.Fail(NotAllowed);
        }

        if (named.Profil is not (Profil.Administrateur or Profil.AdministrateurSecondaire))
        {
            return OperationResult.Fail("Un administrateur d'école est ADMINISTRATEUR ou ADMINISTRATEUR SECONDAIRE.");
        }

        db.EnterSchool(schoolId);
        var login = named.Login.Trim();
        var now = clock.GetUtcNow().UtcDateTime;
        var account = await db.Accounts.SingleOrDefaultAsync(a => a.Login == login, cancellationToken);
        User? row;
        if (account is null)
        {
            var errors = UserFieldRules.Check(new UserFieldValues(named.Nom ?? string.Empty, named.Prenom ?? string.Empty, login))
                .Select(e => e.Message).ToList();
            errors.AddRange(passwordPolicy.Validate(named.Profil, named.Password));
            if (named.Password != named.Confirmation)
            {
                errors.Add("Les deux mots de passe ne correspondent pas.");
            }

            if (errors.Count > 0)
            {
                return OperationResult.Fail(errors);
            }

            account = new Account { Login = login, CreatedAt = now };
            // A first password, to be changed at the first sign-in: the platform administrator never knows the one used.
            account.SetPassword(await hasher.HashAsync(named.Password!), mustChange: true, now);
            row = new User { Account = account, Nom = named.Nom!, Prenom = named.Prenom!, Login = login, CreatedAt = now, UpdatedAt = now };
            db.Users.Add(row);
        }
        else
        {
            // Already a person of the platform: their row here (any profile) becomes an administrator, or a new row is
            // made with the name they have elsewhere. Their login and password stay theirs.
            row = await db.Users.SingleOrDefaultAsync(u => u.AccountId == account.Id, cancellationToken);
            if (row is null)
            {
                // Their name as another school knows it (read past the school filter for that alone).
                var elsewhere = await db.Users.IgnoreQueryFilters([MediathequeDbContext.SchoolFilter])
                    .Where(u => u.AccountId == account.Id).Select(u => new { u.Nom, u.Prenom }).FirstOrDefaultAsync(cancellationToken);
                row = new User
                {
                    Account = account, Login = account.Login, CreatedAt = now, UpdatedAt = now,
                    Nom = named.Nom is { Length: > 0 } nom ? nom : elsewhere?.Nom ?? account.Nom ?? account.Login,
                    Prenom = named.Prenom is { Length: > 0 } prenom ? prenom : elsewhere?.Prenom ?? account.Prenom ?? string.Empty,
                };
                db.Users.Add(row);
            }
        }

        row.Profil = named.Profil;
        AccountLife.Return(row, now);
        row.Touch(now);
        // What they may do changed: their open sessions end, and they sign in again as who they now are.
        account.RenewSecurityStamp();
        audit.Add(db, AuditAction.AdministratorNamed, row, row, $"{named.Profil.Label()}, nommé par l'administrateur de la plateforme « {administrator.Login} »");
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            return OperationResult.Fail("Cet identifiant vient d'être pris : rien n'a été enregistré. Recommencez.");
        }

        return OperationResult.Success;
    }

    /// <summary>« Retirer »: the administrator's row in that school is deactivated (they no longer work there); their sessions end.</summary>
    public async Task<OperationResult> RemoveAdministratorAsync(int accountId, int schoolId, int userId, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        if (await AdministratorAsync(db, accountId, cancellationToken) is not { } administrator)
        {
            return OperationResult.Fail(NotAllowed);
        }

        db.EnterSchool(schoolId);
        var row = await db.Users.Include(u => u.Account)
            .SingleOrDefaultAsync(u => u.Id == userId && (u.Profil == Profil.Administrateur || u.Profil == Profil.AdministrateurSecondaire), cancellationToken);
        if (row is null)
        {
            return OperationResult.Fail("Cet administrateur n'existe pas ou n'administre pas cette école.");
        }

        AccountLife.Deactivate(row, UserDeactivation.Administrator, clock.GetUtcNow().UtcDateTime);
        audit.Add(db, AuditAction.AdministratorRemoved, row, row, $"Retiré par l'administrateur de la plateforme « {administrator.Login} »");
        return await db.SaveOrReportConflictAsync(cancellationToken);
    }

    /// <summary>
    /// « Mot de passe provisoire »: a first password for a login, to change at the next sign-in, for the people no single
    /// school may reset (UserPolicy.OtherSchoolReason: they work in several) or who have no school (an administrator just
    /// named). Journaled in each of the person's schools; their open sessions end.
    /// </summary>
    public async Task<OperationResult> SetFirstPasswordAsync(
        int accountId, string login, string password, string confirmation, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        if (await AdministratorAsync(db, accountId, cancellationToken) is not { } administrator)
        {
            return OperationResult.Fail(NotAllowed);
        }

        var account = await db.Accounts.SingleOrDefaultAsync(a => a.Login == login.Trim(), cancellationToken);
        if (account is null || account.Id == accountId)
        {
            return OperationResult.Fail(account is null
                ? "Aucun compte n'a cet identifiant."
                : "Pour votre propre mot de passe, utilisez « Changer mon mot de passe ».");
        }

        var rows = await AccountRow.LoadAsync(db, account.Id, cancellationToken);
        // The policy of the most demanding profile the person holds (staff before pupils).
        var profil = account.IsPlatformAdministrator ? Profil.Administrateur : rows.Select(r => r.Profil).DefaultIfEmpty(Profil.Eleve).Max();
        var errors = passwordPolicy.Validate(profil, password).ToList();
        if (password != confirmation)
        {
            errors.Add("Les deux mots de passe ne correspondent pas.");
        }

        if (errors.Count > 0)
        {
            return OperationResult.Fail(errors);
        }

        account.SetPassword(await hasher.HashAsync(password), mustChange: true, clock.GetUtcNow().UtcDateTime);
        audit.AddForAccount(db, AuditAction.PasswordReset, account, rows,
            "Mot de passe provisoire donné par l'administrateur de la plateforme ; doit changer le mot de passe à la prochaine connexion", by: administrator);
        return await db.SaveOrReportConflictAsync(cancellationToken);
    }

    /// <summary>The platform administrator as they are now; null for anyone else.</summary>
    private static Task<Account?> AdministratorAsync(MediathequeDbContext db, int accountId, CancellationToken cancellationToken) =>
        db.Accounts.SingleOrDefaultAsync(a => a.Id == accountId && a.IsPlatformAdministrator, cancellationToken);

    /// <summary>The platform's journal lines about a school are that school's: its administrators read what was done to it.</summary>
    private static void Place(MediathequeDbContext db, int schoolId)
    {
        foreach (var entry in db.ChangeTracker.Entries<AuditEntry>().Where(e => e.State == EntityState.Added && e.Entity.SchoolId is null))
        {
            entry.Entity.SchoolId = schoolId;
        }
    }

    private static async Task<(List<string> Errors, SchoolSettings Normalized)> ValidateAsync(
        MediathequeDbContext db, SchoolSettings settings, int? schoolId, CancellationToken cancellationToken)
    {
        var errors = new List<string>();
        var name = settings.Name?.Trim() ?? string.Empty;
        var uai = Uai.Normalize(settings.Uai);
        if (name.Length == 0)
        {
            errors.Add("Le nom de l'école est obligatoire.");
        }
        else if (name.Length > SchoolConfiguration.NameMaxLength)
        {
            errors.Add($"Le nom de l'école fait au plus {SchoolConfiguration.NameMaxLength} caractères.");
        }

        if (uai is not null && !Uai.IsValid(uai))
        {
            errors.Add($"L'UAI « {settings.Uai!.Trim()} » n'a pas la forme d'une UAI : {Uai.Format}.");
        }
        else if (uai is not null && await db.Schools.AnyAsync(s => s.Uai == uai && s.Id != schoolId, cancellationToken))
        {
            errors.Add($"L'UAI « {uai} » est déjà celle d'une autre école de la plateforme.");
        }

        var annuaireName = string.IsNullOrWhiteSpace(settings.AnnuaireName) ? null : settings.AnnuaireName.Trim();
        if (annuaireName is { Length: > 100 })
        {
            errors.Add("Le nom de l'annuaire fait au plus 100 caractères.");
        }

        var page = string.IsNullOrWhiteSpace(settings.AnnuairePasswordPageUrl) ? null : settings.AnnuairePasswordPageUrl.Trim();
        if (page is not null && (page.Length > 500 || !Uri.TryCreate(page, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)))
        {
            errors.Add("La page des mots de passe de l'annuaire est une adresse web complète, par exemple https://ent.exemple.fr/mot-de-passe.");
        }

        if (!Enum.IsDefined(settings.TeacherScope))
        {
            errors.Add("Choisissez la portée des enseignants.");
        }

        return (errors, new SchoolSettings(name, uai, settings.TeacherScope, annuaireName, page));
    }

    private static void Apply(School school, SchoolSettings settings)
    {
        school.Name = settings.Name;
        school.Uai = settings.Uai;
        school.TeacherScope = settings.TeacherScope;
        school.AnnuaireName = settings.AnnuaireName;
        school.AnnuairePasswordPageUrl = settings.AnnuairePasswordPageUrl;
    }

    private static string Describe(SchoolSettings settings) =>
        $"« {settings.Name} », UAI {settings.Uai ?? "à renseigner"}, enseignants : "
        + (settings.TeacherScope == TeacherScope.WholeSchool ? "toute l'école" : "leurs groupes")
        + (settings.AnnuaireName is { } name ? $", annuaire « {name} »" : string.Empty);
}
