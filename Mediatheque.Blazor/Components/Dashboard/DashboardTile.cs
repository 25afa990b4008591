using Mediatheque.Blazor.Account;
using MudBlazor;

namespace Mediatheque.Blazor.Components.Dashboard;

/// <summary>
/// A tile of the « Tableau de bord », shown to those the policy lets in, in the dashboard's school. Links are relative:
/// they stay in that school's address (« /ecoles/3/utilisateurs »); the platform's and the account's are not a school's.
/// </summary>
public sealed record DashboardTile(string Title, string Description, string Href, string Icon, string Policy, bool ForceLoad = false)
{
    public static readonly IReadOnlyList<DashboardTile> All =
    [
        new("Utilisateurs", "Rechercher un utilisateur, réinitialiser un mot de passe.", "utilisateurs",
            Icons.Material.Filled.People, Policies.ManageUsers),
        new("Connexion par images", "Pour les plus jeunes : la page de la classe, son affiche et les cartes d'images des élèves.", "connexion-par-images",
            Icons.Material.Filled.Apps, Policies.ManageUsers),
        new("Importer", "Importer la liste des élèves : export ONDE ou modèle CSV, mots de passe et fiches de connexion.", "import",
            Icons.Material.Filled.UploadFile, Policies.Administer),
        new("Annuaire", "L'annuaire fédérateur : état de la synchronisation, tester la connexion, synchroniser maintenant.", "annuaire",
            Icons.Material.Filled.AccountTree, Policies.Administer),
        new("Journal", "Qui a fait quoi, à qui et quand : réinitialisations, modifications, connexions.", "journal",
            Icons.Material.Filled.History, Policies.Administer),
        new("Départs et suppressions", "La rentrée : combien de jours un élève ou un membre du personnel parti garde son compte, avant sa désactivation puis sa suppression.", "departs",
            Icons.Material.Filled.EventBusy, Policies.Administer),
        new("Paramètres", "Avis par courriel : prévenir les personnes et les familles quand quelqu'un d'autre change leur connexion.", "parametres",
            Icons.Material.Filled.Settings, Policies.Administer),
        new("Écoles de la plateforme", "Les écoles, leurs réglages et leurs administrateurs ; « Nouvelle école ».", "/plateforme",
            Icons.Material.Filled.Domain, Policies.Platform),
        new("Changer mon mot de passe", "Choisir un nouveau mot de passe pour votre compte.", AccountSetup.ChangePasswordPath,
            Icons.Material.Filled.Password, Policies.SignedIn, ForceLoad: true),
    ];
}
