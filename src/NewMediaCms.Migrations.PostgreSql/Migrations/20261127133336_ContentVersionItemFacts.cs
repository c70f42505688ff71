using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace NewMediaCms.Migrations.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class ContentVersionItemFacts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "AccountId",
                table: "ContentVersions",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ContentType",
                table: "ContentVersions",
                type: "character varying(50)",
                maxLength: 50,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<bool>(
                name: "ItemDeleted",
                table: "ContentVersions",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            // Existing versions take their item's facts once; from now on every save keeps them (ItemFactsInterceptor).
            migrationBuilder.Sql("""
                UPDATE "ContentVersions" SET "AccountId" = i."AccountId", "ContentType" = i."ContentType", "ItemDeleted" = i."Deleted"
                FROM "ContentItems" AS i WHERE i."Id" = "ContentVersions"."ContentItemId"
                """);

            migrationBuilder.CreateIndex(
                name: "IX_ContentVersions_Posting",
                table: "ContentVersions",
                columns: new[] { "Published", "ItemDeleted", "AccountId", "ContentType", "TenantId", "PublishedUtc" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ContentVersions_Posting",
                table: "ContentVersions");

            migrationBuilder.DropColumn(
                name: "AccountId",
                table: "ContentVersions");

            migrationBuilder.DropColumn(
                name: "ContentType",
                table: "ContentVersions");

            migrationBuilder.DropColumn(
                name: "ItemDeleted",
                table: "ContentVersions");
        }
    }
}
