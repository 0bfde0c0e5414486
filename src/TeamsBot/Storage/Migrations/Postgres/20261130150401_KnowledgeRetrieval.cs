using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TeamsBot.Storage.Migrations.Postgres
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
                type: "character varying(128)",
                maxLength: 128,
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "Embedding",
                table: "knowledge_chunks",
                type: "bytea",
                nullable: true);

            TeamsBot.Knowledge.KnowledgeSearchSql.CreatePostgres(migrationBuilder);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            TeamsBot.Knowledge.KnowledgeSearchSql.DropPostgres(migrationBuilder);

            migrationBuilder.DropColumn(
                name: "EmbeddingModel",
                table: "knowledge_documents");

            migrationBuilder.DropColumn(
                name: "Embedding",
                table: "knowledge_chunks");
        }
    }
}
