using Mediatheque.Core.Accounts;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;

namespace Mediatheque.Blazor.Account;

/// <summary>
/// An open circuit re-checks its user every minute: deactivated, or password set by someone
/// else (new security stamp), and the session ends (PRODUCT.md).
/// </summary>
internal sealed class SessionRevalidation(ILoggerFactory loggerFactory, IServiceScopeFactory scopeFactory)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromMinutes(1);

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        if (authenticationState.User.UserId() is not { } userId)
        {
            return false;
        }

        await using var scope = scopeFactory.CreateAsyncScope();
        var signIn = scope.ServiceProvider.GetRequiredService<SignInService>();
        return await signIn.RevalidateAsync(userId, authenticationState.User.SecurityStamp(), cancellationToken) is not null;
    }
}
