using Mediatheque.Core.AccountStates;
using Mediatheque.Core.Accounts;
using Mediatheque.Core.Annuaire;
using Mediatheque.Core.Audit;
using Mediatheque.Core.Backups;
using Mediatheque.Core.Demo;
using Mediatheque.Core.Import;
using Mediatheque.Core.Jobs;
using Mediatheque.Core.LoginCards;
using Mediatheque.Core.Notices;
using Mediatheque.Core.Passwords;
using Mediatheque.Core.PictureSignIn;
using Mediatheque.Core.Persistence;
using Mediatheque.Core.Schools;
using Mediatheque.Core.Users;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Mediatheque.Core;

public static class DependencyInjection
{
    public static IServiceCollection AddMediathequeCore(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(configuration);
        services.AddMediathequeDatabase();

        services.AddOptions<PasswordOptions>().Bind(configuration.GetSection(PasswordOptions.Section))
            .Validate(o => o.WorkFactor is >= 4 and <= 31, "Mediatheque:Passwords:WorkFactor must be between 4 and 31.")
            .Validate(o => o.MaxLength is > 0 and <= 64, "Mediatheque:Passwords:MaxLength must be at most 64.")
            .Validate(o => o.InitialPasswordDays > 0, "Mediatheque:Passwords:InitialPasswordDays must be at least 1.")
            .ValidateOnStart();
        services.AddOptions<SignInOptions>().Bind(configuration.GetSection(SignInOptions.Section))
            .Validate(o => o.MaxFailedAttempts > 0 && o.LockoutMinutes > 0, "Mediatheque:SignIn:MaxFailedAttempts and LockoutMinutes must be positive.")
            .ValidateOnStart();
        services.AddOptions<PolicyOptions>().Bind(configuration.GetSection(PolicyOptions.Section));
        services.AddOptions<MigratedSchoolOptions>()
            .Configure(o => (o.Name, o.Uai) = (configuration["Mediatheque:SchoolName"], configuration["Mediatheque:School:Uai"]))
            .Validate(o => o.HasValidUai, "Mediatheque:School:Uai must be a UAI: seven digits then a capital letter, e.g. 0999001A.")
            .ValidateOnStart();
        services.AddOptions<ImportOptions>().Bind(configuration.GetSection(ImportOptions.Section))
            .Validate(o => o.MaxFileSizeMegabytes is > 0 and <= 100, "Mediatheque:Import:MaxFileSizeMegabytes must be between 1 and 100.");
        services.AddOptions<AnnuaireOptions>().Bind(configuration.GetSection(AnnuaireOptions.Section))
            .Validate(o => o.Ldap.PageSize is > 0 and <= 10_000, "Mediatheque:Annuaire:Ldap:PageSize must be between 1 and 10000.")
            .Validate(o => o.Ldap.SyncMinutes > 0, "Mediatheque:Annuaire:Ldap:SyncMinutes must be positive.")
            .Validate(o => o.Ldap.TimeoutSeconds > 0, "Mediatheque:Annuaire:Ldap:TimeoutSeconds must be positive.")
            .Validate(o => !o.UsesLdap || !string.IsNullOrWhiteSpace(o.Ldap.BaseDn), "Mediatheque:Annuaire:Ldap:BaseDn is required with Ldap:Url.")
            .ValidateOnStart();
        services.AddOptions<LoginCardOptions>().Bind(configuration.GetSection(LoginCardOptions.Section))
            .Validate(o => o.ValidDays is > 0 and <= 3650, "Mediatheque:LoginCards:ValidDays must be between 1 and 3650.");
        services.AddOptions<MailOptions>().Bind(configuration.GetSection(MailOptions.Section))
            .Validate(o => !o.IsConfigured || SmtpOptions.IsValidFrom(o.Smtp.From),
                "Mediatheque:Mail:Smtp:From must be an e-mail address (« Médiathèque <ne-pas-repondre@ecole.fr> ») when Mediatheque:Mail:Smtp:Host is set.")
            .Validate(o => o.Smtp.Port is >= 0 and <= 65535, "Mediatheque:Mail:Smtp:Port must be between 1 and 65535 (0: the usual port).")
            .Validate(o => o.PollSeconds > 0 && o.RetrySeconds > 0 && o.MaxRetryMinutes > 0 && o.GiveUpHours > 0,
                "Mediatheque:Mail:PollSeconds, RetrySeconds, MaxRetryMinutes and GiveUpHours must be positive.")
            .ValidateOnStart();
        services.AddOptions<BackupOptions>().Bind(configuration.GetSection(BackupOptions.Section))
            .Validate(o => o.Keep is > 0 and <= 1000, "Mediatheque:Backups:Keep must be between 1 and 1000.")
            .ValidateOnStart();
        services.AddOptions<DailyJobOptions>().Bind(configuration.GetSection(DailyJobOptions.Section))
            .Validate(o => o.HasValidTime, "Mediatheque:DailyJob:At must be a time of day, HH:mm (e.g. 02:30).")
            .ValidateOnStart();

        services.AddSingleton(TimeProvider.System);
        services.AddScoped<ClientAddress>();
        services.AddScoped<AuditLog>();
        services.AddSingleton<PasswordHasher>();
        services.AddSingleton<PasswordPolicy>();
        services.AddSingleton<PasswordGenerator>();
        services.AddSingleton<Lockout>();
        services.AddSingleton<UserPolicy>();
        services.AddScoped<PasswordService>();
        services.AddScoped<SignInService>();
        services.AddScoped<SessionStore>();
        services.AddScoped<FirstAdministrator>();
        services.AddScoped<UserEditor>();
        services.AddScoped<Journal>();
        services.AddScoped<SchoolStatistics>();
        services.AddScoped<ImportService>();
        services.AddScoped<UserFinder>();
        services.AddScoped<BulkPasswordReset>();
        services.AddScoped<LoginCardService>();
        services.AddScoped<PictureSignInService>();
        services.AddScoped<PictureSignInSetup>();
        services.AddScoped<DatabaseInitializer>();
        services.AddSingleton<SchoolSetup>();
        services.AddScoped<MySchools>();
        services.AddScoped<Platform>();
        services.AddScoped<DemoSchool>();
        services.AddSingleton<AnnuaireConnection>();
        services.AddScoped<JobLeases>();
        services.AddScoped<AnnuaireSync>();
        services.AddSingleton<SignInPasswordCheck>();
        services.AddHostedService<AnnuaireSchedule>();
        services.AddScoped<LegalRepresentatives>();
        services.AddSingleton<NoticeSignal>();
        services.AddSingleton<NoticeOutbox>();
        services.AddSingleton<NoticeSettingsStore>();
        services.AddSingleton<NoticeComposer>();
        services.AddSingleton<SmtpMailer>();
        services.AddScoped<NoticeDelivery>();
        services.AddScoped<NoticeSettingsService>();
        services.AddHostedService<NoticeSender>();
        services.AddScoped<AccountStateJob>();
        services.AddScoped<SchoolPeriods>();
        services.AddScoped<DatabaseBackup>();
        services.AddHostedService<DailySchedule>();
        return services;
    }
}
