using Microsoft.Extensions.Options;
using BC = BCrypt.Net.BCrypt;

namespace Mediatheque.Core.Passwords;

/// <summary>
/// BCrypt with the SHA-384 pre-hash ("enhanced"): plain BCrypt silently ignores everything past
/// 72 bytes, so two long passphrases sharing a prefix would be the same password.
/// </summary>
public sealed class PasswordHasher(IOptions<PasswordOptions> options)
{
    public string Hash(string password) =>
        BC.EnhancedHashPassword(password, BCrypt.Net.HashType.SHA384, options.Value.WorkFactor);

    public bool Verify(string password, string? hash)
    {
        if (string.IsNullOrEmpty(hash))
        {
            // Same work as a real check, so an account without a password is not told apart by timing.
            BC.EnhancedVerify(password, DummyHash.Value, BCrypt.Net.HashType.SHA384);
            return false;
        }

        try
        {
            return BC.EnhancedVerify(password, hash, BCrypt.Net.HashType.SHA384);
        }
        catch (BCrypt.Net.SaltParseException)
        {
            return false;
        }
    }

    /// <summary>Hashing is deliberately slow: keep it off the Blazor circuit's thread.</summary>
    public Task<string> HashAsync(string password) => Task.Run(() => Hash(password));

    public Task<bool> VerifyAsync(string password, string? hash) => Task.Run(() => Verify(password, hash));

    private Lazy<string> DummyHash { get; } = new(() =>
        BC.EnhancedHashPassword(Guid.NewGuid().ToString(), BCrypt.Net.HashType.SHA384, options.Value.WorkFactor));
}
