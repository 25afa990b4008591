using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Mediatheque.Core.Persistence.PostgreSql.Migrations
{
    /// <summary>
    /// Several schools in one deployment (issue 20), as the SQLite migration of the same name: a database of one school
    /// becomes that school (named at the next start-up, SchoolSetup), each user's login, password and lockout an Account
    /// under the same id, and users, groups, journal lines and directory runs that school's. « Users.SchoolId », which was
    /// the Id Établissement, becomes « EstablishmentId ». The search vector, the counters and their triggers (InitialSchema,
    /// GridCounters) are made again with the school in them, with the SQL written out here, as on 2026-12-06.
    /// </summary>
    public partial class Schools : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Schools",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Name = table.Column<string>(type: "character varying(150)", maxLength: 150, nullable: false),
                    Uai = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: true),
                    TeacherScope = table.Column<int>(type: "integer", nullable: false),
                    AnnuaireName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    AnnuairePasswordPageUrl = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Schools", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Accounts",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Login = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false, collation: "case_insensitive"),
                    PasswordHash = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    MustChangePassword = table.Column<bool>(type: "boolean", nullable: false),
                    PasswordChangedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    LastSignInAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    FailedSignInCount = table.Column<int>(type: "integer", nullable: false),
                    FirstFailedSignInAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    LockedUntil = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    SecurityStamp = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    IsPlatformAdministrator = table.Column<bool>(type: "boolean", nullable: false),
                    Nom = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Prenom = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Accounts", x => x.Id);
                });

            migrationBuilder.Sql("""
                INSERT INTO "Schools" ("Name", "Uai", "TeacherScope", "CreatedAt")
                    SELECT '', NULL, 0, now()
                    WHERE EXISTS (SELECT 1 FROM "Users") OR EXISTS (SELECT 1 FROM "Groups") OR EXISTS (SELECT 1 FROM "AnnuaireRuns");
                INSERT INTO "Accounts" ("Id", "Login", "PasswordHash", "MustChangePassword", "PasswordChangedAt", "LastSignInAt",
                        "FailedSignInCount", "FirstFailedSignInAt", "LockedUntil", "SecurityStamp", "IsPlatformAdministrator", "Nom", "Prenom", "CreatedAt", "Version")
                    SELECT "Id", "Login", "PasswordHash", "MustChangePassword", "PasswordChangedAt", "LastSignInAt",
                        "FailedSignInCount", "FirstFailedSignInAt", "LockedUntil", "SecurityStamp", false, NULL, NULL, "CreatedAt", 0
                    FROM "Users";
                SELECT setval(pg_get_serial_sequence('"Accounts"', 'Id'), coalesce((SELECT max("Id") FROM "Accounts"), 0) + 1, false);

                -- What is made again below for schools: the search vector, the counters and their triggers.
                DROP TRIGGER "Users_Count_Insert" ON "Users";
                DROP TRIGGER "Users_Count_Update" ON "Users";
                DROP TRIGGER "Users_Count_Delete" ON "Users";
                DROP FUNCTION "Users_Count"();
                DROP TRIGGER "Users_PrefixCount_Insert" ON "Users";
                DROP TRIGGER "Users_PrefixCount_Update" ON "Users";
                DROP TRIGGER "Users_PrefixCount_Delete" ON "Users";
                DROP FUNCTION "Users_PrefixCount"();
                DROP TABLE "UserCounts";
                DROP TABLE "UserPrefixCounts";
                DROP INDEX "IX_Users_SearchVector";
                ALTER TABLE "Users" DROP COLUMN "SearchVector";
                DROP FUNCTION "UserSearchLexemes"(text, boolean, integer);
                DROP INDEX "IX_Users_IsActive_HasNationalId";
                DROP INDEX "IX_Users_IsActive_HasSchoolId";
                DROP INDEX "IX_Users_IsActive_SortKey_Id";
                """);

            migrationBuilder.DropForeignKey(name: "FK_Sessions_Users_UserId", table: "Sessions");
            migrationBuilder.DropIndex(name: "IX_Users_AnnuaireId", table: "Users");
            migrationBuilder.DropIndex(name: "IX_Users_IsActive_Login", table: "Users");
            migrationBuilder.DropIndex(name: "IX_Users_IsActive_NationalId", table: "Users");
            migrationBuilder.DropIndex(name: "IX_Users_IsActive_PrenomSortKey", table: "Users");
            migrationBuilder.DropIndex(name: "IX_Users_IsActive_SchoolId", table: "Users");
            migrationBuilder.DropIndex(name: "IX_Users_IsActive_SortKey_SearchKey", table: "Users");
            migrationBuilder.DropIndex(name: "IX_Users_LockedUntil", table: "Users");
            migrationBuilder.DropIndex(name: "IX_Users_Login", table: "Users");
            migrationBuilder.DropIndex(name: "IX_Users_NationalId", table: "Users");
            migrationBuilder.DropIndex(name: "IX_Users_Profil_IsActive_SortKey", table: "Users");
            migrationBuilder.DropIndex(name: "IX_Users_SchoolId", table: "Users");
            migrationBuilder.DropIndex(name: "IX_Groups_Type_Name", table: "Groups");
            migrationBuilder.DropIndex(name: "IX_AuditEntries_Action_At", table: "AuditEntries");
            migrationBuilder.DropIndex(name: "IX_AuditEntries_At", table: "AuditEntries");
            migrationBuilder.DropIndex(name: "IX_AnnuaireRuns_StartedAt", table: "AnnuaireRuns");

            migrationBuilder.RenameColumn(name: "SchoolId", table: "Users", newName: "EstablishmentId");
            migrationBuilder.AddColumn<int>(name: "SchoolId", table: "Users", type: "integer", nullable: false, defaultValue: 0);
            migrationBuilder.AddColumn<int>(name: "AccountId", table: "Users", type: "integer", nullable: false, defaultValue: 0);
            migrationBuilder.AddColumn<int>(name: "SchoolId", table: "Groups", type: "integer", nullable: false, defaultValue: 0);
            migrationBuilder.AddColumn<int>(name: "SchoolId", table: "AuditEntries", type: "integer", nullable: true);
            migrationBuilder.AddColumn<int>(name: "SchoolId", table: "AnnuaireRuns", type: "integer", nullable: false, defaultValue: 0);
            migrationBuilder.Sql("""
                UPDATE "Users" SET "SchoolId" = (SELECT min("Id") FROM "Schools"), "AccountId" = "Id";
                UPDATE "Groups" SET "SchoolId" = (SELECT min("Id") FROM "Schools");
                UPDATE "AuditEntries" SET "SchoolId" = (SELECT min("Id") FROM "Schools");
                UPDATE "AnnuaireRuns" SET "SchoolId" = (SELECT min("Id") FROM "Schools");
                ALTER TABLE "Users" ALTER COLUMN "SchoolId" DROP DEFAULT, ALTER COLUMN "AccountId" DROP DEFAULT;
                ALTER TABLE "Groups" ALTER COLUMN "SchoolId" DROP DEFAULT;
                ALTER TABLE "AnnuaireRuns" ALTER COLUMN "SchoolId" DROP DEFAULT;
                """);

            // The notices (issue 23): the one school's settings, changes and notices become that school's.
            migrationBuilder.AddColumn<int>(name: "SchoolId", table: "CredentialChanges", type: "integer", nullable: false, defaultValue: 0);
            migrationBuilder.AddColumn<int>(name: "SchoolId", table: "Notices", type: "integer", nullable: false, defaultValue: 0);
            migrationBuilder.Sql("""
                ALTER TABLE "NoticeSettings" RENAME COLUMN "Id" TO "SchoolId";
                DELETE FROM "NoticeSettings" WHERE "SchoolId" <> (SELECT min("SchoolId") FROM "NoticeSettings") OR NOT EXISTS (SELECT 1 FROM "Schools");
                UPDATE "NoticeSettings" SET "SchoolId" = (SELECT min("Id") FROM "Schools");
                DELETE FROM "Notices" WHERE NOT EXISTS (SELECT 1 FROM "Schools");
                DELETE FROM "CredentialChanges" WHERE NOT EXISTS (SELECT 1 FROM "Schools");
                UPDATE "CredentialChanges" SET "SchoolId" = (SELECT min("Id") FROM "Schools");
                UPDATE "Notices" SET "SchoolId" = (SELECT min("Id") FROM "Schools");
                ALTER TABLE "CredentialChanges" ALTER COLUMN "SchoolId" DROP DEFAULT;
                ALTER TABLE "Notices" ALTER COLUMN "SchoolId" DROP DEFAULT;
                """);
            migrationBuilder.CreateIndex(name: "IX_CredentialChanges_SchoolId", table: "CredentialChanges", column: "SchoolId");
            migrationBuilder.CreateIndex(name: "IX_Notices_SchoolId_Status", table: "Notices", columns: new[] { "SchoolId", "Status" });
            migrationBuilder.AddForeignKey(name: "FK_CredentialChanges_Schools_SchoolId", table: "CredentialChanges", column: "SchoolId",
                principalTable: "Schools", principalColumn: "Id", onDelete: ReferentialAction.Cascade);
            migrationBuilder.AddForeignKey(name: "FK_Notices_Schools_SchoolId", table: "Notices", column: "SchoolId",
                principalTable: "Schools", principalColumn: "Id", onDelete: ReferentialAction.Cascade);
            migrationBuilder.AddForeignKey(name: "FK_NoticeSettings_Schools_SchoolId", table: "NoticeSettings", column: "SchoolId",
                principalTable: "Schools", principalColumn: "Id", onDelete: ReferentialAction.Cascade);

            migrationBuilder.DropColumn(name: "FailedSignInCount", table: "Users");
            migrationBuilder.DropColumn(name: "FirstFailedSignInAt", table: "Users");
            migrationBuilder.DropColumn(name: "LastSignInAt", table: "Users");
            migrationBuilder.DropColumn(name: "LockedUntil", table: "Users");
            migrationBuilder.DropColumn(name: "PasswordChangedAt", table: "Users");
            migrationBuilder.DropColumn(name: "PasswordHash", table: "Users");
            migrationBuilder.DropColumn(name: "SecurityStamp", table: "Users");
            migrationBuilder.DropColumn(name: "MustChangePassword", table: "Users");

            migrationBuilder.RenameColumn(name: "UserId", table: "Sessions", newName: "AccountId");
            migrationBuilder.RenameIndex(name: "IX_Sessions_UserId", table: "Sessions", newName: "IX_Sessions_AccountId");

            migrationBuilder.CreateIndex(
                name: "IX_Users_AccountId_SchoolId",
                table: "Users",
                columns: new[] { "AccountId", "SchoolId" }, unique: true);
            migrationBuilder.CreateIndex(
                name: "IX_Users_SchoolId_AnnuaireId",
                table: "Users",
                columns: new[] { "SchoolId", "AnnuaireId" }, unique: true);
            migrationBuilder.CreateIndex(
                name: "IX_Users_SchoolId_EstablishmentId",
                table: "Users",
                columns: new[] { "SchoolId", "EstablishmentId" }, unique: true);
            migrationBuilder.CreateIndex(
                name: "IX_Users_SchoolId_IsActive_EstablishmentId",
                table: "Users",
                columns: new[] { "SchoolId", "IsActive", "EstablishmentId" });
            migrationBuilder.CreateIndex(
                name: "IX_Users_SchoolId_IsActive_Login",
                table: "Users",
                columns: new[] { "SchoolId", "IsActive", "Login" });
            migrationBuilder.CreateIndex(
                name: "IX_Users_SchoolId_IsActive_NationalId",
                table: "Users",
                columns: new[] { "SchoolId", "IsActive", "NationalId" });
            migrationBuilder.CreateIndex(
                name: "IX_Users_SchoolId_IsActive_PrenomSortKey",
                table: "Users",
                columns: new[] { "SchoolId", "IsActive", "PrenomSortKey" });
            migrationBuilder.CreateIndex(
                name: "IX_Users_SchoolId_IsActive_SortKey_SearchKey",
                table: "Users",
                columns: new[] { "SchoolId", "IsActive", "SortKey", "SearchKey" });
            migrationBuilder.CreateIndex(
                name: "IX_Users_SchoolId_Login",
                table: "Users",
                columns: new[] { "SchoolId", "Login" }, unique: true);
            migrationBuilder.CreateIndex(
                name: "IX_Users_SchoolId_NationalId",
                table: "Users",
                columns: new[] { "SchoolId", "NationalId" }, unique: true);
            migrationBuilder.CreateIndex(
                name: "IX_Users_SchoolId_Profil_IsActive_SortKey",
                table: "Users",
                columns: new[] { "SchoolId", "Profil", "IsActive", "SortKey" });
            migrationBuilder.CreateIndex(
                name: "IX_Groups_SchoolId_Type_Name",
                table: "Groups",
                columns: new[] { "SchoolId", "Type", "Name" }, unique: true);
            migrationBuilder.CreateIndex(
                name: "IX_AuditEntries_SchoolId_Action_At",
                table: "AuditEntries",
                columns: new[] { "SchoolId", "Action", "At" });
            migrationBuilder.CreateIndex(
                name: "IX_AuditEntries_SchoolId_At",
                table: "AuditEntries",
                columns: new[] { "SchoolId", "At" });
            migrationBuilder.CreateIndex(
                name: "IX_AnnuaireRuns_SchoolId_StartedAt",
                table: "AnnuaireRuns",
                columns: new[] { "SchoolId", "StartedAt" });
            migrationBuilder.CreateIndex(
                name: "IX_Accounts_LockedUntil",
                table: "Accounts",
                columns: new[] { "LockedUntil" });
            migrationBuilder.CreateIndex(
                name: "IX_Accounts_Login",
                table: "Accounts",
                columns: new[] { "Login" }, unique: true);
            migrationBuilder.CreateIndex(
                name: "IX_Schools_Uai",
                table: "Schools",
                columns: new[] { "Uai" }, unique: true);

            migrationBuilder.AddForeignKey(name: "FK_Users_Accounts_AccountId", table: "Users", column: "AccountId",
                principalTable: "Accounts", principalColumn: "Id", onDelete: ReferentialAction.Restrict);
            migrationBuilder.AddForeignKey(name: "FK_Users_Schools_SchoolId", table: "Users", column: "SchoolId",
                principalTable: "Schools", principalColumn: "Id", onDelete: ReferentialAction.Restrict);
            migrationBuilder.AddForeignKey(name: "FK_Groups_Schools_SchoolId", table: "Groups", column: "SchoolId",
                principalTable: "Schools", principalColumn: "Id", onDelete: ReferentialAction.Restrict);
            migrationBuilder.AddForeignKey(name: "FK_Sessions_Accounts_AccountId", table: "Sessions", column: "AccountId",
                principalTable: "Accounts", principalColumn: "Id", onDelete: ReferentialAction.Cascade);

            // The search vector gains the school in its tags (« #s3a1 », « #s3a1p0 »), and the counters count per school
            // (PostgreSqlUserSearch); the grid's own indexes start with the school.
            migrationBuilder.Sql("""
                CREATE FUNCTION "UserSearchLexemes"(key text, school integer, active boolean, profil integer) RETURNS tsvector
                    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
                    SELECT array_to_tsvector(words.w || prefixes.p || ARRAY[
                        '#s' || school::text || CASE WHEN active THEN 'a1' ELSE 'a0' END,
                        '#s' || school::text || CASE WHEN active THEN 'a1p' ELSE 'a0p' END || profil::text])
                    FROM (SELECT string_to_array(key, ' ')) AS words(w),
                        LATERAL (SELECT coalesce(array_agg(DISTINCT '^' || left(word, k)), '{}')
                            FROM unnest(words.w) AS word, generate_series(1, 3) AS k WHERE length(word) >= k) AS prefixes(p)
                    $$;
                ALTER TABLE "Users" ADD "SearchVector" tsvector
                    GENERATED ALWAYS AS ("UserSearchLexemes"("SearchKey", "SchoolId", "IsActive", "Profil")) STORED;
                CREATE INDEX "IX_Users_SearchVector" ON "Users" USING gin ("SearchVector");

                CREATE INDEX "IX_Users_SchoolId_IsActive_SortKey_Id" ON "Users" ("SchoolId", "IsActive", "SortKey", "Id") INCLUDE ("SearchKey");
                CREATE INDEX "IX_Users_SchoolId_IsActive_HasNationalId" ON "Users" ("SchoolId", "IsActive", ("NationalId" IS NOT NULL), "NationalId", "Id");
                CREATE INDEX "IX_Users_SchoolId_IsActive_HasEstablishmentId" ON "Users" ("SchoolId", "IsActive", ("EstablishmentId" IS NOT NULL), "EstablishmentId", "Id");

                CREATE TABLE "UserCounts" (
                    "SchoolId" integer NOT NULL, "IsActive" boolean NOT NULL, "Profil" integer NOT NULL, "Count" integer NOT NULL,
                    PRIMARY KEY ("SchoolId", "IsActive", "Profil"));
                INSERT INTO "UserCounts" ("SchoolId", "IsActive", "Profil", "Count")
                    SELECT "SchoolId", "IsActive", "Profil", count(*) FROM "Users" GROUP BY 1, 2, 3;
                CREATE FUNCTION "Users_Count"() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_OP = 'INSERT' THEN
                        INSERT INTO "UserCounts" AS c ("SchoolId", "IsActive", "Profil", "Count")
                            SELECT "SchoolId", "IsActive", "Profil", count(*) FROM new_rows GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
                            ON CONFLICT ("SchoolId", "IsActive", "Profil") DO UPDATE SET "Count" = c."Count" + excluded."Count";
                    ELSIF TG_OP = 'DELETE' THEN
                        UPDATE "UserCounts" AS c SET "Count" = c."Count" - d.n
                            FROM (SELECT "SchoolId", "IsActive", "Profil", count(*) AS n FROM old_rows GROUP BY 1, 2, 3 ORDER BY 1, 2, 3) d
                            WHERE c."SchoolId" = d."SchoolId" AND c."IsActive" = d."IsActive" AND c."Profil" = d."Profil";
                    ELSE
                        INSERT INTO "UserCounts" AS c ("SchoolId", "IsActive", "Profil", "Count")
                            SELECT "SchoolId", "IsActive", "Profil", sum(n) FROM (
                                SELECT "SchoolId", "IsActive", "Profil", 1 AS n FROM new_rows
                                UNION ALL SELECT "SchoolId", "IsActive", "Profil", -1 FROM old_rows) changes
                            GROUP BY 1, 2, 3 HAVING sum(n) <> 0 ORDER BY 1, 2, 3
                            ON CONFLICT ("SchoolId", "IsActive", "Profil") DO UPDATE SET "Count" = c."Count" + excluded."Count";
                    END IF;
                    RETURN NULL;
                END $$;
                CREATE TRIGGER "Users_Count_Insert" AFTER INSERT ON "Users"
                    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "Users_Count"();
                CREATE TRIGGER "Users_Count_Update" AFTER UPDATE ON "Users"
                    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "Users_Count"();
                CREATE TRIGGER "Users_Count_Delete" AFTER DELETE ON "Users"
                    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "Users_Count"();

                CREATE TABLE "UserPrefixCounts" (
                    "SchoolId" integer NOT NULL, "Prefix" text COLLATE "C" NOT NULL, "IsActive" boolean NOT NULL, "Profil" integer NOT NULL,
                    "Count" integer NOT NULL,
                    PRIMARY KEY ("SchoolId", "Prefix", "IsActive", "Profil"));
                INSERT INTO "UserPrefixCounts" ("SchoolId", "Prefix", "IsActive", "Profil", "Count")
                    SELECT "SchoolId", lexeme, "IsActive", "Profil", count(*) FROM "Users", unnest(tsvector_to_array("SearchVector")) AS lexeme
                    WHERE lexeme LIKE '^%' GROUP BY 1, 2, 3, 4;
                CREATE FUNCTION "Users_PrefixCount"() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_OP = 'INSERT' THEN
                        INSERT INTO "UserPrefixCounts" AS c ("SchoolId", "Prefix", "IsActive", "Profil", "Count")
                            SELECT "SchoolId", lexeme, "IsActive", "Profil", count(*) FROM new_rows, unnest(tsvector_to_array("SearchVector")) AS lexeme
                            WHERE lexeme LIKE '^%' GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
                            ON CONFLICT ("SchoolId", "Prefix", "IsActive", "Profil") DO UPDATE SET "Count" = c."Count" + excluded."Count";
                    ELSIF TG_OP = 'DELETE' THEN
                        INSERT INTO "UserPrefixCounts" AS c ("SchoolId", "Prefix", "IsActive", "Profil", "Count")
                            SELECT "SchoolId", lexeme, "IsActive", "Profil", -count(*) FROM old_rows, unnest(tsvector_to_array("SearchVector")) AS lexeme
                            WHERE lexeme LIKE '^%' GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
                            ON CONFLICT ("SchoolId", "Prefix", "IsActive", "Profil") DO UPDATE SET "Count" = c."Count" + excluded."Count";
                    ELSE
                        -- The vector holds the (school, active, profil) tags: an unchanged vector changes no count (a sign-in, a password).
                        INSERT INTO "UserPrefixCounts" AS c ("SchoolId", "Prefix", "IsActive", "Profil", "Count")
                            SELECT "SchoolId", lexeme, "IsActive", "Profil", sum(n) FROM (
                                    SELECT o."SearchVector", o."SchoolId", o."IsActive", o."Profil", -1 AS n
                                        FROM old_rows o JOIN new_rows n USING ("Id") WHERE o."SearchVector" <> n."SearchVector"
                                    UNION ALL
                                    SELECT n."SearchVector", n."SchoolId", n."IsActive", n."Profil", 1
                                        FROM old_rows o JOIN new_rows n USING ("Id") WHERE o."SearchVector" <> n."SearchVector") changes,
                                unnest(tsvector_to_array("SearchVector")) AS lexeme
                            WHERE lexeme LIKE '^%'
                            GROUP BY 1, 2, 3, 4 HAVING sum(n) <> 0 ORDER BY 1, 2, 3, 4
                            ON CONFLICT ("SchoolId", "Prefix", "IsActive", "Profil") DO UPDATE SET "Count" = c."Count" + excluded."Count";
                    END IF;
                    RETURN NULL;
                END $$;
                CREATE TRIGGER "Users_PrefixCount_Insert" AFTER INSERT ON "Users"
                    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "Users_PrefixCount"();
                CREATE TRIGGER "Users_PrefixCount_Update" AFTER UPDATE ON "Users"
                    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "Users_PrefixCount"();
                CREATE TRIGGER "Users_PrefixCount_Delete" AFTER DELETE ON "Users"
                    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "Users_PrefixCount"();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder) =>
            // Several schools cannot be folded back into one database of one school without choosing what to lose.
            throw new NotSupportedException("The Schools migration cannot be reverted: restore the backup taken before upgrading.");
    }
}
