namespace Mediatheque.Core.Users;

/// <summary>Whether an action is allowed, and if not, the French sentence that says why.</summary>
public sealed record PolicyDecision(bool Allowed, string? Reason = null, string? Link = null)
{
    public static PolicyDecision Yes { get; } = new(true);

    public static PolicyDecision No(string reason, string? link = null) => new(false, reason, link);
}
