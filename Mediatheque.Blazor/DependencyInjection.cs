using System.Globalization;
using Mediatheque.Blazor.Account;
using Mediatheque.Blazor.Components;
using Mediatheque.Blazor.Components.Journal;
using Mediatheque.Blazor.Deployment;
using Mediatheque.Core.Demo;
using Mediatheque.Core.Persistence;
using Mediatheque.Blazor.Localization;
using Mediatheque.Blazor.Schools;
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

        builder.Services.AddRazorComponents().AddInteractiveServerComponents(CircuitLimits)
            // Uploads (photo, pupils' list) stream in chunks of min(this, 50 KB) − 512 bytes: the default 32 KB gave
            // 31.5 KB chunks, 50 KB reaches Blazor's own 49.5 KB cap (a 5 MB list in ~100 messages instead of ~160).
            // Nothing else the app receives is larger than a few hundred bytes (events, interop results), and a
            // larger limit would only let any client make the server buffer more per message.
            .AddHubOptions(hub => hub.MaximumReceiveMessageSize = 50 * 1024);
        builder.Services.AddMudServicesInFrench();
        builder.Services.AddScoped<Components.Shared.SchoolInfo>();
        // The school of each circuit and request, from its address (SchoolAddress).
        builder.Services.AddScoped<Schools.SchoolContext>();
        // Passwords and card tokens waiting to be printed: this circuit's memory only.
        builder.Services.AddScoped<Components.Slips.CredentialHandover>();
        builder.AddAccounts();
        builder.AddDeployment();
        builder.AddHttpsOnly();
        builder.AddSecurityHeaders();
    }

    /// <summary>MudBlazor, its own texts (sort, pager, « Fermer »…) in French; bUnit tests use this too.</summary>
    public static IServiceCollection AddMudServicesInFrench(this IServiceCollection services)
    {
        // Bottom left: a confirmation never covers the page header's « précédent / suivant » (top right).
        services.AddMudServices(options => options.SnackbarConfiguration.PositionClass = Defaults.Classes.Position.BottomLeft);
        services.AddTransient<MudLocalizer, FrenchMudLocalizer>();
        return services;
    }

    /// <summary>
    /// What bounds a node (issue 15, `dotnet run -c Release --project Mediatheque.Benchmarks -- capacity`): an open grid
    /// tab holds about 1.7 MB of managed heap (Release), a closed tab is freed at once (Blazor's unload beacon), and
    /// only circuits whose connection dropped (Wi-Fi, a laptop put to sleep) wait here to be resumed.
    /// </summary>
    private static void CircuitLimits(Microsoft.AspNetCore.Components.Server.CircuitOptions options)
    {
        // A school's Wi-Fi dropping all its tabs at once can resume them all. An open grid tab holds 0.56–0.65 MB of
        // managed heap (capacity benchmark, 25–400 circuits, README « Benchmarks »), so 250 waiting tabs hold ~160 MB
        // at most, and one node carried 400 typing tabs with the 250 ms debounce plus 7 ms at the median.
        options.DisconnectedCircuitMaxRetained = 250;
        // The list's filters, sort and page live in the URL, so a reload after this loses nothing but a half-filled
        // dialog: two minutes covers a network blip and frees the memory of gone tabs sooner than the default three.
        options.DisconnectedCircuitRetentionPeriod = TimeSpan.FromMinutes(2);
        // Round trips take well under a second (p95 keystroke → count 266 ms with 50 tabs typing, 2-core machine); the longest
        // legitimate wait is window.print(), which blocks the page's script while the print dialog is open: a minute.
        options.JSInteropDefaultCallTimeout = TimeSpan.FromMinutes(1);
    }

    /// <summary>
    /// Checks the configuration, then migrates the database and loads the shared key ring; in Development only, seeds
    /// the demo schools into an empty one. False, after one line on the error output naming the setting, when the
    /// configuration is wrong (checked first: the database is not touched) or the database cannot be used at all
    /// (unknown provider, server not answering).
    /// </summary>
    public static async Task<bool> TryInitializeDatabaseAsync(this WebApplication app)
    {
        if (ConfigurationError(app) is { } error)
        {
            await Console.Error.WriteLineAsync("Médiathèque cannot start: " + error);
            return false;
        }

        try
        {
            await using var scope = app.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync();
            app.LoadKeyRing();
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

    /// <summary>
    /// Every setting checked at start-up (ValidateOnStart: the public address, the directory, the passwords…), now rather
    /// than when the host starts serving, after the migrations. Their messages name the setting; several are one line.
    /// </summary>
    private static string? ConfigurationError(WebApplication app)
    {
        try
        {
            app.Services.GetRequiredService<Microsoft.Extensions.Options.IStartupValidator>().Validate();
            return null;
        }
        catch (Exception e) when (e is Microsoft.Extensions.Options.OptionsValidationException or AggregateException)
        {
            var failures = (e is AggregateException all ? all.Flatten().InnerExceptions : [e])
                .OfType<Microsoft.Extensions.Options.OptionsValidationException>()
                .SelectMany(f => f.Failures)
                .Distinct();
            return string.Join(" ", failures).ReplaceLineEndings(" ");
        }
    }

    public static void UseMediathequeWeb(this WebApplication app)
    {
        // The school in the address becomes the path base before anything routes (SchoolAddress); routing right after
        // it, explicitly, or WebApplication would match endpoints on the whole path first.
        app.UseSchoolAddresses();
        app.UseRouting();
        app.UseSecurityHeaders();
        app.UseDeployment();
        // The journal's client address, once the forwarded headers have said who the client is.
        ClientAddressCapture.UseClientAddressCapture(app);
        // Never a stack trace on a page, Development included.
        app.UseExceptionHandler("/erreur", createScopeForErrors: true);
        app.UseHttpsOnly();

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
        app.MapHealth();
        app.MapAccountEndpoints();
        app.MapLoginCards();
        app.MapClassPhotos();
        app.MapJournalExport();
        // The frame-ancestors rule is in our one Content-Security-Policy (SecurityHeaders), not in a second header.
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode(server => server.ContentSecurityFrameAncestorsPolicy = null);
    }
}
