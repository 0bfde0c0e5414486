using System.Net;
using System.Net.Sockets;

namespace TeamsBot.Tests.TestUtils;

/// <summary>
/// A TCP pass-through on 127.0.0.1 in front of a server (PostgreSQL, say), to take that server away from the app and
/// give it back without touching the server: <see cref="Cut"/> resets every open connection and every new one at once
/// (the app's driver sees the server go away and its reconnects fail), <see cref="Restore"/> forwards again.
/// </summary>
public sealed class TcpProxy : IAsyncDisposable
{
    private readonly object _gate = new();
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly IPEndPoint _target;
    private readonly HashSet<Socket> _open = [];
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _accepting;
    private bool _cut;
    private int _refused;

    public TcpProxy(IPEndPoint target)
    {
        _target = target;
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = AcceptAsync();
    }

    /// <summary>The port to give the app instead of the server's.</summary>
    public int Port { get; }

    /// <summary>Connections refused (reset at once) while cut.</summary>
    public int Refused => Volatile.Read(ref _refused);

    public bool IsCut
    {
        get
        {
            lock (_gate)
            {
                return _cut;
            }
        }
    }

    /// <summary>Resets every open connection, and from now on every new one, until <see cref="Restore"/>.</summary>
    public void Cut()
    {
        Socket[] open;
        lock (_gate)
        {
            _cut = true;
            open = [.. _open];
            _open.Clear();
        }

        foreach (var socket in open)
        {
            Reset(socket);
        }
    }

    /// <summary>Forwards new connections again.</summary>
    public void Restore()
    {
        lock (_gate)
        {
            _cut = false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        Cut();
        try
        {
            await _accepting;
        }
        catch (OperationCanceledException)
        {
        }

        _stopping.Dispose();
    }

    private static void Reset(Socket socket)
    {
        try
        {
            // Linger 0: the peer gets a reset, as from a server that went away, not a polite close.
            socket.LingerState = new LingerOption(true, 0);
            socket.Close();
        }
        catch (ObjectDisposedException)
        {
        }
        catch (SocketException)
        {
        }
    }

    private async Task AcceptAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(_stopping.Token);
            }
            catch (Exception exception) when (exception is OperationCanceledException or SocketException
                or ObjectDisposedException)
            {
                return;
            }

            _ = ForwardAsync(client);
        }
    }

    private async Task ForwardAsync(Socket client)
    {
        if (IsCut)
        {
            Interlocked.Increment(ref _refused);
            Reset(client);
            return;
        }

        var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await server.ConnectAsync(_target, _stopping.Token);
        }
        catch (Exception exception) when (exception is OperationCanceledException or SocketException)
        {
            Reset(client);
            server.Dispose();
            return;
        }

        lock (_gate)
        {
            if (_cut)
            {
                Interlocked.Increment(ref _refused);
                Reset(client);
                server.Dispose();
                return;
            }

            _open.Add(client);
            _open.Add(server);
        }

        await Task.WhenAny(PumpAsync(client, server), PumpAsync(server, client));
        lock (_gate)
        {
            _open.Remove(client);
            _open.Remove(server);
        }

        Reset(client);
        Reset(server);
    }

    private async Task PumpAsync(Socket from, Socket to)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                int read = await from.ReceiveAsync(buffer, SocketFlags.None, _stopping.Token);
                if (read == 0)
                {
                    return;
                }

                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, _stopping.Token);
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or SocketException
            or ObjectDisposedException)
        {
        }
    }
}
