using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Mediatheque.Core.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class GridCounters : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "GroupCounts",
                columns: table => new
                {
                    GroupId = table.Column<int>(type: "INTEGER", nullable: false),
                    IsActive = table.Column<bool>(type: "INTEGER", nullable: false),
                    Profil = table.Column<int>(type: "INTEGER", nullable: false),
                    Count = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_GroupCounts", x => new { x.GroupId, x.IsActive, x.Profil });
                    table.ForeignKey(
                        name: "FK_GroupCounts_Groups_GroupId",
                        column: x => x.GroupId,
                        principalTable: "Groups",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            // The members of each group per (active, profil), kept by triggers (GroupCount), as written on
            // 2026-11-30: a migration carries its own SQL. A membership counts its user's state when it is added or
            // removed; a user whose active flag or profile changes moves between the counts of their groups; a user
            // deleted loses their memberships first, while the user is still there to be counted (SQLite's foreign
            // key cascade would remove them after the user, when their state can no longer be read).
            migrationBuilder.Sql("""
                INSERT INTO GroupCounts (GroupId, IsActive, Profil, Count)
                    SELECT m.GroupId, u.IsActive, u.Profil, count(*) FROM Memberships m JOIN Users u ON u.Id = m.UserId
                    GROUP BY m.GroupId, u.IsActive, u.Profil;

                CREATE TRIGGER Memberships_GroupCount_Insert AFTER INSERT ON Memberships BEGIN
                    INSERT INTO GroupCounts (GroupId, IsActive, Profil, Count)
                        SELECT new.GroupId, IsActive, Profil, 1 FROM Users WHERE Id = new.UserId
                        ON CONFLICT (GroupId, IsActive, Profil) DO UPDATE SET Count = Count + 1;
                END;
                CREATE TRIGGER Memberships_GroupCount_Delete AFTER DELETE ON Memberships BEGIN
                    UPDATE GroupCounts SET Count = Count - 1
                        WHERE GroupId = old.GroupId AND (IsActive, Profil) = (SELECT IsActive, Profil FROM Users WHERE Id = old.UserId);
                END;
                CREATE TRIGGER Memberships_GroupCount_Update AFTER UPDATE OF UserId, GroupId ON Memberships BEGIN
                    UPDATE GroupCounts SET Count = Count - 1
                        WHERE GroupId = old.GroupId AND (IsActive, Profil) = (SELECT IsActive, Profil FROM Users WHERE Id = old.UserId);
                    INSERT INTO GroupCounts (GroupId, IsActive, Profil, Count)
                        SELECT new.GroupId, IsActive, Profil, 1 FROM Users WHERE Id = new.UserId
                        ON CONFLICT (GroupId, IsActive, Profil) DO UPDATE SET Count = Count + 1;
                END;
                CREATE TRIGGER Users_GroupCount_Update AFTER UPDATE OF IsActive, Profil ON Users
                    WHEN old.IsActive IS NOT new.IsActive OR old.Profil IS NOT new.Profil BEGIN
                    UPDATE GroupCounts SET Count = Count - 1
                        WHERE IsActive = old.IsActive AND Profil = old.Profil
                        AND GroupId IN (SELECT GroupId FROM Memberships WHERE UserId = old.Id);
                    INSERT INTO GroupCounts (GroupId, IsActive, Profil, Count)
                        SELECT GroupId, new.IsActive, new.Profil, 1 FROM Memberships WHERE UserId = new.Id
                        ON CONFLICT (GroupId, IsActive, Profil) DO UPDATE SET Count = Count + 1;
                END;
                CREATE TRIGGER Users_GroupCount_Delete BEFORE DELETE ON Users BEGIN
                    DELETE FROM Memberships WHERE UserId = old.Id;
                END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER IF EXISTS Users_GroupCount_Delete;
                DROP TRIGGER IF EXISTS Users_GroupCount_Update;
                DROP TRIGGER IF EXISTS Memberships_GroupCount_Update;
                DROP TRIGGER IF EXISTS Memberships_GroupCount_Delete;
                DROP TRIGGER IF EXISTS Memberships_GroupCount_Insert;
                """);

            migrationBuilder.DropTable(
                name: "GroupCounts");
        }
    }
}
