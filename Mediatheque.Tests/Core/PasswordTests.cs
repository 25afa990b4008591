using Mediatheque.Core.Passwords;
using Mediatheque.Core.Users;

namespace Mediatheque.Tests.Core;

public sealed class PasswordTests : IAsyncLifetime
{
    private TestDatabase database = null!;

    public async Task InitializeAsync() => database = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await database.DisposeAsync();

    private PasswordPolicy Policy => database.Get<PasswordPolicy>();

    [Fact]
    public void Two_passwords_that_differ_only_after_72_bytes_are_not_the_same_password()
    {
        var hasher = database.Get<PasswordHasher>();
        var prefix = new string('a', 72);
        var hash = hasher.Hash(prefix + "-secret-one");

        Assert.True(hasher.Verify(prefix + "-secret-one", hash));
        Assert.False(hasher.Verify(prefix + "-secret-two", hash));
    }

    [Fact]
    public void Accented_passwords_longer_than_72_bytes_are_told_apart()
    {
        // 40 « é » are 80 UTF-8 bytes: plain BCrypt would compare only the first 72.
        var hasher = database.Get<PasswordHasher>();
        var hash = hasher.Hash(new string('é', 40) + "1");

        Assert.False(hasher.Verify(new string('é', 40) + "2", hash));
    }

    [Fact]
    public void The_hash_is_bcrypt_and_never_the_password()
    {
        var hash = database.Get<PasswordHasher>().Hash("marion2026");

        Assert.StartsWith("$2", hash);
        Assert.DoesNotContain("marion2026", hash);
    }

    [Fact]
    public void A_pupil_needs_8_characters_and_staff_12()
    {
        Assert.Empty(Policy.Validate(Profil.Eleve, "tigre-47"));
        Assert.Contains("au moins 8 caractères", Assert.Single(Policy.Validate(Profil.Eleve, "tigre47")));
        Assert.Contains("au moins 12 caractères", Assert.Single(Policy.Validate(Profil.Enseignant, "tigre-47")));
        Assert.Empty(Policy.Validate(Profil.Administrateur, "une phrase de passe"));
    }

    [Fact]
    public void More_than_64_characters_is_refused_rather_than_cut()
    {
        var error = Assert.Single(Policy.Validate(Profil.Eleve, new string('x', 65) + "7q"));

        Assert.Contains("64 caractères", error);
    }

    [Theory]
    [InlineData("tigre-vert\0-47")]
    [InlineData("tigre-vert\t47")]
    [InlineData("tigre-vert-47\n")]
    public void A_new_password_holding_a_control_character_is_refused_since_sign_in_would_refuse_it(string password)
    {
        Assert.Contains(Policy.Validate(Profil.Eleve, password), e => e.Contains("caractère de contrôle"));
    }

    [Theory]
    [InlineData("azertyuiop")]
    [InlineData("MotDePasse")]
    [InlineData("123456789")]
    [InlineData("soleil123")]
    public void The_most_common_passwords_are_refused(string password) =>
        Assert.Contains(Policy.Validate(Profil.Eleve, password), e => e.Contains("trop courant"));

    [Fact]
    public void The_policy_is_described_in_french_per_profile()
    {
        Assert.Contains("Au moins 8 caractères", Policy.Describe(Profil.Eleve));
        Assert.Contains("Au moins 12 caractères", Policy.Describe(Profil.AdministrateurSecondaire));
    }

    [Fact]
    public void Generated_passwords_have_no_look_alike_characters_and_pass_the_policy()
    {
        var generator = database.Get<PasswordGenerator>();
        var passwords = Enumerable.Range(0, 500).Select(_ => generator.Generate(Profil.Eleve)).ToList();

        Assert.All(passwords, p => Assert.DoesNotContain(p, c => PasswordGenerator.LookAlikes.Contains(c)));
        Assert.All(passwords, p => Assert.Empty(Policy.Validate(Profil.Eleve, p)));
        Assert.True(passwords.Distinct().Count() > 490, "generated passwords repeat");
        Assert.All(Enumerable.Range(0, 50).Select(_ => generator.Generate(Profil.Enseignant)), p => Assert.True(p.Length >= 12));
    }

    [Fact]
    public void Generated_staff_passwords_reach_50_bits_and_pupils_passwords_stay_short_with_their_strength_stated()
    {
        var generator = database.Get<PasswordGenerator>();
        var staff = Enumerable.Range(0, 2000).Select(_ => generator.Generate(Profil.AdministrateurSecondaire)).ToList();
        var pupils = Enumerable.Range(0, 200).Select(_ => generator.Generate(Profil.Eleve)).ToList();

        Assert.True(generator.StrengthBits(Profil.Enseignant) >= 50, $"{generator.StrengthBits(Profil.Enseignant)} bits");
        Assert.Equal(54, generator.StrengthBits(Profil.Administrateur), 6);
        Assert.Equal(24, generator.StrengthBits(Profil.Eleve), 6);
        Assert.All(staff, p => Assert.Matches("^([bcdfghjkmnprstvz][aeiu]){3}(-([bcdfghjkmnprstvz][aeiu]){3}){2}$", p));
        Assert.All(pupils, p => Assert.Matches("^([bcdfghjkmnprstvz][aeiu]){3}[2-9]{2}$", p));
        Assert.Equal(staff.Count, staff.Distinct().Count());
        // Every syllable position draws from all 64 syllables: nothing in the layout narrows the count of bits.
        Assert.All(Enumerable.Range(0, 9), i => Assert.True(staff.Select(p => p.Replace("-", "").Substring(i * 2, 2)).Distinct().Count() > 55));
    }
}
