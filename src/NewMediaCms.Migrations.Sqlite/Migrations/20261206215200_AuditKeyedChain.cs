using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace NewMediaCms.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class AuditKeyedChain : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "BaseHash",
                table: "AuditHead",
                type: "TEXT",
                maxLength: 64,
                nullable: false,
                defaultValue: "0000000000000000000000000000000000000000000000000000000000000000");

            migrationBuilder.AddColumn<long>(
                name: "BaseSequence",
                table: "AuditHead",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<string>(
                name: "KeyId",
                table: "AuditHead",
                type: "TEXT",
                maxLength: 64,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Plain SQL: the migration before this one has no target model, so EF Core cannot rebuild the table (SQLite 3.35+ drops columns itself).
            migrationBuilder.Sql("ALTER TABLE \"AuditHead\" DROP COLUMN \"BaseHash\";");
            migrationBuilder.Sql("ALTER TABLE \"AuditHead\" DROP COLUMN \"BaseSequence\";");
            migrationBuilder.Sql("ALTER TABLE \"AuditHead\" DROP COLUMN \"KeyId\";");
        }
    }
}
