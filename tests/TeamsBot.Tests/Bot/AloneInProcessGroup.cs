namespace TeamsBot.Tests.Bot;

/// <summary>Tests that measure the whole process (methods compiled, CPU) and so run while no other test does.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AloneInProcessGroup
{
    public const string Name = "Alone in the process";
}
