using Mediatheque.Core.Groups;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Mediatheque.Core.Persistence.Configurations;

internal sealed class GroupConfiguration : IEntityTypeConfiguration<Group>
{
    public void Configure(EntityTypeBuilder<Group> builder)
    {
        builder.Property(g => g.Name).HasMaxLength(100).IsRequired();
        builder.Property(g => g.Type).HasConversion<int>();
        // Unique per school: two schools may each have a « 6A ».
        builder.HasOne<Mediatheque.Core.Schools.School>().WithMany().HasForeignKey(g => g.SchoolId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(g => new { g.SchoolId, g.Type, g.Name }).IsUnique();
    }
}
