using Mediatheque.Core.Annuaire;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Mediatheque.Core.Persistence.Configurations;

internal sealed class AnnuaireRunConfiguration : IEntityTypeConfiguration<AnnuaireRun>
{
    public void Configure(EntityTypeBuilder<AnnuaireRun> builder)
    {
        builder.Property(r => r.Trigger).HasMaxLength(200);
        builder.Property(r => r.Error).HasMaxLength(2000);
        builder.HasIndex(r => new { r.SchoolId, r.StartedAt });
    }
}
