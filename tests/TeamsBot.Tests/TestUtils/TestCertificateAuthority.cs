using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace TeamsBot.Tests.TestUtils;

/// <summary>
/// A throw-away certificate authority for one test run. It issues a server certificate for 127.0.0.1 and localhost
/// (the HTTPS doubles use it) and writes a PEM bundle (system roots + this CA) that a child process trusts through
/// <c>SSL_CERT_FILE</c>, which .NET on Linux reads via OpenSSL. Nothing is installed into any machine or user store.
/// </summary>
public sealed class TestCertificateAuthority : IDisposable
{
    private const string SystemBundlePath = "/etc/ssl/certs/ca-certificates.crt";

    private static readonly Lazy<TestCertificateAuthority> LazyShared = new(() =>
    {
        var authority = Create();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => authority.Dispose();
        return authority;
    });

    private readonly X509Certificate2 _caCertificate;
    private readonly string _directory;

    private TestCertificateAuthority(X509Certificate2 caCertificate, X509Certificate2 serverCertificate, string directory)
    {
        _caCertificate = caCertificate;
        ServerCertificate = serverCertificate;
        _directory = directory;
        BundlePath = Path.Combine(directory, "ca-bundle.pem");
        CaCertificatePath = Path.Combine(directory, "test-ca.pem");
    }

    /// <summary>One authority for the whole test run (key generation is the slow part); removed at process exit.</summary>
    public static TestCertificateAuthority Shared => LazyShared.Value;

    /// <summary>The CA certificate (public part only).</summary>
    public X509Certificate2 CaCertificate => _caCertificate;

    /// <summary>Server certificate with private key; SAN: 127.0.0.1, ::1, localhost.</summary>
    public X509Certificate2 ServerCertificate { get; }

    /// <summary>PEM file with the system roots followed by this CA. Point <c>SSL_CERT_FILE</c> at it.</summary>
    public string BundlePath { get; }

    /// <summary>PEM file with only this CA.</summary>
    public string CaCertificatePath { get; }

    /// <summary>Environment variables that make a .NET child process on Linux trust this CA (and the system roots).</summary>
    public IReadOnlyDictionary<string, string> ChildProcessEnvironment =>
        new Dictionary<string, string>(StringComparer.Ordinal) { ["SSL_CERT_FILE"] = BundlePath };

    public static TestCertificateAuthority Create()
    {
        var directory = Path.Combine(Path.GetTempPath(), "teamsbot-tests", "ca-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);

        using var caKey = RSA.Create(2048);
        var caRequest = new CertificateRequest(
            "CN=TeamsBot Test CA, O=TeamsBot tests", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        var notBefore = DateTimeOffset.UtcNow.AddMinutes(-5);
        using var caWithKey = caRequest.CreateSelfSigned(notBefore, notBefore.AddDays(2));

        using var serverKey = RSA.Create(2048);
        var serverRequest = new CertificateRequest(
            "CN=localhost", serverKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        san.AddIpAddress(IPAddress.IPv6Loopback);
        san.AddDnsName("localhost");
        serverRequest.CertificateExtensions.Add(san.Build());
        serverRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        serverRequest.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        serverRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1")], false));
        serverRequest.CertificateExtensions.Add(
            X509AuthorityKeyIdentifierExtension.CreateFromCertificate(caWithKey, true, false));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        using var serverPublic = serverRequest.Create(caWithKey, notBefore, notBefore.AddDays(1), serial);
        using var serverWithKey = serverPublic.CopyWithPrivateKey(serverKey);

        // Round-trip through PKCS#12 so the key is usable by SslStream on every platform.
        var server = X509CertificateLoader.LoadPkcs12(serverWithKey.Export(X509ContentType.Pkcs12), null);
        var caPublic = X509CertificateLoader.LoadCertificate(caWithKey.Export(X509ContentType.Cert));

        var authority = new TestCertificateAuthority(caPublic, server, directory);
        authority.WriteBundles();
        return authority;
    }

    /// <summary>A handler for the test's own HttpClients that trusts exactly this CA (no system roots).</summary>
    public HttpClientHandler CreateTrustingHandler()
    {
        var handler = new HttpClientHandler();
        handler.ServerCertificateCustomValidationCallback = (_, certificate, _, errors) =>
        {
            if (certificate is null)
            {
                return false;
            }

            if ((errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
            {
                return false; // name mismatch or missing certificate
            }

            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(_caCertificate);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            return chain.Build(certificate);
        };
        return handler;
    }

    public void Dispose()
    {
        ServerCertificate.Dispose();
        _caCertificate.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: the temp folder is cleaned by the OS eventually.
        }
    }

    private void WriteBundles()
    {
        var caPem = _caCertificate.ExportCertificatePem() + "\n";
        File.WriteAllText(CaCertificatePath, caPem, Encoding.ASCII);

        var bundle = new StringBuilder();
        if (File.Exists(SystemBundlePath))
        {
            bundle.Append(File.ReadAllText(SystemBundlePath)).Append('\n');
        }

        bundle.Append(caPem);
        File.WriteAllText(BundlePath, bundle.ToString(), Encoding.ASCII);
    }
}
