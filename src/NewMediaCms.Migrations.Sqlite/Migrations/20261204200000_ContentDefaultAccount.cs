using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using NewMediaCms.Core.Data;

#nullable disable

namespace NewMediaCms.Migrations.Sqlite.Migrations
{
    /// <summary>
    /// Data only (hand-written; keep it when the migrations are regenerated): every content item belongs to an account.
    /// Items stored without one ("（不指定）") move to their department's site channel; a department without a running
    /// site channel gets one ("{部门}网站"). Versions follow their item (ItemFactsInterceptor's copy, done here in SQL).
    /// The same SQL runs on SQLite and PostgreSQL.
    /// </summary>
    [DbContext(typeof(NmcDbContext))]
    [Migration("20261204200000_ContentDefaultAccount")]
    public partial class ContentDefaultAccount : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                INSERT INTO "Accounts" ("Id", "TenantId", "Platform", "Kind", "Name", "OperatingUnit", "SupervisingUnit", "Description", "IsMain", "State",
                    "FilingNumber", "ResponsiblePerson", "Contact", "CreatedUtc", "UpdatedUtc")
                SELECT t."Id" || '-site', t."Id", 'SiteChannel', 'Publishing', t."DisplayName" || '网站', t."DisplayName", '',
                    '部门网站栏目（为未指定账号的内容开设）', FALSE, 'Active', '', '', '', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP
                FROM "Tenants" t
                WHERE EXISTS (SELECT 1 FROM "ContentItems" i WHERE i."TenantId" = t."Id" AND i."AccountId" IS NULL)
                  AND NOT EXISTS (SELECT 1 FROM "Accounts" a WHERE a."TenantId" = t."Id" AND a."Platform" = 'SiteChannel' AND a."State" IN ('Active', 'Suspended'))
                  AND NOT EXISTS (SELECT 1 FROM "Accounts" a WHERE a."Id" = t."Id" || '-site');
                """);
            migrationBuilder.Sql("""
                UPDATE "ContentItems" SET "AccountId" = (
                    SELECT a."Id" FROM "Accounts" a
                    WHERE a."TenantId" = "ContentItems"."TenantId" AND a."Platform" = 'SiteChannel' AND a."State" IN ('Active', 'Suspended')
                    ORDER BY a."IsMain" DESC, a."Id" LIMIT 1)
                WHERE "AccountId" IS NULL;
                """);
            migrationBuilder.Sql("""
                UPDATE "ContentVersions" SET "AccountId" = (SELECT i."AccountId" FROM "ContentItems" i WHERE i."Id" = "ContentVersions"."ContentItemId")
                WHERE "AccountId" IS NULL;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // The accounts the items were given are facts now; nothing to undo.
        }
    }
}
