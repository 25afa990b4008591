using System.Reflection;

namespace Mediatheque.Tests.EndToEnd.Deployment;

/// <summary>
/// A wrong setting stops the app at start-up with one line naming it and exit code 1, before the database is touched
/// (the app as IT people run it: its own build, in Production, from a folder of its own).
/// </summary>
public sealed class StartupConfigurationTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("mediatheque-startup-").FullName;

    private string DatabaseFile => Path.Combine(folder, "mediatheque.db");

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task Without_a_public_address_production_stops_in_one_line_before_touching_the_database()
    {
        var (exitCode, output) = await StartAsync(new Dictionary<string, string>());

        Assert.Equal(1, exitCode);
        Assert.Equal(
            "Médiathèque cannot start: Mediatheque:PublicUrl must be the site's public address, e.g. https://mediatheque.ecole.fr (it is printed on credential slips).",
            output.Trim());
        Assert.False(File.Exists(DatabaseFile));
    }

    [Fact]
    public async Task A_malformed_uai_for_the_school_of_a_database_from_before_schools_stops_the_start_up_too()
    {
        var (exitCode, output) = await StartAsync(new Dictionary<string, string>
        {
            ["Mediatheque__PublicUrl"] = "https://mediatheque.ecole.fr",
            ["Mediatheque__School__Uai"] = "099900",
        });

        Assert.Equal(1, exitCode);
        var line = Assert.Single(output.Trim().Split('\n'));
        Assert.StartsWith("Médiathèque cannot start: Mediatheque:School:Uai must be a UAI", line);
        Assert.False(File.Exists(DatabaseFile));
    }

    private async Task<(int ExitCode, string Output)> StartAsync(Dictionary<string, string> settings)
    {
        var configuration = typeof(StartupConfigurationTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        var app = Path.Combine(PublishedApp.RepositoryRoot, "Mediatheque.Blazor", "bin", configuration, "net10.0", "Mediatheque.Blazor.dll");
        settings["ASPNETCORE_ENVIRONMENT"] = "Production";
        settings["ConnectionStrings__Mediatheque"] = $"Data Source={DatabaseFile}";
        await using var child = ChildProcess.Start("dotnet", [app], folder, settings);
        var exitCode = await child.ExitCodeAsync(TimeSpan.FromMinutes(2));
        return (exitCode, child.Output);
    }
}
