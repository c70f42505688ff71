using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace NewMediaCms.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class ContentList : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "ItemCreatedUtc",
                table: "ContentVersions",
                type: "TEXT",
                nullable: false,
                defaultValue: new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified));

            migrationBuilder.AddColumn<DateTime>(
                name: "UpdatedUtc",
                table: "ContentVersions",
                type: "TEXT",
                nullable: false,
                defaultValue: new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified));

            // Existing versions: their item's creation time, and their last change as far as the review rows know it (else their creation);
            // from now on every save keeps both (ItemFactsInterceptor).
            migrationBuilder.Sql("""
                UPDATE "ContentVersions" SET "ItemCreatedUtc" = i."CreatedUtc"
                FROM "ContentItems" AS i WHERE i."Id" = "ContentVersions"."ContentItemId"
                """);
            migrationBuilder.Sql("""
                UPDATE "ContentVersions" SET "UpdatedUtc" = COALESCE(
                    (SELECT r."UpdatedUtc" FROM "VersionReviews" AS r WHERE r."VersionId" = "ContentVersions"."Id"), "CreatedUtc")
                """);

            migrationBuilder.CreateTable(
                name: "ReviewerViews",
                columns: table => new
                {
                    ContentItemId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    UserName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    TenantId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    VersionId = table.Column<long>(type: "INTEGER", nullable: false),
                    Number = table.Column<int>(type: "INTEGER", nullable: false),
                    ContentHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    FieldsJson = table.Column<string>(type: "TEXT", nullable: false),
                    Markdown = table.Column<string>(type: "TEXT", nullable: false),
                    How = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    SeenUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReviewerViews", x => new { x.ContentItemId, x.UserName });
                    table.ForeignKey(
                        name: "FK_ReviewerViews_ContentItems_ContentItemId",
                        column: x => x.ContentItemId,
                        principalTable: "ContentItems",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ContentVersions_List_Created",
                table: "ContentVersions",
                columns: new[] { "TenantId", "ItemCreatedUtc", "Id", "Latest", "ItemDeleted" });

            migrationBuilder.CreateIndex(
                name: "IX_ContentVersions_List_Published",
                table: "ContentVersions",
                columns: new[] { "TenantId", "PublishedUtc", "Id", "Latest", "ItemDeleted" });

            migrationBuilder.CreateIndex(
                name: "IX_ContentVersions_List_Title",
                table: "ContentVersions",
                columns: new[] { "TenantId", "Title", "Id", "Latest", "ItemDeleted" });

            migrationBuilder.CreateIndex(
                name: "IX_ContentVersions_List_Updated",
                table: "ContentVersions",
                columns: new[] { "TenantId", "UpdatedUtc", "Id", "Latest", "ItemDeleted" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ReviewerViews");

            migrationBuilder.DropIndex(
                name: "IX_ContentVersions_List_Created",
                table: "ContentVersions");

            migrationBuilder.DropIndex(
                name: "IX_ContentVersions_List_Published",
                table: "ContentVersions");

            migrationBuilder.DropIndex(
                name: "IX_ContentVersions_List_Title",
                table: "ContentVersions");

            migrationBuilder.DropIndex(
                name: "IX_ContentVersions_List_Updated",
                table: "ContentVersions");

            migrationBuilder.DropColumn(
                name: "ItemCreatedUtc",
                table: "ContentVersions");

            migrationBuilder.DropColumn(
                name: "UpdatedUtc",
                table: "ContentVersions");
        }
    }
}
