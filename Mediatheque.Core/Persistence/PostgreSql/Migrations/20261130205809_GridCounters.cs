using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Mediatheque.Core.Persistence.PostgreSql.Migrations
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
                    GroupId = table.Column<int>(type: "integer", nullable: false),
                    IsActive = table.Column<bool>(type: "boolean", nullable: false),
                    Profil = table.Column<int>(type: "integer", nullable: false),
                    Count = table.Column<int>(type: "integer", nullable: false)
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

            // The members of each group per (active, profil), kept by statement triggers (GroupCount), as written on
            // 2026-11-30: a migration carries its own SQL. A membership counts its user's state when it is added or
            // removed; a user whose active flag or profile changes moves between the counts of their groups. The
            // members' users are locked FOR SHARE while counted: a concurrent change of their state then waits for
            // this transaction (or this one for it), and whichever runs second sees the other's rows, so no member is
            // counted in a state it no longer has. A user deleted loses their memberships first (BEFORE trigger),
            // while the user is still there to be counted; the foreign key's cascade would come after.
            migrationBuilder.Sql("""
                INSERT INTO "GroupCounts" ("GroupId", "IsActive", "Profil", "Count")
                    SELECT m."GroupId", u."IsActive", u."Profil", count(*) FROM "Memberships" m JOIN "Users" u ON u."Id" = m."UserId"
                    GROUP BY 1, 2, 3;

                CREATE FUNCTION "Memberships_GroupCount"() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_OP IN ('DELETE', 'UPDATE') THEN
                        UPDATE "GroupCounts" AS c SET "Count" = c."Count" - d.n
                            FROM (SELECT "GroupId", "IsActive", "Profil", count(*) AS n FROM (
                                    SELECT o."GroupId", u."IsActive", u."Profil" FROM old_rows o JOIN "Users" u ON u."Id" = o."UserId"
                                    FOR SHARE OF u) members
                                GROUP BY 1, 2, 3) d
                            WHERE c."GroupId" = d."GroupId" AND c."IsActive" = d."IsActive" AND c."Profil" = d."Profil";
                    END IF;
                    IF TG_OP IN ('INSERT', 'UPDATE') THEN
                        INSERT INTO "GroupCounts" AS c ("GroupId", "IsActive", "Profil", "Count")
                            SELECT "GroupId", "IsActive", "Profil", count(*) FROM (
                                    SELECT n."GroupId", u."IsActive", u."Profil" FROM new_rows n JOIN "Users" u ON u."Id" = n."UserId"
                                    FOR SHARE OF u) members
                                GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
                            ON CONFLICT ("GroupId", "IsActive", "Profil") DO UPDATE SET "Count" = c."Count" + excluded."Count";
                    END IF;
                    RETURN NULL;
                END $$;
                CREATE TRIGGER "Memberships_GroupCount_Insert" AFTER INSERT ON "Memberships"
                    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "Memberships_GroupCount"();
                CREATE TRIGGER "Memberships_GroupCount_Update" AFTER UPDATE ON "Memberships"
                    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "Memberships_GroupCount"();
                CREATE TRIGGER "Memberships_GroupCount_Delete" AFTER DELETE ON "Memberships"
                    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "Memberships_GroupCount"();

                CREATE FUNCTION "Users_GroupCount"() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    INSERT INTO "GroupCounts" AS c ("GroupId", "IsActive", "Profil", "Count")
                        SELECT m."GroupId", s."IsActive", s."Profil", sum(s.n) FROM (
                                SELECT o."Id", o."IsActive", o."Profil", -1 AS n FROM old_rows o JOIN new_rows n USING ("Id")
                                    WHERE (o."IsActive", o."Profil") IS DISTINCT FROM (n."IsActive", n."Profil")
                                UNION ALL
                                SELECT n."Id", n."IsActive", n."Profil", 1 FROM old_rows o JOIN new_rows n USING ("Id")
                                    WHERE (o."IsActive", o."Profil") IS DISTINCT FROM (n."IsActive", n."Profil")) s
                            JOIN "Memberships" m ON m."UserId" = s."Id"
                            GROUP BY 1, 2, 3 HAVING sum(s.n) <> 0 ORDER BY 1, 2, 3
                        ON CONFLICT ("GroupId", "IsActive", "Profil") DO UPDATE SET "Count" = c."Count" + excluded."Count";
                    RETURN NULL;
                END $$;
                CREATE TRIGGER "Users_GroupCount_Update" AFTER UPDATE ON "Users"
                    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "Users_GroupCount"();

                CREATE FUNCTION "Users_DeleteMemberships"() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    DELETE FROM "Memberships" WHERE "UserId" = OLD."Id";
                    RETURN OLD;
                END $$;
                CREATE TRIGGER "Users_GroupCount_Delete" BEFORE DELETE ON "Users"
                    FOR EACH ROW EXECUTE FUNCTION "Users_DeleteMemberships"();
                """);

            // The search vector gains the prefixes of its words, one to three letters, as lexemes of their own
            // (« ^m », « ^ma », « ^mar »), as SQLite's FTS5 has prefix indexes: a short typed word is then one posting
            // list, not the union of thousands (every login and Id National is a word of its own: 'm':* merged
            // 12,600 lists). Single short words, which match tens of thousands of users, are counted from
            // « UserPrefixCounts », kept by statement triggers: counting them from the index read every matching row.
            migrationBuilder.Sql("""
                CREATE FUNCTION "UserSearchLexemes"(key text, active boolean, profil integer) RETURNS tsvector
                    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
                    SELECT array_to_tsvector(words.w || prefixes.p || ARRAY[
                        CASE WHEN active THEN '#a1' ELSE '#a0' END,
                        CASE WHEN active THEN '#a1p' ELSE '#a0p' END || profil::text])
                    FROM (SELECT string_to_array(key, ' ')) AS words(w),
                        LATERAL (SELECT coalesce(array_agg(DISTINCT '^' || left(word, k)), '{}')
                            FROM unnest(words.w) AS word, generate_series(1, 3) AS k WHERE length(word) >= k) AS prefixes(p)
                    $$;
                ALTER TABLE "Users" DROP COLUMN "SearchVector";
                ALTER TABLE "Users" ADD "SearchVector" tsvector
                    GENERATED ALWAYS AS ("UserSearchLexemes"("SearchKey", "IsActive", "Profil")) STORED;
                CREATE INDEX "IX_Users_SearchVector" ON "Users" USING gin ("SearchVector");

                -- The grid's walk in name order, index only: the id (for the page and a group's membership probe)
                -- and the folded key (a broad search's words) in the index, so that the heap is read for the page's
                -- rows alone. SQLite's (IsActive, SortKey, SearchKey) index holds the rowid, which is the id.
                CREATE INDEX "IX_Users_IsActive_SortKey_Id" ON "Users" ("IsActive", "SortKey", "Id") INCLUDE ("SearchKey");

                CREATE TABLE "UserPrefixCounts" (
                    "Prefix" text COLLATE "C" NOT NULL, "IsActive" boolean NOT NULL, "Profil" integer NOT NULL, "Count" integer NOT NULL,
                    PRIMARY KEY ("Prefix", "IsActive", "Profil"));
                INSERT INTO "UserPrefixCounts" ("Prefix", "IsActive", "Profil", "Count")
                    SELECT lexeme, "IsActive", "Profil", count(*) FROM "Users", unnest(tsvector_to_array("SearchVector")) AS lexeme
                    WHERE lexeme LIKE '^%' GROUP BY 1, 2, 3;
                CREATE FUNCTION "Users_PrefixCount"() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_OP = 'INSERT' THEN
                        INSERT INTO "UserPrefixCounts" AS c ("Prefix", "IsActive", "Profil", "Count")
                            SELECT lexeme, "IsActive", "Profil", count(*) FROM new_rows, unnest(tsvector_to_array("SearchVector")) AS lexeme
                            WHERE lexeme LIKE '^%' GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
                            ON CONFLICT ("Prefix", "IsActive", "Profil") DO UPDATE SET "Count" = c."Count" + excluded."Count";
                    ELSIF TG_OP = 'DELETE' THEN
                        INSERT INTO "UserPrefixCounts" AS c ("Prefix", "IsActive", "Profil", "Count")
                            SELECT lexeme, "IsActive", "Profil", -count(*) FROM old_rows, unnest(tsvector_to_array("SearchVector")) AS lexeme
                            WHERE lexeme LIKE '^%' GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
                            ON CONFLICT ("Prefix", "IsActive", "Profil") DO UPDATE SET "Count" = c."Count" + excluded."Count";
                    ELSE
                        -- The vector holds the (active, profil) tags: an unchanged vector changes no count (a sign-in, a password).
                        INSERT INTO "UserPrefixCounts" AS c ("Prefix", "IsActive", "Profil", "Count")
                            SELECT lexeme, "IsActive", "Profil", sum(n) FROM (
                                    SELECT o."SearchVector", o."IsActive", o."Profil", -1 AS n
                                        FROM old_rows o JOIN new_rows n USING ("Id") WHERE o."SearchVector" <> n."SearchVector"
                                    UNION ALL
                                    SELECT n."SearchVector", n."IsActive", n."Profil", 1
                                        FROM old_rows o JOIN new_rows n USING ("Id") WHERE o."SearchVector" <> n."SearchVector") changes,
                                unnest(tsvector_to_array("SearchVector")) AS lexeme
                            WHERE lexeme LIKE '^%'
                            GROUP BY 1, 2, 3 HAVING sum(n) <> 0 ORDER BY 1, 2, 3
                            ON CONFLICT ("Prefix", "IsActive", "Profil") DO UPDATE SET "Count" = c."Count" + excluded."Count";
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
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER IF EXISTS "Users_PrefixCount_Delete" ON "Users";
                DROP TRIGGER IF EXISTS "Users_PrefixCount_Update" ON "Users";
                DROP TRIGGER IF EXISTS "Users_PrefixCount_Insert" ON "Users";
                DROP FUNCTION IF EXISTS "Users_PrefixCount"();
                DROP TABLE IF EXISTS "UserPrefixCounts";
                DROP INDEX IF EXISTS "IX_Users_IsActive_SortKey_Id";
                ALTER TABLE "Users" DROP COLUMN "SearchVector";
                DROP FUNCTION IF EXISTS "UserSearchLexemes"(text, boolean, integer);
                ALTER TABLE "Users" ADD "SearchVector" tsvector GENERATED ALWAYS AS (
                    array_to_tsvector(string_to_array("SearchKey", ' ') || ARRAY[
                        CASE WHEN "IsActive" THEN '#a1' ELSE '#a0' END,
                        CASE WHEN "IsActive" THEN '#a1p' ELSE '#a0p' END || "Profil"::text])) STORED;
                CREATE INDEX "IX_Users_SearchVector" ON "Users" USING gin ("SearchVector");

                DROP TRIGGER IF EXISTS "Users_GroupCount_Delete" ON "Users";
                DROP FUNCTION IF EXISTS "Users_DeleteMemberships"();
                DROP TRIGGER IF EXISTS "Users_GroupCount_Update" ON "Users";
                DROP FUNCTION IF EXISTS "Users_GroupCount"();
                DROP TRIGGER IF EXISTS "Memberships_GroupCount_Delete" ON "Memberships";
                DROP TRIGGER IF EXISTS "Memberships_GroupCount_Update" ON "Memberships";
                DROP TRIGGER IF EXISTS "Memberships_GroupCount_Insert" ON "Memberships";
                DROP FUNCTION IF EXISTS "Memberships_GroupCount"();
                """);

            migrationBuilder.DropTable(
                name: "GroupCounts");
        }
    }
}
