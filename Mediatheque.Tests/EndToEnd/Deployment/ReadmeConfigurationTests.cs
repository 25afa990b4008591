using System.Text.RegularExpressions;

namespace Mediatheque.Tests.EndToEnd.Deployment;

/// <summary>
/// What an IT person copies: the node's settings file (deploy/mediatheque.env) holds every key the README's
/// « Configuration » table names, and names no key the table does not explain (issue 27).
/// </summary>
public sealed partial class ReadmeConfigurationTests
{
    private static readonly string Root = PublishedApp.RepositoryRoot;

    [Fact]
    public void Every_key_of_the_readme_configuration_table_is_in_the_env_template()
    {
        var template = EnvTemplateKeys();

        var missing = ReadmeKeys().Where(key => !template.Contains(key)).ToList();

        Assert.True(missing.Count == 0, "Not in deploy/mediatheque.env: " + string.Join(", ", missing));
    }

    [Fact]
    public void Every_key_of_the_env_template_is_explained_in_the_readme_configuration_table()
    {
        var readme = ReadmeKeys();

        // ASPNETCORE_URLS is ASP.NET Core's own, explained where the template sets it (README, step 4).
        var unexplained = EnvTemplateKeys().Where(key => key != "ASPNETCORE_URLS" && !readme.Contains(key)).ToList();

        Assert.True(unexplained.Count == 0, "Not in the README's « Configuration » table: " + string.Join(", ", unexplained));
    }

    /// <summary>
    /// The first column of the table: « `Mediatheque:Passwords:MinLengthEleve` / `MinLengthStaff` » names two keys, the
    /// second a sibling of the first (« `:Staff` » likewise). As environment variables: « : » is « __ ».
    /// </summary>
    private static HashSet<string> ReadmeKeys()
    {
        var readme = File.ReadAllText(Path.Combine(Root, "README.md"));
        var section = readme[readme.IndexOf("### Configuration", StringComparison.Ordinal)..];
        section = section[..section.IndexOf("\n#", 1, StringComparison.Ordinal)];
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in section.Split('\n').Where(line => line.StartsWith("| `", StringComparison.Ordinal)))
        {
            var names = BacktickedName().Matches(row.Split('|')[1]).Select(m => m.Groups[1].Value).ToList();
            var first = names[0];
            keys.Add(first);
            var parent = first.Contains(':') ? first[..first.LastIndexOf(':')] : string.Empty;
            foreach (var sibling in names.Skip(1))
            {
                keys.Add(parent + ":" + sibling.TrimStart(':'));
            }
        }

        Assert.True(keys.Count > 20, "The README's « Configuration » table was not found or changed shape.");
        return keys.Select(key => key.Replace(":", "__", StringComparison.Ordinal)).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Every variable the template sets or shows commented out, list indexes (« __0 ») dropped.</summary>
    private static HashSet<string> EnvTemplateKeys() =>
        File.ReadAllLines(Path.Combine(Root, "deploy", "mediatheque.env"))
            .Select(line => EnvLine().Match(line))
            .Where(match => match.Success)
            .Select(match => ListIndex().Replace(match.Groups[1].Value, string.Empty))
            .ToHashSet(StringComparer.Ordinal);

    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex BacktickedName();

    [GeneratedRegex(@"^#?([A-Za-z][A-Za-z0-9_]*)=")]
    private static partial Regex EnvLine();

    [GeneratedRegex(@"__\d+$")]
    private static partial Regex ListIndex();
}
