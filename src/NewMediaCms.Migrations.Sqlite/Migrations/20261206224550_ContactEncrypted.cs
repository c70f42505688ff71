using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace NewMediaCms.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class ContactEncrypted : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {

        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {

        }
    }
}
