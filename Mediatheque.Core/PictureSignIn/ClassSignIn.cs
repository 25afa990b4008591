using Mediatheque.Core.Groups;

namespace Mediatheque.Core.PictureSignIn;

/// <summary>
/// « Connexion par images » turned on for a class: the row exists while it is on. The class's sign-in address
/// <c>{PublicUrl}/classe/{code}</c> carries a random code (<see cref="LoginCards.LoginCardToken"/>, 144 bits) of which
/// only the SHA-256 is kept; a new address replaces the hash, and the poster printed before finds no class.
/// </summary>
public class ClassSignIn
{
    public int GroupId { get; set; }

    public Group Group { get; set; } = null!;

    /// <summary>Lower-case hex SHA-256 of the code; unique, how the class page finds its class.</summary>
    public string CodeHash { get; set; } = string.Empty;

    public DateTime EnabledAt { get; set; }

    /// <summary>When the current address (and its poster) was made.</summary>
    public DateTime AddressIssuedAt { get; set; }
}
