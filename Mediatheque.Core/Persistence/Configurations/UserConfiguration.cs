using Mediatheque.Core.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Mediatheque.Core.Persistence.Configurations;

internal sealed class UserConfiguration : IEntityTypeConfiguration<User>
{
    public void Configure(EntityTypeBuilder<User> builder)
    {
        // Declared lengths are UserFieldRules' (SQLite ignores them; PostgreSQL enforces them; Core checks them first).
        builder.Property(u => u.Nom).HasMaxLength(UserFieldRules.NameMaxLength).IsRequired();
        builder.Property(u => u.Prenom).HasMaxLength(UserFieldRules.NameMaxLength).IsRequired();
        builder.Property(u => u.Profil).HasConversion<int>();
        builder.Property(u => u.Source).HasConversion<int>();
        builder.Property(u => u.DeactivatedBy).HasConversion<int?>();
        builder.Property(u => u.Origin).HasConversion<int>();
        builder.Ignore(u => u.State);

        // A row belongs to one school and to one person's account; a person has at most one row per school. Neither is
        // removed with its rows by accident: a school or an account with users cannot be deleted.
        builder.HasOne(u => u.School).WithMany().HasForeignKey(u => u.SchoolId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(u => u.Account).WithMany(a => a.Users).HasForeignKey(u => u.AccountId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(u => new { u.AccountId, u.SchoolId }).IsUnique();

        // Unique ignoring case within the school: each provider's context gives these columns its case-insensitive
        // collation (MediathequeDbContext.CaseInsensitiveColumns), so the database itself refuses « BM » beside « bm ».
        // The login is the account's (unique in the deployment), copied here; the identifiers are the school's own
        // (two schools may each have a pupil « 2025-001 »; a teacher of two schools has the same Id National in both).
        builder.Property(u => u.Login).HasMaxLength(UserFieldRules.LoginMaxLength).IsRequired();
        builder.HasIndex(u => new { u.SchoolId, u.Login }).IsUnique();

        builder.Property(u => u.NationalId).HasMaxLength(UserFieldRules.IdMaxLength);
        builder.HasIndex(u => new { u.SchoolId, u.NationalId }).IsUnique();
        builder.Property(u => u.EstablishmentId).HasMaxLength(UserFieldRules.IdMaxLength);
        builder.HasIndex(u => new { u.SchoolId, u.EstablishmentId }).IsUnique();

        // The federated directory's stable id (entryUUID, objectGUID): how its synchronisation finds a user again.
        builder.Property(u => u.AnnuaireId).HasMaxLength(64);
        builder.HasIndex(u => new { u.SchoolId, u.AnnuaireId }).IsUnique();

        builder.Property(u => u.Email).HasMaxLength(UserFieldRules.EmailMaxLength);
        builder.Property(u => u.NetworkFolder).HasMaxLength(UserFieldRules.NetworkFolderMaxLength);
        builder.Property(u => u.PhotoContentType).HasMaxLength(50);
        builder.Property(u => u.Version).IsConcurrencyToken();

        // The search box matches SearchKey through each provider's own word index (IUserSearch: SQLite's FTS5
        // table, PostgreSQL's tsvector), made by the migrations, not through an index here: a B-tree cannot find
        // a word inside a key.
        builder.Property(u => u.SearchKey).IsRequired();
        builder.Property(u => u.SortKey).IsRequired();
        builder.Property(u => u.PrenomSortKey).IsRequired();

        // The grid's sorts: the school first (every query of a school's operation filters on it, so the index holds
        // that school's rows side by side and the others are never read), the active flag (every grid query filters on
        // it), then the sort column, so that « ORDER BY … LIMIT 50 » walks an index and stops instead of sorting.
        // SearchKey rides along so that a broad search (« mar ») checks its words in the index while walking
        // it in name order, and reads the table only for the 50 rows of the page (SQLite's deferred seek).
        builder.HasIndex(u => new { u.SchoolId, u.IsActive, u.SortKey, u.SearchKey });
        builder.HasIndex(u => new { u.SchoolId, u.IsActive, u.PrenomSortKey });
        builder.HasIndex(u => new { u.SchoolId, u.IsActive, u.Login });
        builder.HasIndex(u => new { u.SchoolId, u.IsActive, u.NationalId });
        builder.HasIndex(u => new { u.SchoolId, u.IsActive, u.EstablishmentId });
        builder.HasIndex(u => new { u.SchoolId, u.Profil, u.IsActive, u.SortKey });

        // Counting a large group's active members probes each member by id: this covering index answers
        // « Id = ? AND IsActive = ? » without reading the wide user row (a 4,900-pupil level: 16 ms → 8 ms).
        builder.HasIndex(u => new { u.Id, u.IsActive });

        // The daily job (AccountStateJob) asks each school for the leavers whose date has come: with these it reads the
        // few due rows, never the school's thousands of actif users (issue 21: 100,000 users, nothing due, under a second).
        builder.HasIndex(u => new { u.SchoolId, u.LeftAt });
        builder.HasIndex(u => new { u.SchoolId, u.DeactivatedAt });

        builder.Ignore(u => u.FullName);
        builder.Ignore(u => u.WorksInAnotherSchool);
    }
}
