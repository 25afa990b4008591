namespace Mediatheque.Core.Users;

/// <summary>
/// A pupil's legal representative of level 1 (« responsable légal », SIECLE's « niveau de responsabilité » 1), as far as
/// the Médiathèque needs one: to tell them when someone else changed their child's way in, when the school turns it on.
/// At most two per pupil, in the order of the school's list (« Email responsable 1 », « Email responsable 2 »). Shown to
/// the school's administrators only (<see cref="UserPolicy.CanSeeLegalRepresentatives"/>).
/// </summary>
public class LegalRepresentative
{
    public int Id { get; set; }

    public int UserId { get; set; }

    public User User { get; set; } = null!;

    /// <summary>1 or 2: which of the list's columns it came from.</summary>
    public int Position { get; set; }

    /// <summary>« Mme BESSON Claire »; null until a list gives it (the Médiathèque's CSV gives e-mails only).</summary>
    public string? Name { get; set; }

    public string? Email { get; set; }
}
