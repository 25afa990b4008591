using System.Security.Cryptography;
using System.Text;

namespace Mediatheque.Core.LoginCards;

/// <summary>
/// The secret a card carries: 144 random bits in URL-safe Base64 (24 characters, a small QR code).
/// With that much entropy a fast hash is enough to store it: no guess list exists to try against it.
/// </summary>
public static class LoginCardToken
{
    private const int Bytes = 18;

    public static string New() => Base64Url(RandomNumberGenerator.GetBytes(Bytes));

    public static string Hash(string token) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>Only what <see cref="New"/> makes: anything else is refused before the database is asked.</summary>
    public static bool LooksValid(string? token) =>
        token is { Length: 24 } && token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
