using Mediatheque.Core.Audit;
using Mediatheque.Core.Passwords;
using Mediatheque.Core.Persistence;
using Mediatheque.Core.Users;
using Microsoft.EntityFrameworkCore;

namespace Mediatheque.Core.Accounts;

/// <summary>
/// A new installation has no account and, outside Development, no default password (PRODUCT.md): whoever installs it
/// creates the first platform administrator from the command line, with a password of their own, who then creates the
/// schools and names their administrators. Refused once an active platform administrator exists, so that it cannot be
/// used to add a back door later. (A database from before schools keeps its administrators: they administer the school
/// it became.)
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
        if (await db.Accounts.AnyAsync(a => a.IsPlatformAdministrator && a.PasswordHash != null, cancellationToken))
        {
            return OperationResult.Fail("Un administrateur de la plateforme existe déjà : c'est à lui de créer les écoles et de nommer leurs administrateurs.");
        }

        nom = string.IsNullOrWhiteSpace(nom) ? "ADMINISTRATEUR" : nom.Trim();
        prenom = string.IsNullOrWhiteSpace(prenom) ? "Plateforme" : prenom.Trim();
        var errors = UserFieldRules.Check(new UserFieldValues(nom, prenom, login)).Select(e => e.Message).ToList();
        if (errors.Count == 0 && await db.Accounts.AnyAsync(a => a.Login == login.Trim(), cancellationToken))
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
        var administrator = new Account
        {
            Login = login,
            Nom = nom,
            Prenom = prenom,
            IsPlatformAdministrator = true,
            CreatedAt = now,
        };
        administrator.SetPassword(await hasher.HashAsync(password), mustChange: false, now);
        db.Accounts.Add(administrator);
        audit.AddForAccount(db, AuditAction.UserCreated, administrator, [], "Premier administrateur de la plateforme, créé en ligne de commande");
        await db.SaveChangesAsync(cancellationToken);
        return OperationResult.Success;
    }
}
