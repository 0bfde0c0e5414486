using TeamsBot.Tests.Infra;

namespace TeamsBot.Tests.AppPackage;

/// <summary>Runs the .NET file-based scripts in appPackage/ exactly as the admin guide says: `dotnet run appPackage/x.cs -- …`.</summary>
public static class PackageToolRunner
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    public static Task<ProcessResult> RunPackageAsync(params string[] arguments) => RunScriptAsync("package.cs", arguments);

    public static Task<ProcessResult> RunIconsAsync(params string[] arguments) => RunScriptAsync("icons.cs", arguments);

    private static Task<ProcessResult> RunScriptAsync(string script, string[] arguments)
    {
        var environment = new Dictionary<string, string?>
        {
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["DOTNET_NOLOGO"] = "1",
            // No build servers or reused MSBuild nodes may outlive the test.
            ["MSBUILDDISABLENODEREUSE"] = "1",
            ["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0",
            ["UseSharedCompilation"] = "false",
            // Settings the test host inherits from the outer build must not steer the inner one.
            ["MSBuildExtensionsPath"] = null,
            ["MSBUILD_EXE_PATH"] = null,
            ["MSBuildSDKsPath"] = null,
        };

        return ExternalProcess.RunAsync(
            DotnetPath(),
            ["run", $"appPackage/{script}", "--", .. arguments],
            RepositoryPaths.Root,
            environment,
            Timeout);
    }

    private static string DotnetPath()
    {
        var hostPath = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(hostPath) && File.Exists(hostPath))
        {
            return hostPath;
        }

        var processPath = Environment.ProcessPath;
        if (processPath is not null && Path.GetFileNameWithoutExtension(processPath) == "dotnet")
        {
            return processPath;
        }

        return ExternalProcess.FindOnPath("dotnet") ?? "dotnet";
    }
}
