using Mediatheque.Core.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Mediatheque.Core.Persistence.Configurations;

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.Property(a => a.Action).HasConversion<int>();
        builder.Property(a => a.ActorLogin).HasMaxLength(100);
        builder.Property(a => a.TargetLogin).HasMaxLength(100);
        builder.Property(a => a.Details).HasMaxLength(2000);
        builder.Property(a => a.IpAddress).HasMaxLength(64);
        // A school's journal, newest first, is read from its own lines only.
        builder.HasIndex(a => new { a.SchoolId, a.At });
        builder.HasIndex(a => new { a.ActorId, a.At });
        builder.HasIndex(a => new { a.TargetId, a.At });
        builder.HasIndex(a => new { a.SchoolId, a.Action, a.At });
    }
}
