using Mediatheque.Core.Passwords;
using Mediatheque.Core.Users;

namespace Mediatheque.Core.Roster;

/// <summary>
/// The passwords a roster sets: taken from the rows when asked (F051: « Les mots de passe peuvent
/// également être mis à jour lors de l'import »), generated for new users when asked. Each is checked
/// against the password policy and against who may reset whose password.
/// </summary>
internal sealed class RosterPasswords(
    User actor, UserPolicy policy, PasswordPolicy passwordPolicy, PasswordGenerator generator, bool fromRows, bool generateForNew)
{
    /// <summary>The row's password when the source's passwords are applied, with its errors.</summary>
    public string? FromRow(RosterSource source, RosterRow row, User? target, List<RosterIssue> errors)
    {
        if (!fromRows || row.Password is not { } password)
        {
            return null;
        }

        foreach (var error in passwordPolicy.Validate(row.Profil, password))
        {
            errors.Add(source.Issue(row, RosterField.Password, "Mot de passe refusé : " + error));
        }

        if (target is not null && errors.Count == 0 && policy.CanResetPassword(actor, target, sharesGroup: false) is { Allowed: false } refusal)
        {
            errors.Add(source.Issue(row, RosterField.Password, refusal.Reason!));
        }

        return password;
    }

    /// <summary>A new user's first password, if any; says what was done for the preview.</summary>
    public string ForNew(RosterPlan plan, User user, RosterRow row, string? fromRow)
    {
        if (fromRow is not null)
        {
            plan.Passwords.Add(new PasswordWork(user, fromRow, passwordPolicy.MustChangeByDefault(user.Profil), IsNew: true, row.Classe));
            return "Mot de passe du fichier";
        }

        if (generateForNew)
        {
            var mustChange = passwordPolicy.MustChangeByDefault(user.Profil);
            plan.Passwords.Add(new PasswordWork(user, generator.Generate(user.Profil), mustChange, IsNew: true, row.Classe));
            return mustChange ? "Mot de passe généré, à changer à la première connexion" : "Mot de passe généré";
        }

        return "Sans mot de passe : ne pourra pas se connecter";
    }

    /// <summary>
    /// An existing user's password from the row. Hashes are salted: whether it differs from the current
    /// one is only known when checked, before the transaction.
    /// </summary>
    public string ForExisting(RosterPlan plan, User user, RosterRow row, string fromRow, bool touched)
    {
        plan.Passwords.Add(new PasswordWork(user, fromRow, passwordPolicy.MustChangeByDefault(user.Profil), IsNew: false, row.Classe ?? RosterGroups.ClassOf(user)) { Touched = touched });
        return "Mot de passe du fichier (remplacé s'il diffère)";
    }
}
