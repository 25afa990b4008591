using Mediatheque.Core.Roster;
using Mediatheque.Core.Text;
using Mediatheque.Core.Users;

namespace Mediatheque.Core.Annuaire;

/// <summary>
/// Turns the directory's entries into roster rows, as the import's reader turns a file's lines into rows:
/// each entry is row N (its place in the answer), and what makes an entry unusable is reported in French,
/// naming the entry and the attribute, so that the entry is skipped and the rest applied.
/// </summary>
internal static class AnnuaireRows
{
    public static (List<RosterRow> Rows, List<RosterIssue> Issues) Read(IReadOnlyList<AnnuaireEntry> entries, AnnuaireLdapOptions ldap)
    {
        var rows = new List<RosterRow>(entries.Count);
        var issues = new List<RosterIssue>();
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            var line = i + 1;
            void Error(string? attribute, string message) => issues.Add(new RosterIssue(line, attribute, message) { Entry = entry.Dn });

            var login = entry.First(ldap.LoginAttribute);
            if (login is null)
            {
                Error(ldap.LoginAttribute, "L'identifiant est vide : l'utilisateur ne pourrait pas se connecter.");
            }

            if (entry.StableId is null)
            {
                Error(null, "L'entrée n'a pas d'identifiant stable (entryUUID ou objectGUID) : elle ne peut pas être suivie d'une synchronisation à l'autre.");
            }

            var profil = ProfilOf(entry.All(ldap.ProfilAttribute));
            if (profil is null)
            {
                var values = entry.All(ldap.ProfilAttribute);
                Error(ldap.ProfilAttribute, values.Count == 0
                    ? "Le profil est vide : seuls les profils ELEVE et ENSEIGNANT sont synchronisés."
                    : $"Profil « {string.Join(", ", values)} » inconnu : seuls les profils ELEVE et ENSEIGNANT sont synchronisés.");
            }

            // Lengths, a login's characters and the e-mail follow UserFieldRules in the planner, as for every source.
            rows.Add(new RosterRow(line)
            {
                Nom = entry.First(ldap.NomAttribute) ?? string.Empty,
                Prenom = entry.First(ldap.PrenomAttribute) ?? string.Empty,
                Profil = profil ?? Profil.Eleve,
                Login = login,
                NationalId = entry.First(ldap.NationalIdAttribute),
                Email = entry.First(ldap.EmailAttribute),
                Classes = entry.All(ldap.ClassAttribute),
                AnnuaireId = entry.StableId,
                Entry = entry.Dn,
            });
        }

        FlagDuplicates(rows, r => r.Login, ldap.LoginAttribute, "L'identifiant", issues);
        FlagDuplicates(rows, r => r.NationalId, ldap.NationalIdAttribute, "L'Id National", issues);
        FlagDuplicates(rows, r => r.AnnuaireId, null, "L'identifiant stable", issues);
        return (rows, issues);
    }

    /// <summary>ELEVE and ENSEIGNANT, case and accents ignored (« Élève », « enseignant »); the first value recognised wins.</summary>
    public static Profil? ProfilOf(IEnumerable<string> values)
    {
        foreach (var value in values)
        {
            switch (TextFolding.Fold(value).Trim())
            {
                case "eleve":
                    return Profil.Eleve;
                case "enseignant":
                    return Profil.Enseignant;
            }
        }

        return null;
    }

    /// <summary>Two entries with one login or Id National: neither is applied, since the directory does not say which is right.</summary>
    private static void FlagDuplicates(List<RosterRow> rows, Func<RosterRow, string?> key, string? attribute, string label, List<RosterIssue> issues)
    {
        foreach (var group in rows.Where(r => key(r) is not null).GroupBy(r => key(r)!, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
        {
            foreach (var row in group)
            {
                var others = string.Join(", ", group.Where(r => r != row).Select(r => $"« {r.Entry} »"));
                issues.Add(new RosterIssue(row.Line, attribute, $"{label} « {group.Key} » est aussi celui de {others}.") { Entry = row.Entry });
            }
        }
    }
}
