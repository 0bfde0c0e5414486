using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TeamsBot.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class UnfinishedTurnsIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_turns_ReplyToId",
                table: "turns",
                column: "ReplyToId");

            migrationBuilder.CreateIndex(
                name: "IX_turns_Unfinished",
                table: "turns",
                columns: new[] { "ConversationId", "Id" },
                filter: "\"Role\" = 'User' AND (\"Status\" = 'Pending' OR (\"Status\" = 'Answered' AND \"AnswerDeliveredAt\" IS NULL))");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_turns_ReplyToId",
                table: "turns");

            migrationBuilder.DropIndex(
                name: "IX_turns_Unfinished",
                table: "turns");
        }
    }
}
