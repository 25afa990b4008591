using Mediatheque.Core.Persistence;
using Mediatheque.Core.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Mediatheque.Core.Schools;

/// <summary>
/// What configuration still says about the one school a database from before schools held: its name
/// (« Mediatheque:SchoolName »), its UAI (« Mediatheque:School:Uai ») and its teachers' scope
/// (« Mediatheque:Policy:TeacherScope »). Read once, at the first start-up after the Schools migration; from then on the
/// school's page holds them.
/// </summary>
public sealed class MigratedSchoolOptions
{
    public string? Name { get; set; }

    public string? Uai { get; set; }

    public bool HasValidUai => string.IsNullOrWhiteSpace(Uai) || Schools.Uai.IsValid(Schools.Uai.Normalize(Uai));
}

/// <summary>
/// At start-up, after the migrations: the school the Schools migration made of a database of one school (left without a
/// name, since a migration cannot read configuration) takes its name, UAI and teachers' scope from configuration. A UAI
/// that configuration does not give, or that another school already has, is left to fill in on the school's page.
/// </summary>
public sealed class SchoolSetup(IOptions<MigratedSchoolOptions> migrated, IOptions<PolicyOptions> policy)
{
    /// <summary>The name a migrated school gets when configuration gives none: the platform administrator renames it.</summary>
    public const string UnnamedSchool = "Établissement à nommer";

    public async Task NameMigratedSchoolsAsync(MediathequeDbContext db, CancellationToken cancellationToken)
    {
        var unnamed = await db.Schools.Where(s => s.Name == string.Empty).ToListAsync(cancellationToken);
        if (unnamed.Count == 0)
        {
            return;
        }

        var uai = Uai.Normalize(migrated.Value.Uai);
        foreach (var school in unnamed)
        {
            school.Name = migrated.Value.Name is { Length: > 0 } name ? name.Trim() : UnnamedSchool;
            school.TeacherScope = policy.Value.TeacherScope;
            if (school.Uai is null && uai is not null && Uai.IsValid(uai) && !await db.Schools.AnyAsync(s => s.Uai == uai, cancellationToken))
            {
                school.Uai = uai;
            }
        }

        await db.SaveChangesAsync(cancellationToken);
    }
}
