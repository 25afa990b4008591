namespace Mediatheque.Core.LoginCards;

public sealed class LoginCardOptions
{
    public const string Section = "Mediatheque:LoginCards";

    /// <summary>QR sign-in cards for pupils; off, no card is printed and no card signs in.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How long a printed card signs its pupil in.</summary>
    public int ValidDays { get; set; } = 365;
}
