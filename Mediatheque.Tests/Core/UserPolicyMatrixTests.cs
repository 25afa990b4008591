using Mediatheque.Core.Annuaire;
using Mediatheque.Core.Passwords;
using Mediatheque.Core.Schools;
using Mediatheque.Core.Users;
using Microsoft.Extensions.Options;

namespace Mediatheque.Tests.Core;

/// <summary>
/// PRODUCT.md's table, cell by cell: every actor profile × target profile × source × scope ×
/// directory setting. The expectations are written out here, not computed by the code under test.
/// </summary>
public sealed class UserPolicyMatrixTests
{
    // Who may reset whose password by role alone (F051 and PRODUCT.md). Teacher → pupil needs scope.
    private static readonly Dictionary<(Profil Actor, Profil Target), bool> ResetByRole = new()
    {
        [(Profil.Eleve, Profil.Eleve)] = false,
        [(Profil.Eleve, Profil.Enseignant)] = false,
        [(Profil.Eleve, Profil.AdministrateurSecondaire)] = false,
        [(Profil.Eleve, Profil.Administrateur)] = false,
        [(Profil.Enseignant, Profil.Eleve)] = true, // within scope only
        [(Profil.Enseignant, Profil.Enseignant)] = false,
        [(Profil.Enseignant, Profil.AdministrateurSecondaire)] = false,
        [(Profil.Enseignant, Profil.Administrateur)] = false,
        [(Profil.AdministrateurSecondaire, Profil.Eleve)] = true,
        [(Profil.AdministrateurSecondaire, Profil.Enseignant)] = true,
        [(Profil.AdministrateurSecondaire, Profil.AdministrateurSecondaire)] = false,
        [(Profil.AdministrateurSecondaire, Profil.Administrateur)] = false,
        [(Profil.Administrateur, Profil.Eleve)] = true,
        [(Profil.Administrateur, Profil.Enseignant)] = true,
        [(Profil.Administrateur, Profil.AdministrateurSecondaire)] = true,
        [(Profil.Administrateur, Profil.Administrateur)] = true,
    };

    // Edit (and deactivate): administrators only, as in the table; never by teachers or pupils.
    private static readonly Dictionary<Profil, Profil[]> EditByRole = new()
    {
        [Profil.Eleve] = [],
        [Profil.Enseignant] = [],
        [Profil.AdministrateurSecondaire] = [Profil.Eleve, Profil.Enseignant],
        [Profil.Administrateur] = [Profil.Eleve, Profil.Enseignant, Profil.AdministrateurSecondaire, Profil.Administrateur],
    };

    public static TheoryData<Profil, Profil, UserSource, bool, bool> EveryCase()
    {
        var data = new TheoryData<Profil, Profil, UserSource, bool, bool>();
        foreach (var actor in Enum.GetValues<Profil>())
        foreach (var target in Enum.GetValues<Profil>())
        foreach (var source in Enum.GetValues<UserSource>())
        foreach (var inScope in new[] { true, false })
        foreach (var directory in new[] { true, false })
        {
            data.Add(actor, target, source, inScope, directory);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryCase))]
    public void Reset_follows_the_table(Profil actorProfil, Profil targetProfil, UserSource source, bool inScope, bool directoryOn)
    {
        var policy = Policy(directoryOn);
        var actor = new User { Id = 1, Nom = "A", Prenom = "a", Login = "a", Profil = actorProfil };
        var target = new User { Id = 2, Nom = "B", Prenom = "b", Login = "b", Profil = targetProfil, Source = source };

        var decision = policy.CanResetPassword(actor, target, inScope);

        var byRole = ResetByRole[(actorProfil, targetProfil)] && (actorProfil != Profil.Enseignant || inScope);
        var directoryOwns = directoryOn && source == UserSource.Annuaire;
        Assert.Equal(byRole && !directoryOwns, decision.Allowed);
        if (!decision.Allowed)
        {
            Assert.False(string.IsNullOrWhiteSpace(decision.Reason));
        }

        if (byRole && directoryOwns)
        {
            Assert.Equal(
                "Le mot de passe de cet utilisateur est géré par l'annuaire fédérateur « ENT Occitanie ». Réinitialisez-le dans l'annuaire.",
                decision.Reason);
            Assert.Equal("https://ent.example.fr/mot-de-passe", decision.Link);
        }

        // Editing never depends on scope; directory users keep their non-identity fields editable.
        var editable = policy.EditableFields(actor, target, inScope);
        var mayEdit = EditByRole[actorProfil].Contains(targetProfil);
        Assert.Equal(mayEdit, policy.CanEdit(actor, target).Allowed);
        Assert.Equal(mayEdit, editable.HasFlag(UserField.NetworkFolder));
        Assert.Equal(mayEdit && !directoryOwns, editable.HasFlag(UserField.Nom));
        Assert.Equal(decision.Allowed, editable.HasFlag(UserField.Password));
    }

    [Theory]
    [InlineData(Profil.Enseignant)]
    [InlineData(Profil.AdministrateurSecondaire)]
    [InlineData(Profil.Administrateur)]
    public void Nobody_resets_their_own_password_through_the_reset(Profil profil)
    {
        var me = new User { Id = 7, Nom = "M", Prenom = "m", Login = "m", Profil = profil };

        var decision = Policy(directoryOn: false).CanResetPassword(me, me, sharesGroup: true);

        Assert.False(decision.Allowed);
        Assert.Equal("Pour changer votre propre mot de passe, utilisez « Changer mon mot de passe ».", decision.Reason);
    }

    [Fact]
    public void A_teacher_gets_one_refusal_whoever_is_outside_her_scope()
    {
        var paquay = new User { Id = 1, Nom = "PAQUAY", Prenom = "Sophie", Login = "paquay", Profil = Profil.Enseignant };
        var outside = new[]
        {
            (new User { Id = 2, Nom = "DURAND", Prenom = "Julien", Login = "durand", Profil = Profil.Enseignant }, true),
            (new User { Id = 3, Nom = "LEBRUN", Prenom = "Claire", Login = "admin", Profil = Profil.Administrateur }, false),
            (new User { Id = 4, Nom = "MOREAU", Prenom = "Pascal", Login = "sec", Profil = Profil.AdministrateurSecondaire }, false),
            (new User { Id = 5, Nom = "MARTIN", Prenom = "Lucas", Login = "ml", Profil = Profil.Eleve }, false),
        };

        var reasons = outside.Select(o => Policy(directoryOn: false).CanResetPassword(paquay, o.Item1, o.Item2).Reason).Distinct().ToList();

        Assert.Equal([UserPolicy.NotVisibleReason], reasons);
    }

    [Fact]
    public void The_whole_school_setting_widens_a_teachers_scope_to_every_pupil_but_not_to_staff()
    {
        // The setting is the teacher's school's (each school keeps its own).
        var policy = Policy(directoryOn: false);
        var widened = new School { Name = "Collège Jean-Moulin", TeacherScope = TeacherScope.WholeSchool };
        var teacher = new User { Id = 1, Nom = "T", Prenom = "t", Login = "t", Profil = Profil.Enseignant, School = widened };
        var ownGroups = new User { Id = 4, Nom = "O", Prenom = "o", Login = "o", Profil = Profil.Enseignant, School = new School { Name = "Jules-Ferry" } };
        var pupil = new User { Id = 2, Nom = "P", Prenom = "p", Login = "p", Profil = Profil.Eleve };
        var colleague = new User { Id = 3, Nom = "C", Prenom = "c", Login = "c", Profil = Profil.Enseignant };

        Assert.True(policy.CanResetPassword(teacher, pupil, sharesGroup: false).Allowed);
        Assert.False(policy.CanResetPassword(ownGroups, pupil, sharesGroup: false).Allowed);
        Assert.False(policy.CanResetPassword(teacher, colleague, sharesGroup: true).Allowed);
    }

    [Fact]
    public void A_deactivated_actor_may_do_nothing()
    {
        var admin = new User { Id = 1, Nom = "A", Prenom = "a", Login = "a", Profil = Profil.Administrateur, IsActive = false };
        var pupil = new User { Id = 2, Nom = "P", Prenom = "p", Login = "p", Profil = Profil.Eleve };

        var policy = Policy(directoryOn: false);

        Assert.False(policy.CanSee(admin, pupil, sharesGroup: true));
        Assert.False(policy.CanResetPassword(admin, pupil, sharesGroup: true).Allowed);
        Assert.False(policy.CanEdit(admin, pupil).Allowed);
        Assert.False(policy.CanUnlock(admin, pupil, sharesGroup: true).Allowed);
        Assert.False(policy.CanAdminister(admin));
        Assert.Empty(policy.AssignableProfiles(admin));
    }

    [Fact]
    public void A_secondary_administrator_may_not_hand_out_administrator_profiles()
    {
        var secondaire = new User { Id = 1, Nom = "S", Prenom = "s", Login = "s", Profil = Profil.AdministrateurSecondaire };

        Assert.Equal([Profil.Eleve, Profil.Enseignant], Policy(directoryOn: false).AssignableProfiles(secondaire));
    }

    private static UserPolicy Policy(bool directoryOn) => new(
        Options.Create(new AnnuaireOptions
        {
            Enabled = directoryOn, Name = "ENT Occitanie", PasswordPageUrl = "https://ent.example.fr/mot-de-passe",
        }));
}
