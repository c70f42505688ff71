using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace NewMediaCms.Migrations.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class InspectionAggregates : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ContentItems_AccountId",
                table: "ContentItems");

            migrationBuilder.CreateIndex(
                name: "IX_ReviewApprovals_ReviewEvidence",
                table: "ReviewApprovals",
                columns: new[] { "VersionId", "Level", "Voided", "ContentHash" });

            migrationBuilder.CreateIndex(
                name: "IX_ContentVersions_Inspection",
                table: "ContentVersions",
                columns: new[] { "ContentItemId", "Published", "PublishedUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_ContentVersions_ReviewEvidence",
                table: "ContentVersions",
                columns: new[] { "Published", "PublishedUtc", "TenantId", "ContentHash" });

            migrationBuilder.CreateIndex(
                name: "IX_ContentItems_Inspection",
                table: "ContentItems",
                columns: new[] { "AccountId", "ContentType", "TenantId", "Deleted", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ReviewApprovals_ReviewEvidence",
                table: "ReviewApprovals");

            migrationBuilder.DropIndex(
                name: "IX_ContentVersions_Inspection",
                table: "ContentVersions");

            migrationBuilder.DropIndex(
                name: "IX_ContentVersions_ReviewEvidence",
                table: "ContentVersions");

            migrationBuilder.DropIndex(
                name: "IX_ContentItems_Inspection",
                table: "ContentItems");

            migrationBuilder.CreateIndex(
                name: "IX_ContentItems_AccountId",
                table: "ContentItems",
                column: "AccountId");
        }
    }
}
