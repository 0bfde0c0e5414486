using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TeamsBot.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class TurnDlpVerdict : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "DlpVerdict",
                table: "turns",
                type: "TEXT",
                nullable: true);

            // An older version stored the message raw and rewrote it only once DLP had run: a message refused
            // before that (or still waiting now) kept its raw text. Receipt now stores the redacted text only.
            migrationBuilder.Sql("UPDATE turns SET \"Text\" = '' WHERE \"Role\" = 'User' AND \"Status\" <> 'Answered';");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "DlpVerdict",
                table: "turns");
        }
    }
}
