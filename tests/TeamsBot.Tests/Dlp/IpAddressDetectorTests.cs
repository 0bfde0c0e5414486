using TeamsBot.Dlp.Detectors;

namespace TeamsBot.Tests.Dlp;

public sealed class IpAddressDetectorTests
{
    private readonly IpAddressDetector _detector = new();

    [Theory]
    [InlineData("10.0.0.1")]
    [InlineData("192.168.1.254")]
    [InlineData("8.8.8.8")]
    [InlineData("2001:db8::8a2e:370:7334")]
    [InlineData("2001:0db8:85a3:0000:0000:8a2e:0370:7334")]
    [InlineData("fe80::1")]
    public void Find_IpAddress_Detected(string ip) => DetectorAssert.Finds(_detector, $"Server at {ip}.", ip);

    [Fact]
    public void Find_BracketedIpv6WithPort_FindsAddress() =>
        DetectorAssert.Finds(_detector, "https://[2001:db8::1]:443/", "2001:db8::1");

    [Theory]
    [InlineData("256.1.1.1")]
    [InlineData("1.2.3")]
    [InlineData("1.2.3.4.5")]
    [InlineData("v1.2.3.4")]
    [InlineData("version 1.0.0.0")]
    [InlineData("AssemblyVersion: 4.0.0.0")]
    [InlineData("01.02.03.04")]
    [InlineData("127.0.0.1")]
    [InlineData("0.0.0.0")]
    [InlineData("255.255.255.0")]
    [InlineData("::1")]
    [InlineData("at 12:30:45 today")]
    [InlineData("std::vector<int>")]
    [InlineData("a::b")]
    [InlineData("MAC 00:1A:2B:3C:4D:5E")]
    [InlineData("Note: deadline")]
    public void Find_NotAnIpAddress_NotDetected(string text) => DetectorAssert.FindsNothing(_detector, text);
}
