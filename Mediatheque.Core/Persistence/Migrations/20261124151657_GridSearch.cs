using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Mediatheque.Core.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class GridSearch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Users_IsActive_SortKey",
                table: "Users");

            migrationBuilder.DropIndex(
                name: "IX_Users_SearchKey",
                table: "Users");

            migrationBuilder.AddColumn<string>(
                name: "PrenomSortKey",
                table: "Users",
                type: "TEXT",
                nullable: false,
                defaultValue: "");

            migrationBuilder.CreateIndex(
                name: "IX_Users_IsActive_Login",
                table: "Users",
                columns: new[] { "IsActive", "Login" });

            migrationBuilder.CreateIndex(
                name: "IX_Users_IsActive_NationalId",
                table: "Users",
                columns: new[] { "IsActive", "NationalId" });

            migrationBuilder.CreateIndex(
                name: "IX_Users_IsActive_PrenomSortKey",
                table: "Users",
                columns: new[] { "IsActive", "PrenomSortKey" });

            migrationBuilder.CreateIndex(
                name: "IX_Users_IsActive_SchoolId",
                table: "Users",
                columns: new[] { "IsActive", "SchoolId" });

            migrationBuilder.CreateIndex(
                name: "IX_Users_IsActive_SortKey_SearchKey",
                table: "Users",
                columns: new[] { "IsActive", "SortKey", "SearchKey" });

            // Rows saved before this migration: an approximate key (SQLite cannot strip accents);
            // the next save of each user writes the folded one.
            migrationBuilder.Sql("UPDATE Users SET PrenomSortKey = lower(Prenom || ' ' || Nom);");

            // The search box's FTS5 index, the user counters and the triggers that keep them (SqliteUserSearch),
            // as written on 2026-11-24: a migration carries its own SQL, never a live constant.
            migrationBuilder.Sql("""
                CREATE VIRTUAL TABLE UserSearch USING fts5(
                    SearchKey, Tags, content='', detail='column',
                    tokenize='unicode61 remove_diacritics 2', prefix='1 2 3');
                CREATE TABLE UserCounts (
                    IsActive INTEGER NOT NULL, Profil INTEGER NOT NULL, Count INTEGER NOT NULL,
                    PRIMARY KEY (IsActive, Profil)) WITHOUT ROWID;

                INSERT INTO UserCounts (IsActive, Profil, Count) SELECT IsActive, Profil, count(*) FROM Users GROUP BY IsActive, Profil;
                INSERT INTO UserSearch (rowid, SearchKey, Tags)
                    SELECT Id, SearchKey, 'a' || IsActive || ' a' || IsActive || 'p' || Profil FROM Users;

                CREATE TRIGGER Users_Index_Insert AFTER INSERT ON Users BEGIN
                    INSERT INTO UserSearch (rowid, SearchKey, Tags)
                        VALUES (new.Id, new.SearchKey, 'a' || new.IsActive || ' a' || new.IsActive || 'p' || new.Profil);
                    INSERT INTO UserCounts (IsActive, Profil, Count) VALUES (new.IsActive, new.Profil, 1)
                        ON CONFLICT (IsActive, Profil) DO UPDATE SET Count = Count + 1;
                END;
                CREATE TRIGGER Users_Index_Update AFTER UPDATE OF SearchKey, IsActive, Profil ON Users
                    WHEN old.SearchKey IS NOT new.SearchKey OR old.IsActive IS NOT new.IsActive OR old.Profil IS NOT new.Profil BEGIN
                    INSERT INTO UserSearch (UserSearch, rowid, SearchKey, Tags)
                        VALUES ('delete', old.Id, old.SearchKey, 'a' || old.IsActive || ' a' || old.IsActive || 'p' || old.Profil);
                    INSERT INTO UserSearch (rowid, SearchKey, Tags)
                        VALUES (new.Id, new.SearchKey, 'a' || new.IsActive || ' a' || new.IsActive || 'p' || new.Profil);
                    UPDATE UserCounts SET Count = Count - 1 WHERE IsActive = old.IsActive AND Profil = old.Profil;
                    INSERT INTO UserCounts (IsActive, Profil, Count) VALUES (new.IsActive, new.Profil, 1)
                        ON CONFLICT (IsActive, Profil) DO UPDATE SET Count = Count + 1;
                END;
                CREATE TRIGGER Users_Index_Delete AFTER DELETE ON Users BEGIN
                    INSERT INTO UserSearch (UserSearch, rowid, SearchKey, Tags)
                        VALUES ('delete', old.Id, old.SearchKey, 'a' || old.IsActive || ' a' || old.IsActive || 'p' || old.Profil);
                    UPDATE UserCounts SET Count = Count - 1 WHERE IsActive = old.IsActive AND Profil = old.Profil;
                END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER IF EXISTS Users_Index_Delete;
                DROP TRIGGER IF EXISTS Users_Index_Update;
                DROP TRIGGER IF EXISTS Users_Index_Insert;
                DROP TABLE IF EXISTS UserCounts;
                DROP TABLE IF EXISTS UserSearch;
                """);

            migrationBuilder.DropIndex(
                name: "IX_Users_IsActive_Login",
                table: "Users");

            migrationBuilder.DropIndex(
                name: "IX_Users_IsActive_NationalId",
                table: "Users");

            migrationBuilder.DropIndex(
                name: "IX_Users_IsActive_PrenomSortKey",
                table: "Users");

            migrationBuilder.DropIndex(
                name: "IX_Users_IsActive_SchoolId",
                table: "Users");

            migrationBuilder.DropIndex(
                name: "IX_Users_IsActive_SortKey_SearchKey",
                table: "Users");

            migrationBuilder.DropColumn(
                name: "PrenomSortKey",
                table: "Users");

            migrationBuilder.CreateIndex(
                name: "IX_Users_IsActive_SortKey",
                table: "Users",
                columns: new[] { "IsActive", "SortKey" });

            migrationBuilder.CreateIndex(
                name: "IX_Users_SearchKey",
                table: "Users",
                column: "SearchKey");
        }
    }
}
