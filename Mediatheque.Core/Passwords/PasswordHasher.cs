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

    /// <summary>
    /// Many hashes at once (an import, a class's reset): on every core, off the caller's (circuit's) thread,
    /// calling <paramref name="progress"/> (from any thread) with how many are done, about 200 times in all, and stopping at once when cancelled.
    /// </summary>
    public Task<string?[]> HashAllAsync<T>(
        IReadOnlyList<T> items, Func<T, string?> hash, Action<int>? progress, CancellationToken cancellationToken)
    {
        var hashes = new string?[items.Count];
        if (items.Count == 0)
        {
            return Task.FromResult(hashes);
        }

        var done = 0;
        var step = Math.Max(1, items.Count / 200);
        progress?.Invoke(0);
        return Task.Run(() =>
        {
            var parallel = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken };
            Parallel.For(0, items.Count, parallel, i =>
            {
                hashes[i] = hash(items[i]);
                var count = Interlocked.Increment(ref done);
                if (count % step == 0 || count == items.Count)
                {
                    progress?.Invoke(count);
                }
            });
            return hashes;
        }, cancellationToken);
    }

    private Lazy<string> DummyHash { get; } = new(() =>
        BC.EnhancedHashPassword(Guid.NewGuid().ToString(), BCrypt.Net.HashType.SHA384, options.Value.WorkFactor));
}
