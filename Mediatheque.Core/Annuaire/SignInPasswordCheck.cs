using Mediatheque.Core.Accounts;
using Mediatheque.Core.Passwords;
using Mediatheque.Core.Users;
using Microsoft.Extensions.Options;

namespace Mediatheque.Core.Annuaire;

/// <summary>What sign-in learns of a typed password: right or wrong, or that the directory could not tell.</summary>
public sealed record PasswordVerdict(bool Matches, bool Unavailable = false);

/// <summary>
/// The seam sign-in checks passwords through: a local account against its BCrypt hash, a directory user
/// (while an LDAP directory is configured) by the directory itself. A local account never goes to the
/// directory, so the local administrator still signs in when the directory is down.
/// </summary>
public sealed class SignInPasswordCheck(PasswordHasher hasher, AnnuaireConnection annuaire, IOptions<AnnuaireOptions> options)
{
    /// <param name="rows">The account's school rows: one provided by the directory makes it a directory account.</param>
    public async Task<PasswordVerdict> CheckAsync(Account? account, IReadOnlyList<AccountRow> rows, string password, CancellationToken cancellationToken = default)
    {
        if (account is null || !rows.Any(r => r.Source == UserSource.Annuaire) || !options.Value.UsesLdap)
        {
            return new PasswordVerdict(await hasher.VerifyAsync(password, account?.PasswordHash));
        }

        // The same BCrypt work as any other sign-in, so timing does not tell who comes from the directory.
        var sameWork = hasher.VerifyAsync(password, null);
        try
        {
            // Sign-in admits an attempt (Lockout) before asking here: a locked account's guesses never reach the directory.
            return new PasswordVerdict(await annuaire.CheckPasswordAsync(account.Login, password, cancellationToken));
        }
        catch (AnnuaireException)
        {
            return new PasswordVerdict(false, Unavailable: true);
        }
        finally
        {
            await sameWork;
        }
    }
}
