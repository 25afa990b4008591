using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Mediatheque.Core.Persistence.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class InitialSchema : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterDatabase()
                .Annotation("Npgsql:CollationDefinition:case_insensitive", "und-u-ks-level2,und-u-ks-level2,icu,False");

            migrationBuilder.CreateTable(
                name: "AnnuaireRuns",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    StartedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    FinishedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Trigger = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Succeeded = table.Column<bool>(type: "boolean", nullable: false),
                    Error = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    Entries = table.Column<int>(type: "integer", nullable: false),
                    Created = table.Column<int>(type: "integer", nullable: false),
                    Updated = table.Column<int>(type: "integer", nullable: false),
                    Deactivated = table.Column<int>(type: "integer", nullable: false),
                    Unchanged = table.Column<int>(type: "integer", nullable: false),
                    Skipped = table.Column<int>(type: "integer", nullable: false),
                    Issues = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AnnuaireRuns", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "AuditEntries",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    At = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Action = table.Column<int>(type: "integer", nullable: false),
                    ActorId = table.Column<int>(type: "integer", nullable: true),
                    ActorLogin = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    TargetId = table.Column<int>(type: "integer", nullable: true),
                    TargetLogin = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Details = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    IpAddress = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AuditEntries", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Groups",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false, collation: "case_insensitive"),
                    Type = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Groups", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Users",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Nom = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Prenom = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Profil = table.Column<int>(type: "integer", nullable: false),
                    Login = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false, collation: "case_insensitive"),
                    PasswordHash = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    MustChangePassword = table.Column<bool>(type: "boolean", nullable: false),
                    NationalId = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true, collation: "case_insensitive"),
                    SchoolId = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true, collation: "case_insensitive"),
                    Email = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: true),
                    NetworkFolder = table.Column<string>(type: "character varying(260)", maxLength: 260, nullable: true),
                    Photo = table.Column<byte[]>(type: "bytea", nullable: true),
                    PhotoContentType = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    BirthDate = table.Column<DateOnly>(type: "date", nullable: true),
                    IsActive = table.Column<bool>(type: "boolean", nullable: false),
                    Source = table.Column<int>(type: "integer", nullable: false),
                    AnnuaireId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    LastSignInAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    PasswordChangedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    FailedSignInCount = table.Column<int>(type: "integer", nullable: false),
                    LockedUntil = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    SecurityStamp = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    SearchKey = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    SortKey = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    PrenomSortKey = table.Column<string>(type: "text", nullable: false, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Users", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Memberships",
                columns: table => new
                {
                    UserId = table.Column<int>(type: "integer", nullable: false),
                    GroupId = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Memberships", x => new { x.UserId, x.GroupId });
                    table.ForeignKey(
                        name: "FK_Memberships_Groups_GroupId",
                        column: x => x.GroupId,
                        principalTable: "Groups",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_Memberships_Users_UserId",
                        column: x => x.UserId,
                        principalTable: "Users",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AnnuaireRuns_StartedAt",
                table: "AnnuaireRuns",
                column: "StartedAt");

            migrationBuilder.CreateIndex(
                name: "IX_AuditEntries_Action_At",
                table: "AuditEntries",
                columns: new[] { "Action", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_AuditEntries_ActorId_At",
                table: "AuditEntries",
                columns: new[] { "ActorId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_AuditEntries_At",
                table: "AuditEntries",
                column: "At");

            migrationBuilder.CreateIndex(
                name: "IX_AuditEntries_TargetId_At",
                table: "AuditEntries",
                columns: new[] { "TargetId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_Groups_Type_Name",
                table: "Groups",
                columns: new[] { "Type", "Name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Memberships_GroupId_UserId",
                table: "Memberships",
                columns: new[] { "GroupId", "UserId" });

            migrationBuilder.CreateIndex(
                name: "IX_Users_AnnuaireId",
                table: "Users",
                column: "AnnuaireId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Users_Id_IsActive",
                table: "Users",
                columns: new[] { "Id", "IsActive" });

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

            migrationBuilder.CreateIndex(
                name: "IX_Users_Login",
                table: "Users",
                column: "Login",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Users_NationalId",
                table: "Users",
                column: "NationalId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Users_Profil_IsActive_SortKey",
                table: "Users",
                columns: new[] { "Profil", "IsActive", "SortKey" });

            migrationBuilder.CreateIndex(
                name: "IX_Users_SchoolId",
                table: "Users",
                column: "SchoolId",
                unique: true);

            // The grid's word index and counters (PostgreSqlUserSearch), as written on 2026-11-30: a migration
            // carries its own SQL. The tsvector's lexemes are the folded key's words exactly (no parser, no
            // stemming) plus the (active, profil) tags, which begin with « # » so that no typed word matches them.
            migrationBuilder.Sql("""
                ALTER TABLE "Users" ADD "SearchVector" tsvector GENERATED ALWAYS AS (
                    array_to_tsvector(string_to_array("SearchKey", ' ') || ARRAY[
                        CASE WHEN "IsActive" THEN '#a1' ELSE '#a0' END,
                        CASE WHEN "IsActive" THEN '#a1p' ELSE '#a0p' END || "Profil"::text])) STORED;
                CREATE INDEX "IX_Users_SearchVector" ON "Users" USING gin ("SearchVector");

                -- PostgreSQL sorts NULL last; the grid sorts users without an Id first (UserFinder orders by
                -- « has a value » first here), and these indexes serve that ORDER BY as SQLite's serve its own.
                CREATE INDEX "IX_Users_IsActive_HasNationalId" ON "Users" ("IsActive", ("NationalId" IS NOT NULL), "NationalId", "Id");
                CREATE INDEX "IX_Users_IsActive_HasSchoolId" ON "Users" ("IsActive", ("SchoolId" IS NOT NULL), "SchoolId", "Id");

                CREATE TABLE "UserCounts" (
                    "IsActive" boolean NOT NULL, "Profil" integer NOT NULL, "Count" integer NOT NULL,
                    PRIMARY KEY ("IsActive", "Profil"));

                -- Statement triggers: a COPY of 10,000 pupils updates each counter once. The counters are locked
                -- in one order (ORDER BY) so that two writers cannot deadlock on them.
                CREATE FUNCTION "Users_Count"() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_OP = 'INSERT' THEN
                        INSERT INTO "UserCounts" AS c ("IsActive", "Profil", "Count")
                            SELECT "IsActive", "Profil", count(*) FROM new_rows GROUP BY 1, 2 ORDER BY 1, 2
                            ON CONFLICT ("IsActive", "Profil") DO UPDATE SET "Count" = c."Count" + excluded."Count";
                    ELSIF TG_OP = 'DELETE' THEN
                        UPDATE "UserCounts" AS c SET "Count" = c."Count" - d.n
                            FROM (SELECT "IsActive", "Profil", count(*) AS n FROM old_rows GROUP BY 1, 2 ORDER BY 1, 2) d
                            WHERE c."IsActive" = d."IsActive" AND c."Profil" = d."Profil";
                    ELSE
                        INSERT INTO "UserCounts" AS c ("IsActive", "Profil", "Count")
                            SELECT "IsActive", "Profil", sum(n) FROM (
                                SELECT "IsActive", "Profil", 1 AS n FROM new_rows
                                UNION ALL SELECT "IsActive", "Profil", -1 FROM old_rows) changes
                            GROUP BY 1, 2 HAVING sum(n) <> 0 ORDER BY 1, 2
                            ON CONFLICT ("IsActive", "Profil") DO UPDATE SET "Count" = c."Count" + excluded."Count";
                    END IF;
                    RETURN NULL;
                END $$;
                CREATE TRIGGER "Users_Count_Insert" AFTER INSERT ON "Users"
                    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "Users_Count"();
                CREATE TRIGGER "Users_Count_Update" AFTER UPDATE ON "Users"
                    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "Users_Count"();
                CREATE TRIGGER "Users_Count_Delete" AFTER DELETE ON "Users"
                    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "Users_Count"();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP INDEX IF EXISTS "IX_Users_IsActive_HasSchoolId";
                DROP INDEX IF EXISTS "IX_Users_IsActive_HasNationalId";
                DROP TRIGGER IF EXISTS "Users_Count_Delete" ON "Users";
                DROP TRIGGER IF EXISTS "Users_Count_Update" ON "Users";
                DROP TRIGGER IF EXISTS "Users_Count_Insert" ON "Users";
                DROP FUNCTION IF EXISTS "Users_Count"();
                DROP TABLE IF EXISTS "UserCounts";
                """);

            migrationBuilder.DropTable(
                name: "AnnuaireRuns");

            migrationBuilder.DropTable(
                name: "AuditEntries");

            migrationBuilder.DropTable(
                name: "Memberships");

            migrationBuilder.DropTable(
                name: "Groups");

            migrationBuilder.DropTable(
                name: "Users");
        }
    }
}
