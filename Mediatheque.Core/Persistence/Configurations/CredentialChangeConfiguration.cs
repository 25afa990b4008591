using Mediatheque.Core.Notices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Mediatheque.Core.Persistence.Configurations;

internal sealed class CredentialChangeConfiguration : IEntityTypeConfiguration<CredentialChange>
{
    public void Configure(EntityTypeBuilder<CredentialChange> builder)
    {
        builder.Property(c => c.Kind).HasConversion<int>();
        builder.Property(c => c.TargetIds).IsRequired();
        // The senders look for the few changes not yet expanded among many.
        builder.HasIndex(c => c.ExpandedAt);
        builder.HasOne<Mediatheque.Core.Schools.School>().WithMany().HasForeignKey(c => c.SchoolId).OnDelete(DeleteBehavior.Cascade);
    }
}
