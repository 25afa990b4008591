namespace Mediatheque.Core.Annuaire;

/// <summary>
/// The federated directory (« annuaire fédérateur »: LDAP, AD, an ENT) the Médiathèque may be connected to.
/// « Annuaire » names this directory only; the users' list is something else.
/// </summary>
public sealed class AnnuaireOptions
{
    public const string Section = "Mediatheque:Annuaire";

    public bool Enabled { get; set; }

    /// <summary>The name users know it by, e.g. « ENT Occitanie ».</summary>
    public string Name { get; set; } = "annuaire fédérateur";

    /// <summary>Where passwords of directory users are changed, shown as a link when set.</summary>
    public string? PasswordPageUrl { get; set; }

    /// <summary>The LDAP connection; without its Url the directory is only a setting (its users come from elsewhere).</summary>
    public AnnuaireLdapOptions Ldap { get; set; } = new();

    /// <summary>Read-only LDAP synchronisation and sign-in through the directory are on.</summary>
    public bool UsesLdap => Enabled && !string.IsNullOrWhiteSpace(Ldap.Url);
}

/// <summary>
/// « Mediatheque:Annuaire:Ldap »: how to reach the directory and read its users, read-only (as Keycloak's
/// READ_ONLY LDAP federation does). Defaults suit OpenLDAP with inetOrgPerson entries; Active Directory
/// needs LoginAttribute = sAMAccountName and a user filter.
/// </summary>
public sealed class AnnuaireLdapOptions
{
    /// <summary>ldap://host:389 or ldaps://host:636.</summary>
    public string? Url { get; set; }

    /// <summary>StartTLS on an ldap:// URL.</summary>
    public bool StartTls { get; set; }

    /// <summary>The read-only service account that searches the directory.</summary>
    public string? BindDn { get; set; }

    /// <summary>Its password: from configuration or the environment (Mediatheque__Annuaire__Ldap__BindPassword), never logged.</summary>
    public string? BindPassword { get; set; }

    /// <summary>Where users are searched (the whole subtree).</summary>
    public string? BaseDn { get; set; }

    public string UserFilter { get; set; } = "(objectClass=inetOrgPerson)";

    /// <summary>The Identifiant de connexion (sAMAccountName on Active Directory).</summary>
    public string LoginAttribute { get; set; } = "uid";

    public string NomAttribute { get; set; } = "sn";

    public string PrenomAttribute { get; set; } = "givenName";

    public string EmailAttribute { get; set; } = "mail";

    /// <summary>Id National (INE).</summary>
    public string NationalIdAttribute { get; set; } = "employeeNumber";

    /// <summary>Its values ELEVE and ENSEIGNANT (case and accents ignored) give the profile; other entries are skipped and reported.</summary>
    public string ProfilAttribute { get; set; } = "employeeType";

    /// <summary>The class names (several for a pupil in two classes); a class is created when missing.</summary>
    public string ClassAttribute { get; set; } = "departmentNumber";

    /// <summary>
    /// For one directory shared by several schools (a district's): the attribute holding each entry's school UAI (several
    /// values for a teacher of several schools). Empty, the default: every entry belongs to the only school. Entries whose
    /// UAI is no school of the deployment are skipped and reported.
    /// </summary>
    public string? SchoolAttribute { get; set; }

    public bool HasSchoolAttribute => !string.IsNullOrWhiteSpace(SchoolAttribute);

    /// <summary>A synchronisation at start-up and then every N minutes.</summary>
    public int SyncMinutes { get; set; } = 60;

    /// <summary>
    /// Entries asked for per page of the paged search: Active Directory answers at most 1,000 a page and
    /// OpenLDAP's default size limit is 500.
    /// </summary>
    public int PageSize { get; set; } = 500;

    /// <summary>How long to wait for the directory before saying it does not answer.</summary>
    public int TimeoutSeconds { get; set; } = 10;
}
