using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.IO.Pipes;
using System.Runtime.InteropServices;
using System.Threading.Tasks.Sources;

namespace Grove.Agents.Processes;

/// <summary>
/// Reads the agents' stdout pipes on Linux through ONE epoll thread for the whole process. .NET's
/// own pipe reads go epoll thread → thread-pool worker per read, so a hundred agents streaming ten
/// events a second each cost two thread wake-ups per event (a third of the server's CPU went to
/// scheduling). Here a read that has to wait is armed on the shared epoll set; when the pipe is
/// readable the poller thread reads it and runs the reader's continuation itself (line split,
/// parse, publish: none of which blocks), and after each batch it rests <see cref="CoalesceDelay"/>,
/// so the output of many agents is picked up in batches: a few dozen wake-ups a second instead of
/// thousands. What an agent writes is never reordered or dropped (one read at a time per pipe,
/// level-triggered, one-shot); it waits at most <see cref="CoalesceDelay"/> longer in its pipe,
/// well under the transcript's commit window. Elsewhere (not Linux, no epoll) the pipe is read as before.
/// </summary>
internal static partial class PipePoller
{
    /// <summary>How long the poller rests after handling what was ready, so more agents' output is ready together.</summary>
    public static readonly TimeSpan CoalesceDelay = TimeSpan.FromMilliseconds(10);

    private static readonly Lazy<Poller?> Shared = new(Poller.TryCreate, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>
    /// A stream that reads <paramref name="pipe"/> through the shared poller (dispose it when reading ends; the
    /// pipe itself stays its owner's), or <paramref name="pipe"/> itself where the poller is not available.
    /// </summary>
    public static Stream Wrap(Stream pipe)
    {
        if (!OperatingSystem.IsLinux() || pipe is not PipeStream { SafePipeHandle: { IsInvalid: false, IsClosed: false } handle } || Shared.Value is not { } poller)
        {
            return pipe;
        }

        var fd = (int)handle.DangerousGetHandle();
        var flags = NativeMethods.Fcntl(fd, NativeMethods.F_GETFL, 0);
        if (flags < 0 || NativeMethods.Fcntl(fd, NativeMethods.F_SETFL, flags | NativeMethods.O_NONBLOCK) < 0)
        {
            return pipe;
        }

        return new PolledPipeStream(poller, fd, handle);
    }

    /// <summary>The poller's thread: waits for readable pipes, completes their pending reads, rests, again.</summary>
    private sealed class Poller
    {
        private const int MaxEvents = 256;

        // struct epoll_event is packed on x86-64 (4 + 8 bytes), naturally aligned elsewhere (4 + 4 padding + 8).
        private static readonly int EventSize = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 12 : 16;
        private static readonly int DataOffset = EventSize - 8;

        private readonly int _epoll;
        private readonly ConcurrentDictionary<int, PolledPipeStream> _streams = new();

        private Poller(int epoll)
        {
            _epoll = epoll;
            var thread = new Thread(Run) { IsBackground = true, Name = "Grove pipe poller" };
            thread.Start();
        }

        public static Poller? TryCreate()
        {
            var epoll = NativeMethods.EpollCreate1(NativeMethods.EPOLL_CLOEXEC);
            return epoll < 0 ? null : new Poller(epoll);
        }

        public void Add(PolledPipeStream stream) => _streams[stream.Fd] = stream;

        public void Remove(PolledPipeStream stream)
        {
            _streams.TryRemove(new KeyValuePair<int, PolledPipeStream>(stream.Fd, stream));
            Disarm(stream.Fd);
        }

        /// <summary>Takes <paramref name="fd"/> out of the epoll set (a later <see cref="Arm"/> adds it again).</summary>
        public void Disarm(int fd) => Control(NativeMethods.EPOLL_CTL_DEL, fd, 0);

        /// <summary>Asks for one readiness report of <paramref name="fd"/> (one-shot: re-armed per read); false when epoll refuses the pipe.</summary>
        public bool Arm(int fd)
        {
            const uint Events = NativeMethods.EPOLLIN | NativeMethods.EPOLLRDHUP | NativeMethods.EPOLLONESHOT;
            if (Control(NativeMethods.EPOLL_CTL_MOD, fd, Events) == 0)
            {
                return true;
            }

            return Marshal.GetLastPInvokeError() == NativeMethods.ENOENT && Control(NativeMethods.EPOLL_CTL_ADD, fd, Events) == 0;
        }

        private int Control(int op, int fd, uint events)
        {
            // On the stack: every read arms its pipe again (one-shot), ~1000 times a second with 100 agents.
            Span<byte> ev = stackalloc byte[16];
            BinaryPrimitives.WriteUInt32LittleEndian(ev, events);
            BinaryPrimitives.WriteInt64LittleEndian(ev[DataOffset..], fd);
            return NativeMethods.EpollCtl(_epoll, op, fd, ref MemoryMarshal.GetReference(ev));
        }

        private void Run()
        {
            var events = new byte[EventSize * MaxEvents];
            while (true)
            {
                var count = NativeMethods.EpollWait(_epoll, events, MaxEvents, -1);
                if (count <= 0)
                {
                    continue; // EINTR
                }

                for (var i = 0; i < count; i++)
                {
                    var fd = (int)BinaryPrimitives.ReadInt64LittleEndian(events.AsSpan((i * EventSize) + DataOffset));
                    if (_streams.TryGetValue(fd, out var stream))
                    {
                        stream.OnReadable();
                    }
                }

                Thread.Sleep(CoalesceDelay);
            }
        }
    }

    /// <summary>
    /// One pipe read through the poller: one read at a time (a line reader's), completed on the poller
    /// thread. Reading only; disposing it leaves the pipe open (its process owns it).
    /// </summary>
    private sealed class PolledPipeStream : Stream, IValueTaskSource<int>
    {
        private const int Idle = 0;
        private const int Pending = 1;
        private const int Completing = 2;

        private readonly Poller _poller;
        private readonly SafeHandle _handle;
        private ManualResetValueTaskSourceCore<int> _core; // continuations run where the read completes (the poller thread)
        private Memory<byte> _buffer;
        private CancellationToken _token;
        private CancellationTokenRegistration _registration;
        private int _state;
        private bool _disposed;

        public PolledPipeStream(Poller poller, int fd, SafeHandle handle)
        {
            _poller = poller;
            _handle = handle;
            Fd = fd;
            poller.Add(this);
        }

        public int Fd { get; }

        public override bool CanRead => !_disposed;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (cancellationToken.IsCancellationRequested)
            {
                return ValueTask.FromCanceled<int>(cancellationToken);
            }

            if (buffer.IsEmpty)
            {
                return ValueTask.FromResult(0);
            }

            if (Interlocked.CompareExchange(ref _state, Pending, Idle) != Idle)
            {
                throw new InvalidOperationException("A read of this pipe is already pending.");
            }

            _core.Reset();
            _buffer = buffer;
            _token = cancellationToken;
            var version = _core.Version;
            if (cancellationToken.CanBeCanceled)
            {
                _registration = cancellationToken.UnsafeRegister(static s => ((PolledPipeStream)s!).OnCancelled(), this);
            }

            if (!_poller.Arm(Fd))
            {
                Fail(new IOException($"The agent's output pipe could not be watched (errno {Marshal.GetLastPInvokeError()})."));
            }

            return new ValueTask<int>(this, version);
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        int IValueTaskSource<int>.GetResult(short token)
        {
            try
            {
                return _core.GetResult(token);
            }
            finally
            {
                _buffer = default;
                Volatile.Write(ref _state, Idle);
            }
        }

        ValueTaskSourceStatus IValueTaskSource<int>.GetStatus(short token) => _core.GetStatus(token);

        void IValueTaskSource<int>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
            _core.OnCompleted(continuation, state, token, flags);

        /// <summary>On the poller thread: the pipe is readable (or at its end, or failed).</summary>
        internal void OnReadable()
        {
            if (Interlocked.CompareExchange(ref _state, Completing, Pending) != Pending)
            {
                return; // cancelled meanwhile, or a stale report
            }

            var added = false;
            try
            {
                _handle.DangerousAddRef(ref added);
                var read = NativeMethods.Read(Fd, ref MemoryMarshal.GetReference(_buffer.Span), _buffer.Length);
                if (read < 0)
                {
                    var errno = Marshal.GetLastPInvokeError();
                    if (errno is NativeMethods.EAGAIN or NativeMethods.EINTR)
                    {
                        // Nothing there after all: wait again.
                        Volatile.Write(ref _state, Pending);
                        if (!_poller.Arm(Fd) && Interlocked.CompareExchange(ref _state, Completing, Pending) == Pending)
                        {
                            Fail(new IOException($"The agent's output pipe could not be watched (errno {Marshal.GetLastPInvokeError()})."));
                        }

                        return;
                    }

                    Fail(new IOException($"Reading the agent's output failed (errno {errno})."));
                    return;
                }

                Unregister();
                _core.SetResult((int)read);
            }
            catch (ObjectDisposedException ex)
            {
                Fail(ex);
            }
            finally
            {
                if (added)
                {
                    _handle.DangerousRelease();
                }
            }
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing && !_disposed)
            {
                _disposed = true;
                _poller.Remove(this);
            }

            base.Dispose(disposing);
        }

        private void OnCancelled()
        {
            if (Interlocked.CompareExchange(ref _state, Completing, Pending) != Pending)
            {
                return;
            }

            _poller.Disarm(Fd);
            Fail(new OperationCanceledException(_token));
        }

        private void Fail(Exception error)
        {
            Unregister();
            _core.SetException(error);
        }

        /// <summary>Drops the cancellation callback without waiting for it (this may run inside it).</summary>
        private void Unregister()
        {
            _registration.Unregister();
            _registration = default;
        }
    }

    private static class NativeMethods
    {
        public const int EPOLL_CLOEXEC = 0x80000;
        public const int EPOLL_CTL_ADD = 1;
        public const int EPOLL_CTL_DEL = 2;
        public const int EPOLL_CTL_MOD = 3;
        public const uint EPOLLIN = 0x001;
        public const uint EPOLLRDHUP = 0x2000;
        public const uint EPOLLONESHOT = 1u << 30;
        public const int F_GETFL = 3;
        public const int F_SETFL = 4;
        public const int O_NONBLOCK = 0x800;
        public const int ENOENT = 2;
        public const int EINTR = 4;
        public const int EAGAIN = 11;

        [DllImport("libc", EntryPoint = "epoll_create1", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int EpollCreate1(int flags);

        [DllImport("libc", EntryPoint = "epoll_ctl", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int EpollCtl(int epfd, int op, int fd, ref byte ev);

        [DllImport("libc", EntryPoint = "epoll_wait", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int EpollWait(int epfd, byte[] events, int maxEvents, int timeout);

        [DllImport("libc", EntryPoint = "fcntl", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int Fcntl(int fd, int cmd, int arg);

        [DllImport("libc", EntryPoint = "read", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern nint Read(int fd, ref byte buffer, nint count);
    }
}
