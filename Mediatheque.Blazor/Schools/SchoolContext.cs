using Mediatheque.Blazor.Account;
using Mediatheque.Core.Accounts;
using Mediatheque.Core.Schools;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace Mediatheque.Blazor.Schools;

/// <summary>Which school a page works in, among the signed-in person's schools.</summary>
/// <param name="Current">The school and the person's row there; null when the address names none of theirs.</param>
/// <param name="Places">Every school of the person, for the app bar.</param>
/// <param name="Asked">The school the address names (« /ecoles/3/… »); null for today's addresses.</param>
public sealed record SchoolChoice(SchoolPlace? Current, IReadOnlyList<SchoolPlace> Places, int? Asked)
{
    /// <summary>The address names a school the person does not work in (or that does not exist): the same answer for both.</summary>
    public bool Refused => Asked is not null && Current is null;

    /// <summary>Today's address of a school page, for a person of several schools: they choose.</summary>
    public bool MustChoose => Asked is null && Current is null && Places.Count > 1;

    /// <summary>The address's school if it is one of the person's; else, without a school in the address, their only one.</summary>
    public static SchoolChoice Of(IReadOnlyList<SchoolPlace> places, int? asked) =>
        new(asked is { } id ? places.FirstOrDefault(p => p.SchoolId == id) : places.Count == 1 ? places[0] : null, places, asked);
}

/// <summary>
/// The school of this circuit (or request): its address (SchoolAddress) and the signed-in person's rows, read once. Pages
/// name <see cref="ActorIdAsync"/> to Core, never the cookie's account: the row of this school is the one that acts,
/// and Core scopes everything to its school. A circuit never changes school (switching loads the other school's page).
/// </summary>
public sealed class SchoolContext(NavigationManager navigation, IServiceProvider services, MySchools schools)
{
    /// <summary>Read when first needed: a page that prints slips outside a signed-in circuit (a test) never asks it.</summary>
    private AuthenticationStateProvider Authentication => services.GetRequiredService<AuthenticationStateProvider>();

    private Task<SchoolChoice>? choice;

    /// <summary>The school once resolved (the layout resolves it before any page renders); null before, or when there is none.</summary>
    public SchoolPlace? Current { get; private set; }

    public Task<SchoolChoice> ResolveAsync() => choice ??= LoadAsync();

    /// <summary>The person's row in this school, the actor of every Core call; 0 (no one) when they have none here.</summary>
    public async Task<int> ActorIdAsync() => (await ResolveAsync()).Current?.UserId ?? 0;

    /// <summary>The same choice for an HTTP endpoint (the journal's export): its path base and its signed-in person.</summary>
    public static async Task<SchoolChoice> ForRequestAsync(HttpContext context)
    {
        var asked = SchoolAddress.SchoolOf(context.Request.PathBase.Value);
        var places = context.User.AccountId() is { } accountId
            ? await context.RequestServices.GetRequiredService<MySchools>().OfAsync(accountId, context.RequestAborted)
            : [];
        return SchoolChoice.Of(places, asked);
    }

    private async Task<SchoolChoice> LoadAsync()
    {
        var user = (await Authentication.GetAuthenticationStateAsync()).User;
        var asked = SchoolAddress.SchoolOf(navigation.BaseUri);
        var places = user.AccountId() is { } accountId ? await schools.OfAsync(accountId) : [];
        var resolved = SchoolChoice.Of(places, asked);
        Current = resolved.Current;
        return resolved;
    }

    /// <summary>Whether the signed-in person is a platform administrator (the app bar's link to the platform).</summary>
    public async Task<bool> IsPlatformAdministratorAsync() =>
        (await Authentication.GetAuthenticationStateAsync()).User.IsInRole(SignedInUser.PlatformAdministratorRole);
}
