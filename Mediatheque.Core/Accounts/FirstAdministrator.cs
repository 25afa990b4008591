using Mediatheque.Core.Audit;
using Mediatheque.Core.Passwords;
using Mediatheque.Core.Persistence;
using Mediatheque.Core.Users;
using Microsoft.EntityFrameworkCore;

namespace Mediatheque.Core.Accounts;

/// <summary>
/// A new school has no account and, outside Development, no default password (PRODUCT.md): whoever
/// installs it creates the first administrator from the command line, with a password of their own.
/// Refused once an active administrator exists, so it cannot be used to add a back door later.
/// </summary>
public sealed class FirstAdministrator(
    IDbContextFactory<MediathequeDbContext> factory,
    PasswordPolicy passwordPolicy,
    PasswordHasher hasher,
    AuditLog audit,
    TimeProvider clock)
{
    public async Task<OperationResult> CreateAsync(
        string login, string nom, string prenom, string password, string confirmation, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        if (await db.Users.AnyAsync(u => u.Profil == Profil.Administrateur && u.IsActive, cancellationToken))
        {
            return OperationResult.Fail("Un administrateur existe déjà : c'est à lui de créer les autres comptes.");
        }

        nom = string.IsNullOrWhiteSpace(nom) ? "ADMINISTRATEUR" : nom;
        prenom = string.IsNullOrWhiteSpace(prenom) ? "Médiathèque" : prenom;
        var errors = UserFieldRules.Check(new UserFieldValues(nom, prenom, login)).Select(e => e.Message).ToList();
        if (errors.Count == 0 && await db.Users.AnyAsync(u => u.Login == login.Trim(), cancellationToken))
        {
            errors.Add("Cet identifiant est déjà utilisé.");
        }

        errors.AddRange(passwordPolicy.Validate(Profil.Administrateur, password));
        if (password != confirmation)
        {
            errors.Add("Les deux mots de passe ne correspondent pas.");
        }

        if (errors.Count > 0)
        {
            return OperationResult.Fail(errors);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var admin = new User
        {
            Nom = nom,
            Prenom = prenom,
            Login = login,
            Profil = Profil.Administrateur,
            CreatedAt = now,
        };
        admin.SetPassword(await hasher.HashAsync(password), mustChange: false, now);
        db.Users.Add(admin);
        audit.Add(db, AuditAction.UserCreated, null, admin, "Premier administrateur, créé en ligne de commande");
        await db.SaveChangesAsync(cancellationToken);
        return OperationResult.Success;
    }
}
