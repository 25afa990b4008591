using System.Globalization;
using System.Text;
using Mediatheque.Core.Audit;
using Mediatheque.Core.Text;
using Mediatheque.Core.Users;

namespace Mediatheque.Core.Notices;

/// <summary>A user a notice is about, and whether the recipient is that user (else one of their legal representatives).</summary>
public sealed record NoticeSubject(int UserId, string Nom, string Prenom, string Login, bool Self)
{
    public string Name => $"{Prenom} {Nom.ToUpperInvariant()}";
}

/// <summary>
/// The words of a notice, in French (issue 23): the school, what happened, when (Paris time, fr-FR), who did it
/// (« par Mme PAQUAY, enseignante », « par un administrateur de l'école ») and what to do if it is unexpected. Never the
/// password, a sign-in link or a card's token: nothing here is given one.
/// </summary>
public static class NoticeText
{
    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    public const string ByAdministrator = "par un administrateur de l'école";

    /// <summary>
    /// « par Mme PAQUAY, enseignante » when the teacher's class is named after her (« Mme PAQUAY », as primary schools
    /// name them), else « par Sophie PAQUAY, de l'équipe enseignante » (the Médiathèque does not know who is Madame);
    /// administrators are not named (GitLab's lesson: say that an administrator did it); null when nobody did it.
    /// </summary>
    public static string? By(User? actor, IEnumerable<string> actorClasses)
    {
        if (actor is null)
        {
            return null;
        }

        if (actor.Profil.IsAdministrator())
        {
            return ByAdministrator;
        }

        var nom = TextFolding.Fold(actor.Nom);
        foreach (var name in actorClasses)
        {
            var folded = TextFolding.Fold(name);
            foreach (var (title, civility, noun) in Civilities)
            {
                if (folded == title + " " + nom)
                {
                    return $"par {civility} {actor.Nom.ToUpperInvariant()}, {noun}";
                }
            }
        }

        return actor.Profil == Profil.Enseignant
            ? $"par {actor.Prenom} {actor.Nom.ToUpperInvariant()}, de l'équipe enseignante"
            : $"par {actor.Prenom} {actor.Nom.ToUpperInvariant()}";
    }

    private static readonly (string Title, string Civility, string Noun)[] Civilities =
    [
        ("mme", "Mme", "enseignante"), ("madame", "Mme", "enseignante"), ("mlle", "Mme", "enseignante"),
        ("m.", "M.", "enseignant"), ("m", "M.", "enseignant"), ("monsieur", "M.", "enseignant"),
    ];

    /// <summary>« le samedi 6 décembre 2026 à 10 h 45 », in the school's time zone.</summary>
    public static string When(DateTime utc)
    {
        var local = Journal.ToSchoolTime(utc);
        return $"le {local.ToString("dddd d MMMM yyyy", French)} à {local.ToString("H' h 'mm", French)}";
    }

    public static string Label(CredentialChangeKind kind) => kind switch
    {
        CredentialChangeKind.PasswordReset => "mot de passe réinitialisé",
        CredentialChangeKind.PasswordSetByImport => "mot de passe changé",
        CredentialChangeKind.LoginCardIssued => "nouvelle carte de connexion",
        CredentialChangeKind.PictureSequenceIssued => "nouvelle séquence d'images",
        CredentialChangeKind.LockedOut => "compte verrouillé",
        _ => kind.ToString(),
    };

    public static string Subject(string school, CredentialChangeKind kind) => $"{school} : {Label(kind)}";

    /// <summary>The whole text for one recipient, who is one of the users (<see cref="NoticeSubject.Self"/>) and/or the legal representative of others.</summary>
    public static string Body(string school, CredentialChangeKind kind, DateTime at, string? by, IReadOnlyList<NoticeSubject> about, int lockoutMinutes)
    {
        var self = about.FirstOrDefault(s => s.Self);
        var children = about.Where(s => !s.Self).ToList();
        var when = When(at);
        var suffix = by is null ? string.Empty : " " + by;
        var text = new StringBuilder();
        text.Append(self is null ? "Madame, Monsieur," : $"Bonjour {self.Name},").Append("\n\n");
        if (self is not null)
        {
            text.Append(SelfSentence(kind, self, when, suffix, lockoutMinutes)).Append("\n\n");
        }

        if (children.Count > 0)
        {
            text.Append(ChildrenSentence(kind, children, when, suffix)).Append("\n\n");
        }

        text.Append(WhatToDo(kind, self is not null, children.Count > 0)).Append("\n\n");
        text.Append("-- \n");
        text.Append($"Médiathèque — {school}\n");
        text.Append("Ce message est envoyé automatiquement. Il ne contient jamais de mot de passe ni de lien de connexion, ");
        text.Append("et l'école ne vous en demandera jamais par courriel.\n");
        return text.ToString();
    }

    private static string SelfSentence(CredentialChangeKind kind, NoticeSubject self, string when, string by, int lockoutMinutes) => kind switch
    {
        CredentialChangeKind.PasswordReset =>
            $"Le mot de passe de votre compte Médiathèque (identifiant « {self.Login} ») a été réinitialisé {when}{by}.",
        CredentialChangeKind.PasswordSetByImport =>
            $"Le mot de passe de votre compte Médiathèque (identifiant « {self.Login} ») a été changé {when}{by}, lors de l'import de la liste des élèves.",
        CredentialChangeKind.LoginCardIssued =>
            $"Une carte de connexion (QR code) a été imprimée pour votre compte Médiathèque (identifiant « {self.Login} ») {when}{by} ; une carte imprimée avant elle ne fonctionne plus.",
        CredentialChangeKind.PictureSequenceIssued =>
            $"Une nouvelle séquence d'images de connexion a été attribuée à votre compte Médiathèque (identifiant « {self.Login} ») {when}{by} ; la précédente ne fonctionne plus.",
        _ =>
            $"Votre compte Médiathèque (identifiant « {self.Login} ») a été verrouillé {when}, pour {FrenchCount.Of(lockoutMinutes, "minute", "minutes")}, "
            + "après plusieurs essais de mot de passe erronés.",
    };

    private static string ChildrenSentence(CredentialChangeKind kind, IReadOnlyList<NoticeSubject> children, string when, string by)
    {
        var one = children.Count == 1;
        var names = Names(children);
        return kind switch
        {
            CredentialChangeKind.PasswordReset => one
                ? $"Le mot de passe Médiathèque de votre enfant {names} a été réinitialisé {when}{by}."
                : $"Les mots de passe Médiathèque de vos enfants {names} ont été réinitialisés {when}{by}.",
            CredentialChangeKind.PasswordSetByImport => one
                ? $"Le mot de passe Médiathèque de votre enfant {names} a été changé {when}{by}, lors de l'import de la liste des élèves."
                : $"Les mots de passe Médiathèque de vos enfants {names} ont été changés {when}{by}, lors de l'import de la liste des élèves.",
            CredentialChangeKind.LoginCardIssued => one
                ? $"Une carte de connexion (QR code) a été imprimée pour votre enfant {names} {when}{by} ; une carte imprimée avant elle ne fonctionne plus."
                : $"Des cartes de connexion (QR code) ont été imprimées pour vos enfants {names} {when}{by} ; les cartes imprimées avant elles ne fonctionnent plus.",
            _ => one
                ? $"Une nouvelle séquence d'images de connexion a été attribuée à votre enfant {names} {when}{by} ; la précédente ne fonctionne plus."
                : $"De nouvelles séquences d'images de connexion ont été attribuées à vos enfants {names} {when}{by} ; les précédentes ne fonctionnent plus.",
        };
    }

    private static string WhatToDo(CredentialChangeKind kind, bool self, bool children)
    {
        if (kind == CredentialChangeKind.LockedOut)
        {
            return "Si c'était vous, attendez la fin du verrouillage, ou demandez à un administrateur de la Médiathèque de débloquer votre compte. "
                + "Si ce n'était pas vous, quelqu'un a peut-être essayé de deviner votre mot de passe : prévenez sans attendre l'administrateur "
                + "de la Médiathèque de l'école, et changez votre mot de passe (« Changer mon mot de passe ») dès que vous pourrez vous connecter.";
        }

        var what = kind is CredentialChangeKind.LoginCardIssued or CredentialChangeKind.PictureSequenceIssued ? "la nouvelle carte" : "le nouveau mot de passe";
        var expected = self && !children
            ? $"Si vous attendiez ce changement, vous n'avez rien à faire : la personne qui l'a fait vous remet {what}."
            : $"Si vous attendiez ce changement (un mot de passe oublié, une carte perdue), vous n'avez rien à faire : l'école remet {what} à votre enfant.";
        return expected + " S'il vous surprend, prévenez sans attendre l'administrateur de la Médiathèque de l'école : "
            + "quelqu'un a peut-être accès au compte.";
    }

    /// <summary>« Marion BESSON », « Marion BESSON et Léo BESSON », « A, B et C ».</summary>
    private static string Names(IReadOnlyList<NoticeSubject> subjects)
    {
        var names = subjects.Select(s => s.Name).ToList();
        return names.Count == 1 ? names[0] : string.Join(", ", names[..^1]) + " et " + names[^1];
    }
}
