using Mediatheque.Core.Schools;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Mediatheque.Core.Persistence.Configurations;

internal sealed class SchoolConfiguration : IEntityTypeConfiguration<School>
{
    public const int NameMaxLength = 150;

    public void Configure(EntityTypeBuilder<School> builder)
    {
        builder.Property(s => s.Name).HasMaxLength(NameMaxLength).IsRequired();
        // Unique when set (NULLs never collide in a unique index, on either engine): a school from before schools
        // existed may wait for its UAI.
        builder.Property(s => s.Uai).HasMaxLength(8);
        builder.HasIndex(s => s.Uai).IsUnique();
        builder.Property(s => s.TeacherScope).HasConversion<int>();
        builder.Property(s => s.AnnuaireName).HasMaxLength(100);
        builder.Property(s => s.AnnuairePasswordPageUrl).HasMaxLength(500);
        // Issue 21's periods default to LeavingPeriods' in the entity; the migration (AccountStates) gives the schools already
        // there the same. No store default in the model: 0 (« at once ») would then be taken for « unset » on insert.
    }
}
