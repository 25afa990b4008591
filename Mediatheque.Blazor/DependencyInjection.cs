using System.Globalization;
using Mediatheque.Blazor.Account;
using Mediatheque.Blazor.Components;
using Mediatheque.Blazor.Deployment;
using Mediatheque.Core.Demo;
using Mediatheque.Core.Persistence;
using Mediatheque.Blazor.Localization;
using Mediatheque.Blazor.Security;
using MudBlazor;
using MudBlazor.Services;

namespace Mediatheque.Blazor;

public static class DependencyInjection
{
    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    public static void AddMediathequeWeb(this WebApplicationBuilder builder)
    {
        // The whole interface speaks French: dates, numbers (« 1 234 »), plurals.
        CultureInfo.DefaultThreadCurrentCulture = French;
        CultureInfo.DefaultThreadCurrentUICulture = French;

        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddMudServicesInFrench();
        builder.Services.AddScoped<Components.Shared.SchoolInfo>();
        builder.AddAccounts();
        builder.AddDeployment();
        builder.AddSecurityHeaders();
    }

    /// <summary>MudBlazor, its own texts (sort, pager, « Fermer »…) in French; bUnit tests use this too.</summary>
    public static IServiceCollection AddMudServicesInFrench(this IServiceCollection services)
    {
        services.AddMudServices();
        services.AddTransient<MudLocalizer, FrenchMudLocalizer>();
        return services;
    }

    /// <summary>
    /// Migrates the database; in Development only, seeds the demo school into an empty one. False, after one line
    /// on the error output, when the database cannot be used at all (unknown provider, server not answering).
    /// </summary>
    public static async Task<bool> TryInitializeDatabaseAsync(this WebApplication app)
    {
        try
        {
            await using var scope = app.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync();
            if (app.Environment.IsDevelopment())
            {
                await scope.ServiceProvider.GetRequiredService<DemoSchool>().SeedIfEmptyAsync();
            }

            return true;
        }
        catch (DatabaseStartupException e)
        {
            await Console.Error.WriteLineAsync("Médiathèque cannot start: " + e.Message);
            return false;
        }
    }

    public static void UseMediathequeWeb(this WebApplication app)
    {
        app.UseSecurityHeaders();
        app.UseDeployment();
        // The journal's client address, once the forwarded headers have said who the client is.
        ClientAddressCapture.UseClientAddressCapture(app);
        // Never a stack trace on a page, Development included.
        app.UseExceptionHandler("/erreur", createScopeForErrors: true);
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
            app.UseHttpsRedirection();
        }

        app.UseStatusCodePagesWithReExecute("/introuvable", createScopeForStatusCodePages: true);
        app.UseRequestLocalization(options =>
        {
            options.DefaultRequestCulture = new Microsoft.AspNetCore.Localization.RequestCulture(French);
            options.SupportedCultures = [French];
            options.SupportedUICultures = [French];
        });
        app.UseAuthentication();
        // After authentication: « Changer mon mot de passe » is limited per signed-in user.
        app.UseRateLimiter();
        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapStaticAssets();
        app.MapAccountEndpoints();
        // The frame-ancestors rule is in our one Content-Security-Policy (SecurityHeaders), not in a second header.
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode(server => server.ContentSecurityFrameAncestorsPolicy = null);
    }
}
