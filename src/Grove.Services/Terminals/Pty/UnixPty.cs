using System.ComponentModel;
using System.Runtime.InteropServices;
using System.Text;
using Grove.Core.Errors;
using Grove.Core.Terminals;
using static Grove.Services.Terminals.Pty.UnixPtyNative;

namespace Grove.Services.Terminals.Pty;

/// <summary>
/// A pseudo-terminal on Linux and macOS. The master comes from <c>posix_openpt</c>; the program
/// starts through <c>posix_spawn</c> (never <c>fork</c>, which is not safe in a .NET process) with
/// <c>POSIX_SPAWN_SETSID</c>, so it leads a new session, and file actions that open the slave by
/// name as descriptor 0 (the first terminal a session leader opens becomes its controlling
/// terminal, so job control and Ctrl-C work) and copy it to 1 and 2, then change to the folder.
/// Signal handlers and the mask are reset, so the shell does not inherit .NET's ignored SIGPIPE.
/// No helper program (util-linux <c>setsid --ctty</c>) is needed, and the pid we get is the shell's.
/// </summary>
internal sealed unsafe class UnixPty : IPty
{
    private readonly int _master;
    private int _closed;

    private UnixPty(int master, int processId)
    {
        _master = master;
        ProcessId = processId;
    }

    public int ProcessId { get; }

    public static UnixPty Start(PtyStartInfo startInfo)
    {
        var master = PosixOpenpt(ORdWr | ONoCtty | (IsMac ? 0 : OCloexec));
        if (master < 0)
        {
            throw Failure("posix_openpt");
        }

        try
        {
            if (Fcntl(master, FSetFd, FdCloexec) < 0 || Grantpt(master) < 0 || Unlockpt(master) < 0)
            {
                throw Failure("grantpt/unlockpt");
            }

            var name = stackalloc byte[256];
            if (PtsnameR(master, name, 256) != 0)
            {
                throw Failure("ptsname_r");
            }

            var slave = Marshal.PtrToStringUTF8((IntPtr)name)!;
            SetSize(master, startInfo.Size);
            var pid = Spawn(startInfo, slave);
            return new UnixPty(master, pid);
        }
        catch
        {
            Close(master);
            throw;
        }
    }

    public int Read(Span<byte> buffer)
    {
        while (true)
        {
            nint read;
            fixed (byte* bytes = buffer)
            {
                read = UnixPtyNative.Read(_master, bytes, (nuint)buffer.Length);
            }

            if (read >= 0)
            {
                return (int)read;
            }

            // EIO (Linux) once every holder of the slave has closed it: the terminal is done.
            if (Marshal.GetLastPInvokeError() != EIntr)
            {
                return 0;
            }
        }
    }

    public void Write(ReadOnlySpan<byte> input)
    {
        while (!input.IsEmpty)
        {
            nint written;
            fixed (byte* bytes = input)
            {
                written = UnixPtyNative.Write(_master, bytes, (nuint)input.Length);
            }

            if (written > 0)
            {
                input = input[(int)written..];
                continue;
            }

            var error = Marshal.GetLastPInvokeError();
            if (written < 0 && error is not (EIntr or EAgain or EAgainMac))
            {
                throw new GroveException(ErrorKind.Conflict, "The terminal has ended; nothing more can be typed into it.");
            }
        }
    }

    public void Resize(TerminalSize size) => SetSize(_master, size);

    public int WaitForExit()
    {
        while (true)
        {
            if (WaitPid(ProcessId, out var status, 0) == ProcessId)
            {
                return ExitCode(status);
            }

            var error = Marshal.GetLastPInvokeError();
            if (error != EIntr)
            {
                // ECHILD: reaped elsewhere (cannot tell its code).
                return error == EChild ? -1 : throw Failure("waitpid");
            }
        }
    }

    public void HangUp() => SignalSession(Grove.Core.Processes.ProcessSession.SigHup);

    public void Kill() => SignalSession(Grove.Core.Processes.ProcessSession.SigKill);

    /// <summary>The signal to the shell's whole session (jobs have groups of their own).</summary>
    private void SignalSession(int signal) => Grove.Core.Processes.ProcessSession.Signal(ProcessId, signal);

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _closed, 1) == 0)
        {
            Close(_master);
        }
    }

    private static void SetSize(int master, TerminalSize size)
    {
        var clamped = size.Clamped();
        var winsize = new WinSize { Columns = (ushort)clamped.Columns, Rows = (ushort)clamped.Rows };
        if (Ioctl(master, TiocSWinSz, ref winsize) < 0)
        {
            throw Failure("ioctl(TIOCSWINSZ)");
        }
    }

    private static int Spawn(PtyStartInfo startInfo, string slave)
    {
        var strings = new List<IntPtr>();
        var fileActions = NativeMemory.AllocZeroed(OpaqueSize);
        var attributes = NativeMemory.AllocZeroed(OpaqueSize);
        var signals = NativeMemory.AllocZeroed(OpaqueSize);
        try
        {
            byte* Utf8(string text)
            {
                var pointer = Marshal.StringToCoTaskMemUTF8(text);
                strings.Add(pointer);
                return (byte*)pointer;
            }

            byte** List(IEnumerable<string> items)
            {
                var array = items.ToArray();
                var pointer = (byte**)Marshal.AllocCoTaskMem((array.Length + 1) * sizeof(IntPtr));
                strings.Add((IntPtr)pointer);
                for (var i = 0; i < array.Length; i++)
                {
                    pointer[i] = Utf8(array[i]);
                }

                pointer[array.Length] = null;
                return pointer;
            }

            Check(FileActionsInit(fileActions), "posix_spawn_file_actions_init");
            Check(FileActionsAddOpen(fileActions, 0, Utf8(slave), ORdWr, 0), "addopen");
            Check(FileActionsAddDup2(fileActions, 0, 1), "adddup2");
            Check(FileActionsAddDup2(fileActions, 0, 2), "adddup2");
            Check(FileActionsAddChdir(fileActions, Utf8(startInfo.WorkingDirectory)), "addchdir");
            Check(AttrInit(attributes), "posix_spawnattr_init");
            var flags = (short)(SpawnSetSid | SpawnSetSigDef | SpawnSetSigMask | (IsMac ? SpawnCloexecDefault : 0));
            Check(AttrSetFlags(attributes, flags), "posix_spawnattr_setflags");
            _ = SigFillSet(signals);
            Check(AttrSetSigDefault(attributes, signals), "posix_spawnattr_setsigdefault");
            _ = SigEmptySet(signals);
            Check(AttrSetSigMask(attributes, signals), "posix_spawnattr_setsigmask");

            var argv = List([startInfo.Program, .. startInfo.Arguments]);
            var envp = List(startInfo.Environment.Select(pair => $"{pair.Key}={pair.Value}"));
            var result = PosixSpawn(out var pid, Utf8(startInfo.Program), fileActions, attributes, argv, envp);
            if (result != 0)
            {
                throw new GroveException(ErrorKind.Unexpected, $"Could not start the shell '{startInfo.Program}': {new Win32Exception(result).Message}.");
            }

            return pid;
        }
        finally
        {
            _ = FileActionsDestroy(fileActions);
            _ = AttrDestroy(attributes);
            NativeMemory.Free(fileActions);
            NativeMemory.Free(attributes);
            NativeMemory.Free(signals);
            foreach (var pointer in strings)
            {
                Marshal.FreeCoTaskMem(pointer);
            }
        }
    }

    private static void Check(int result, string call)
    {
        if (result != 0)
        {
            throw new GroveException(ErrorKind.Unexpected, $"Could not set up the terminal ({call}: {new Win32Exception(result).Message}).");
        }
    }

    private static GroveException Failure(string call) =>
        new(ErrorKind.Unexpected, $"Could not set up the terminal ({call}: {new Win32Exception(Marshal.GetLastPInvokeError()).Message}).");
}
