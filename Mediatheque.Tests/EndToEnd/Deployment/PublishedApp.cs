using System.Reflection;

namespace Mediatheque.Tests.EndToEnd.Deployment;

/// <summary>
/// The app as `dotnet publish` lays it out, made once per test run from this build's output (`--no-build`: no second
/// compile), into the test output's « published-app » folder (replaced on every run).
/// </summary>
public static class PublishedApp
{
    private static readonly Lazy<Task<string>> Folder = new(PublishAsync);

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static Task<string> FolderAsync() => Folder.Value;

    private static async Task<string> PublishAsync()
    {
        var output = Path.Combine(AppContext.BaseDirectory, "published-app");
        TryDelete(output);
        var configuration = typeof(PublishedApp).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        await ChildProcess.RunAsync("dotnet",
            [
                "publish", Path.Combine(RepositoryRoot, "Mediatheque.Blazor", "Mediatheque.Blazor.csproj"),
                "--no-build", "-c", configuration, "-o", output, "-nodeReuse:false", "-p:UseSharedCompilation=false",
            ],
            TimeSpan.FromMinutes(5));
        return output;
    }

    internal static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // Not there, or a file still open: the system's temporary folder is cleaned anyway.
        }
    }

    private static string FindRepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Mediatheque.Blazor.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("Mediatheque.Blazor.sln not found above " + AppContext.BaseDirectory);
    }
}
