using System.Diagnostics.CodeAnalysis;
using System.Globalization;

#pragma warning disable CA1050 // The runtime looks the hook up by this exact name, outside any namespace.

/// <summary>
/// Loaded into the bot's process by <c>DOTNET_STARTUP_HOOKS</c> for the growing-conversation run only: every 100 ms
/// it writes the process's allocated bytes and GC counts to the file named by <c>TEAMSBOT_LOADTEST_PROBE</c>, so
/// allocations per turn are measured without changing the product.
/// </summary>
[SuppressMessage("Design", "CA1050", Justification = "Startup hooks are found by the type name StartupHook.")]
internal static class StartupHook
{
    public const string ProbeFileVariable = "TEAMSBOT_LOADTEST_PROBE";

    public static void Initialize()
    {
        string? path = Environment.GetEnvironmentVariable(ProbeFileVariable);
        if (string.IsNullOrEmpty(path))
        {
            return;
        }

        var thread = new Thread(() => WriteLoop(path)) { IsBackground = true, Name = "load test probe" };
        thread.Start();
    }

    private static void WriteLoop(string path)
    {
        string temporary = path + ".tmp";
        while (true)
        {
            string line = string.Create(CultureInfo.InvariantCulture,
                $"{GC.GetTotalAllocatedBytes(false)} {GC.CollectionCount(0)} {GC.CollectionCount(1)} {GC.CollectionCount(2)} {GC.GetTotalMemory(false)}");
            File.WriteAllText(temporary, line);
            File.Move(temporary, path, overwrite: true);
            Thread.Sleep(100);
        }
    }
}
