using System.ComponentModel;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using Grove.Core.Errors;
using Grove.Core.Terminals;
using Microsoft.Win32.SafeHandles;

namespace Grove.Services.Terminals.Pty;

/// <summary>
/// A pseudo-console on Windows 10 1809+ (ConPTY): two pipes, <c>CreatePseudoConsole</c>, and the
/// shell started with the console as a process attribute. Kept small and NOT tested here (Grove's
/// CI runs on Linux): killing reaches the shell only, not a tree; closing the console ends it.
/// </summary>
[SupportedOSPlatform("windows")]
internal sealed partial class WindowsPty : IPty
{
    private const uint ExtendedStartupInfoPresent = 0x00080000;
    private const uint CreateUnicodeEnvironment = 0x00000400;
    private static readonly IntPtr PseudoConsoleAttribute = 0x00020016;

    private readonly IntPtr _console;
    private readonly SafeProcessHandle _process;
    private readonly FileStream _output;
    private readonly FileStream _input;
    private int _closed;

    private WindowsPty(IntPtr console, SafeProcessHandle process, int processId, FileStream output, FileStream input)
    {
        _console = console;
        _process = process;
        ProcessId = processId;
        _output = output;
        _input = input;
    }

    public int ProcessId { get; }

    public static unsafe WindowsPty Start(PtyStartInfo startInfo)
    {
        if (!CreatePipe(out var inputRead, out var inputWrite, IntPtr.Zero, 0) || !CreatePipe(out var outputRead, out var outputWrite, IntPtr.Zero, 0))
        {
            throw Failure("CreatePipe");
        }

        var size = startInfo.Size.Clamped();
        var result = CreatePseudoConsole(new Coord((short)size.Columns, (short)size.Rows), inputRead, outputWrite, 0, out var console);
        CloseHandle(inputRead);
        CloseHandle(outputWrite);
        if (result != 0)
        {
            throw new GroveException(ErrorKind.Unexpected, $"Could not set up the terminal (CreatePseudoConsole: 0x{result:x8}).");
        }

        nint listSize = 0;
        InitializeProcThreadAttributeList(IntPtr.Zero, 1, 0, ref listSize);
        var list = Marshal.AllocHGlobal(listSize);
        try
        {
            if (!InitializeProcThreadAttributeList(list, 1, 0, ref listSize) ||
                !UpdateProcThreadAttribute(list, 0, PseudoConsoleAttribute, console, IntPtr.Size, IntPtr.Zero, IntPtr.Zero))
            {
                throw Failure("UpdateProcThreadAttribute");
            }

            var info = new StartupInfoEx { AttributeList = list };
            info.StartupInfo.Size = Marshal.SizeOf<StartupInfoEx>();
            var commandLine = string.Join(' ', new[] { startInfo.Program }.Concat(startInfo.Arguments).Select(Quote));
            var environment = string.Concat(startInfo.Environment.Select(pair => $"{pair.Key}={pair.Value}\0")) + "\0";
            fixed (char* environmentBlock = environment)
            {
                if (!CreateProcessW(null, commandLine, IntPtr.Zero, IntPtr.Zero, false, ExtendedStartupInfoPresent | CreateUnicodeEnvironment,
                        (IntPtr)environmentBlock, startInfo.WorkingDirectory, ref info, out var process))
                {
                    throw Failure("CreateProcess");
                }

                CloseHandle(process.Thread);
                return new WindowsPty(console, new SafeProcessHandle(process.Process, true), process.ProcessId,
                    new FileStream(new SafeFileHandle(outputRead, true), FileAccess.Read, 1),
                    new FileStream(new SafeFileHandle(inputWrite, true), FileAccess.Write, 1));
            }
        }
        finally
        {
            DeleteProcThreadAttributeList(list);
            Marshal.FreeHGlobal(list);
        }
    }

    public int Read(Span<byte> buffer)
    {
        try
        {
            return _output.Read(buffer);
        }
        catch (IOException)
        {
            return 0;
        }
    }

    public void Write(ReadOnlySpan<byte> input)
    {
        _input.Write(input);
        _input.Flush();
    }

    public void Resize(TerminalSize size)
    {
        var clamped = size.Clamped();
        _ = ResizePseudoConsole(_console, new Coord((short)clamped.Columns, (short)clamped.Rows));
    }

    public int WaitForExit()
    {
        WaitForSingleObject(_process.DangerousGetHandle(), uint.MaxValue);
        return GetExitCodeProcess(_process.DangerousGetHandle(), out var code) ? (int)code : -1;
    }

    /// <summary>Closing the pseudo-console ends its processes and the output pipe.</summary>
    public void HangUp() => CloseConsole();

    public void Kill()
    {
        TerminateProcess(_process.DangerousGetHandle(), 1);
        CloseConsole();
    }

    public void Dispose()
    {
        CloseConsole();
        _input.Dispose();
        _output.Dispose();
        _process.Dispose();
    }

    private void CloseConsole()
    {
        if (Interlocked.Exchange(ref _closed, 1) == 0)
        {
            ClosePseudoConsole(_console);
        }
    }

    private static string Quote(string argument) =>
        argument.Length > 0 && !argument.Any(c => c is ' ' or '\t' or '"') ? argument : "\"" + argument.Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    private static GroveException Failure(string call) =>
        new(ErrorKind.Unexpected, $"Could not set up the terminal ({call}: {new Win32Exception(Marshal.GetLastPInvokeError()).Message}).");

    [StructLayout(LayoutKind.Sequential)]
    private readonly record struct Coord(short X, short Y);

    [StructLayout(LayoutKind.Sequential)]
    private struct StartupInfo
    {
        public int Size;
        public IntPtr Reserved, Desktop, Title;
        public int X, Y, XSize, YSize, XCountChars, YCountChars, FillAttribute, Flags;
        public short ShowWindow, Reserved2Size;
        public IntPtr Reserved2, StdInput, StdOutput, StdError;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct StartupInfoEx
    {
        public StartupInfo StartupInfo;
        public IntPtr AttributeList;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct ProcessInformation
    {
        public IntPtr Process, Thread;
        public int ProcessId, ThreadId;
    }

    [LibraryImport("kernel32.dll", SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    private static partial bool CreatePipe(out IntPtr read, out IntPtr write, IntPtr attributes, int size);

    [LibraryImport("kernel32.dll")]
    private static partial int CreatePseudoConsole(Coord size, IntPtr input, IntPtr output, uint flags, out IntPtr console);

    [LibraryImport("kernel32.dll")]
    private static partial int ResizePseudoConsole(IntPtr console, Coord size);

    [LibraryImport("kernel32.dll")]
    private static partial void ClosePseudoConsole(IntPtr console);

    [LibraryImport("kernel32.dll", SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    private static partial bool InitializeProcThreadAttributeList(IntPtr list, int count, int flags, ref nint size);

    [LibraryImport("kernel32.dll", SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    private static partial bool UpdateProcThreadAttribute(IntPtr list, uint flags, IntPtr attribute, IntPtr value, nint size, IntPtr previous, IntPtr returnSize);

    [LibraryImport("kernel32.dll")]
    private static partial void DeleteProcThreadAttributeList(IntPtr list);

    [LibraryImport("kernel32.dll", EntryPoint = "CreateProcessW", SetLastError = true, StringMarshalling = StringMarshalling.Utf16)]
    [return: MarshalAs(UnmanagedType.Bool)]
    private static partial bool CreateProcessW(string? application, string commandLine, IntPtr processAttributes, IntPtr threadAttributes,
        [MarshalAs(UnmanagedType.Bool)] bool inheritHandles, uint flags, IntPtr environment, string directory, ref StartupInfoEx startupInfo, out ProcessInformation information);

    [LibraryImport("kernel32.dll", SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    private static partial bool CloseHandle(IntPtr handle);

    [LibraryImport("kernel32.dll", SetLastError = true)]
    private static partial uint WaitForSingleObject(IntPtr handle, uint milliseconds);

    [LibraryImport("kernel32.dll", SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    private static partial bool GetExitCodeProcess(IntPtr process, out uint code);

    [LibraryImport("kernel32.dll", SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    private static partial bool TerminateProcess(IntPtr process, uint code);
}
