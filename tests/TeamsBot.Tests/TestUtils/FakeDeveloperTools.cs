namespace TeamsBot.Tests.TestUtils;

/// <summary>
/// A temp folder of fake <c>az</c>, <c>azd</c> and <c>pwsh</c> scripts that only record that they ran (a marker
/// file each) and fail. Put <see cref="Folder"/> alone on a child process's PATH: any developer credential that
/// shells out to one of them leaves a marker in <see cref="Started"/>.
/// </summary>
public sealed class FakeDeveloperTools : IDisposable
{
    private static readonly string[] Tools = ["az", "azd", "pwsh"];

    public FakeDeveloperTools()
    {
        Folder = Path.Combine(Path.GetTempPath(), "teamsbot-tests", "tools-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Folder);
        foreach (var tool in Tools)
        {
            string script = Path.Combine(Folder, tool);
            File.WriteAllText(script, $"#!/bin/sh\necho \"$@\" >> '{Path.Combine(Folder, tool + ".ran")}'\nexit 1\n");
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }
    }

    public string Folder { get; }

    /// <summary>The tools that were run so far.</summary>
    public IReadOnlyList<string> Started =>
        [.. Tools.Where(tool => File.Exists(Path.Combine(Folder, tool + ".ran")))];

    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A tool still running holds the folder; the temp folder is cleaned later.
        }
    }
}
