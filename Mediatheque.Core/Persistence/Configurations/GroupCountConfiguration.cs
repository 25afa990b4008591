using Mediatheque.Core.Groups;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Mediatheque.Core.Persistence.Configurations;

internal sealed class GroupCountConfiguration : IEntityTypeConfiguration<GroupCount>
{
    public void Configure(EntityTypeBuilder<GroupCount> builder)
    {
        builder.ToTable("GroupCounts");
        builder.HasKey(c => new { c.GroupId, c.IsActive, c.Profil });
        builder.Property(c => c.Profil).HasConversion<int>();
        builder.HasOne<Group>().WithMany().HasForeignKey(c => c.GroupId).OnDelete(DeleteBehavior.Cascade);
    }
}
