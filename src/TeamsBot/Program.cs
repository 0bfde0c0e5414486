using TeamsBot.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddTeamsBot();

var app = builder.Build();
app.MapTeamsBot();
app.Run();

/// <summary>Visible to the functional tests' WebApplicationFactory.</summary>
public partial class Program;
