using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TeamsBot.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class KnowledgeRetrieval : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "EmbeddingModel",
                table: "knowledge_documents",
                type: "TEXT",
                maxLength: 128,
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "Embedding",
                table: "knowledge_chunks",
                type: "BLOB",
                nullable: true);

            TeamsBot.Knowledge.KnowledgeSearchSql.CreateSqlite(migrationBuilder);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            TeamsBot.Knowledge.KnowledgeSearchSql.DropSqlite(migrationBuilder);

            migrationBuilder.DropColumn(
                name: "EmbeddingModel",
                table: "knowledge_documents");

            migrationBuilder.DropColumn(
                name: "Embedding",
                table: "knowledge_chunks");
        }
    }
}
