using Mediatheque.Core.Accounts;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;

namespace Mediatheque.Blazor.Account;

/// <summary>
/// An open circuit re-checks its session every minute, by the same rule as every request (Sessions): signed out
/// elsewhere, expired, idle, deactivated, security stamp renewed (password set by someone else, profile or scope
/// changed) or profile no longer the one the page was opened with, and the circuit is signed out (PRODUCT.md).
/// Meanwhile every Core service reads the actor from the database anyway, so nothing waits for this minute.
/// </summary>
internal sealed class SessionRevalidation(ILoggerFactory loggerFactory, IServiceScopeFactory scopeFactory)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromMinutes(1);

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        var user = authenticationState.User;
        if (user.AccountId() is not { } accountId)
        {
            return false;
        }

        await using var scope = scopeFactory.CreateAsyncScope();
        var current = await scope.ServiceProvider.GetRequiredService<SessionStore>()
            .ValidateAsync(user.SessionToken(), accountId, user.SecurityStamp(), cancellationToken);
        return current is not null && current.Roles.SequenceEqual(user.Roles());
    }
}
