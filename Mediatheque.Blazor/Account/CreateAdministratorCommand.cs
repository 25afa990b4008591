using System.Text;
using Mediatheque.Core.Accounts;

namespace Mediatheque.Blazor.Account;

/// <summary>
/// <c>dotnet run --project Mediatheque.Blazor -- --create-admin LOGIN</c>: creates the first administrator of a
/// new installation, asking for the password on the terminal (never on the command line, where it would
/// stay in the shell's history), then exits without serving.
/// </summary>
public static class CreateAdministratorCommand
{
    public const string Switch = "--create-admin";

    public static bool Requested(string[] args) => args.Contains(Switch);

    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        var index = Array.IndexOf(args, Switch);
        var login = index + 1 < args.Length ? args[index + 1] : Ask("Identifiant : ");
        Console.WriteLine($"Création de l'administrateur « {login} ».");
        var nom = Ask("Nom : ");
        var prenom = Ask("Prénom : ");
        var password = AskHidden("Mot de passe (au moins 12 caractères) : ");
        var confirmation = AskHidden("Confirmer le mot de passe : ");

        await using var scope = app.Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<FirstAdministrator>()
            .CreateAsync(login, nom, prenom, password, confirmation);
        Console.WriteLine(result.Succeeded
            ? $"L'administrateur « {login} » est créé. Lancez l'application et connectez-vous."
            : "Rien n'a été créé : " + result.Message);
        return result.Succeeded ? 0 : 1;
    }

    private static string Ask(string prompt)
    {
        Console.Write(prompt);
        return Console.ReadLine()?.Trim() ?? string.Empty;
    }

    private static string AskHidden(string prompt)
    {
        Console.Write(prompt);
        if (Console.IsInputRedirected)
        {
            return Console.ReadLine() ?? string.Empty;
        }

        var text = new StringBuilder();
        while (Console.ReadKey(intercept: true) is { Key: not ConsoleKey.Enter } key)
        {
            if (key.Key == ConsoleKey.Backspace && text.Length > 0)
            {
                text.Length--;
            }
            else if (!char.IsControl(key.KeyChar))
            {
                text.Append(key.KeyChar);
            }
        }

        Console.WriteLine();
        return text.ToString();
    }
}
