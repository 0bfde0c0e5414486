using System.Reflection;
using System.Runtime.Versioning;

namespace TeamsBot.Bot;

/// <summary>
/// Every new ConnectorClient (one per turn, received or proactive) reads the entry assembly's
/// <see cref="TargetFrameworkAttribute"/>, and the runtime sets the attribute's <c>FrameworkDisplayName</c> through
/// reflection with an invoke stub it compiles and keeps in the attribute type's reflection cache. That cache is held
/// weakly: under load nearly every collection took it, so the stub was compiled again some twenty times a second and
/// each old copy kept the finalizer thread busy. Holding the property holds the cache, and its one stub.
/// </summary>
internal static class FrameworkAttributeCache
{
    private static PropertyInfo? _kept;

    /// <summary>Keeps the cache for the life of the process; calling it again changes nothing.</summary>
    public static void Keep() =>
        _kept ??= typeof(TargetFrameworkAttribute).GetProperty(nameof(TargetFrameworkAttribute.FrameworkDisplayName));
}
