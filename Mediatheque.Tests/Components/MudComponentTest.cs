using Bunit;
using Mediatheque.Blazor;
using Mediatheque.Blazor.Account;
using System.Security.Claims;
using Mediatheque.Blazor.Components.Shared;
using Mediatheque.Blazor.Components.Slips;
using Mediatheque.Blazor.Deployment;
using Mediatheque.Core;
using Mediatheque.Core.Users;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace Mediatheque.Tests.Components;

/// <summary>
/// The one bUnit base: MudBlazor services, loose JS interop, the popover and dialog providers,
/// and a real migrated SQLite database behind the Core services the components call.
/// </summary>
public abstract class MudComponentTest : BunitContext, IAsyncLifetime
{
    /// <summary>The site's configured public address, as a deployment sets it: slips print it.</summary>
    protected const string PublicUrl = "https://mediatheque.ecole-test.fr";

    protected TestDatabase Database { get; private set; } = null!;

    /// <summary>Configuration keys for the database and services (e.g. the federated directory).</summary>
    protected virtual IDictionary<string, string?>? Settings => null;

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync(Settings);
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServicesInFrench();
        Services.AddLogging();
        // The same SQLite file as Database: components and test assertions see one database.
        Services.AddMediathequeCore(Database.Configuration);
        Services.Configure<SiteOptions>(site => site.PublicUrl = PublicUrl);
        Services.AddSingleton<PublicAddress>();
        Services.AddScoped<SchoolInfo>();
        Services.AddScoped<Mediatheque.Blazor.Schools.SchoolContext>();
        Services.AddScoped<CredentialHandover>();
    }

    /// <summary>Where open lists and menus are drawn (MudSelect's, MudAutocomplete's choices): set by <see cref="RenderProviders"/>.</summary>
    protected IRenderedComponent<MudPopoverProvider> Popovers { get; private set; } = null!;

    /// <summary>Renders the MudBlazor providers once, as MainLayout does, so dialogs and popovers open.</summary>
    protected IRenderedComponent<MudDialogProvider> RenderProviders()
    {
        Popovers = Render<MudPopoverProvider>();
        return Render<MudDialogProvider>();
    }

    /// <summary>Signs the rendered components in as this user (claims as the sign-in page writes them).</summary>
    protected void SignInAs(User user)
    {
        var authorization = AddAuthorization();
        var row = new Mediatheque.Core.Accounts.AccountRow(user.Id, user.SchoolId, user.Profil, user.IsActive, user.Source, user.FullName);
        var principal = UserPrincipal.Create(Mediatheque.Core.Accounts.SignedInUser.Of(user.Account, [row]), "bunit-session");
        authorization.SetAuthorized(user.Login);
        // Roles before claims: in bUnit 2.15, SetRoles after SetClaims drops the claims (the user id among them).
        authorization.SetRoles(user.Profil.ToString());
        authorization.SetClaims([.. principal.Claims.Where(c => c.Type is not (ClaimTypes.Name or ClaimTypes.Role))]);
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await Database.DisposeAsync();
    }
}
