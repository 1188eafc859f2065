using System.Runtime.InteropServices;
using System.Text;

namespace Grove.Git.Watching;

/// <summary>
/// Every folder watch of the process on one inotify instance (Linux). A <see cref="FileSystemWatcher"/>
/// takes an instance each (.NET 10), and the user has 128 by default, shared with every editor and
/// tool; a workspace needs four or five, so fifty watched workspaces would not fit. Here each watch
/// costs only inotify watches (one per directory, <c>fs.inotify.max_user_watches</c>). One reader
/// thread parses events and calls each watch's <see cref="FolderWatchSpec.OnPath"/>; a lost queue
/// (overflow) is reported to every watch through <see cref="FolderWatchSpec.OnError"/>.
/// </summary>
internal sealed partial class SharedInotify
{
    private const uint InModify = 0x2;
    private const uint InMovedFrom = 0x40;
    private const uint InMovedTo = 0x80;
    private const uint InCreate = 0x100;
    private const uint InDelete = 0x200;
    private const uint InDeleteSelf = 0x400;
    private const uint InMoveSelf = 0x800;
    private const uint InQueueOverflow = 0x4000;
    private const uint InIgnored = 0x8000;
    private const uint InOnlyDir = 0x1000000;
    private const uint InDontFollow = 0x2000000;
    private const uint InExclUnlink = 0x4000000;
    private const uint InIsDir = 0x40000000;
    private const int InCloexec = 0x80000;
    private const int Enoent = 2;
    private const int Eintr = 4;
    private const int Enotdir = 20;
    private const int Enospc = 28;

    private const uint Mask = InModify | InMovedFrom | InMovedTo | InCreate | InDelete | InDeleteSelf | InMoveSelf
        | InOnlyDir | InDontFollow | InExclUnlink;

    private static readonly Lazy<SharedInotify?> Shared = new(Create);

    private readonly int _fd;
    private readonly Lock _gate = new();
    private readonly Dictionary<int, Node> _nodes = [];

    private SharedInotify(int fd)
    {
        _fd = fd;
        var reader = new Thread(ReadLoop) { IsBackground = true, Name = "Grove inotify" };
        reader.Start();
    }

    /// <summary>The process's instance; null off Linux or when no instance could be had (then each watch uses its own <see cref="FileSystemWatcher"/>).</summary>
    public static SharedInotify? Instance => Shared.Value;

    /// <summary>Starts watching <see cref="FolderWatchSpec.Folder"/> (and below it when recursive); disposing the result stops.</summary>
    public IDisposable Watch(FolderWatchSpec spec)
    {
        var watch = new Subscription(this, spec);
        lock (_gate)
        {
            try
            {
                Add(watch, Path.TrimEndingDirectorySeparator(Path.GetFullPath(spec.Folder)), root: true);
            }
            catch
            {
                RemoveLocked(watch);
                throw;
            }
        }

        return watch;
    }

    private static SharedInotify? Create()
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        var fd = NativeMethods.InotifyInit1(InCloexec);
        return fd < 0 ? null : new SharedInotify(fd);
    }

    /// <summary>Adds a watch on <paramref name="directory"/> for <paramref name="watch"/> and, when recursive, on every directory below it. Holds the lock.</summary>
    private void Add(Subscription watch, string directory, bool root)
    {
        var pending = new Stack<string>();
        pending.Push(directory);
        while (pending.Count > 0)
        {
            var folder = pending.Pop();
            var wd = NativeMethods.InotifyAddWatch(_fd, folder, Mask);
            if (wd < 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                if (errno == Enospc)
                {
                    throw new IOException($"The configured user limit on the number of inotify watches has been reached ({folder}).", Enospc);
                }

                if (root && folder == directory)
                {
                    throw errno is Enoent or Enotdir
                        ? new DirectoryNotFoundException($"Cannot watch '{folder}': it does not exist.")
                        : new IOException($"Cannot watch '{folder}' (errno {errno}).", errno);
                }

                continue; // gone or unreadable since it was listed: nothing to watch there
            }

            if (!_nodes.TryGetValue(wd, out var node))
            {
                _nodes[wd] = node = new Node(folder);
            }

            node.Path = folder;
            if (!node.Owners.Contains(watch))
            {
                node.Owners.Add(watch);
            }

            watch.Directories.Add(wd);
            if (watch.Spec.Recursive)
            {
                foreach (var child in Subdirectories(folder))
                {
                    pending.Push(child);
                }
            }
        }
    }

    private static IEnumerable<string> Subdirectories(string folder)
    {
        try
        {
            return Directory.EnumerateDirectories(folder, "*", new EnumerationOptions
            {
                RecurseSubdirectories = false,
                IgnoreInaccessible = true,
                AttributesToSkip = FileAttributes.ReparsePoint,
            }).ToList();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    /// <summary>Takes <paramref name="watch"/> off every directory; a directory nobody watches any more is given back. Holds the lock.</summary>
    private void RemoveLocked(Subscription watch)
    {
        foreach (var wd in watch.Directories)
        {
            if (_nodes.TryGetValue(wd, out var node) && node.Owners.Remove(watch) && node.Owners.Count == 0)
            {
                _nodes.Remove(wd);
                _ = NativeMethods.InotifyRmWatch(_fd, wd);
            }
        }

        watch.Directories.Clear();
    }

    private void Remove(Subscription watch)
    {
        lock (_gate)
        {
            RemoveLocked(watch);
        }
    }

    private void ReadLoop()
    {
        var buffer = new byte[64 * 1024];
        while (true)
        {
            var read = NativeMethods.Read(_fd, buffer, buffer.Length);
            if (read < 0)
            {
                if (Marshal.GetLastPInvokeError() == Eintr)
                {
                    continue;
                }

                return; // the descriptor is unusable: watches stay quiet (never expected)
            }

            var calls = new List<(FolderWatchSpec Spec, string? Path, Exception? Error)>();
            lock (_gate)
            {
                Dispatch(buffer.AsSpan(0, (int)read), calls);
            }

            foreach (var (spec, path, error) in calls)
            {
                try
                {
                    if (error is not null)
                    {
                        spec.OnError(error);
                    }
                    else
                    {
                        spec.OnPath(path!);
                    }
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    // A handler's failure must not stop the reader (every watch of the process depends on it).
                }
            }
        }
    }

    /// <summary>Parses a buffer of inotify events into the calls to make (outside the lock). Holds the lock.</summary>
    private void Dispatch(ReadOnlySpan<byte> events, List<(FolderWatchSpec, string?, Exception?)> calls)
    {
        var offset = 0;
        while (offset + 16 <= events.Length)
        {
            var wd = BitConverter.ToInt32(events[offset..]);
            var mask = BitConverter.ToUInt32(events[(offset + 4)..]);
            var length = (int)BitConverter.ToUInt32(events[(offset + 12)..]);
            var nameBytes = events.Slice(offset + 16, length);
            var end = nameBytes.IndexOf((byte)0);
            var name = Encoding.UTF8.GetString(end >= 0 ? nameBytes[..end] : nameBytes);
            offset += 16 + length;

            if ((mask & InQueueOverflow) != 0)
            {
                foreach (var watch in _nodes.Values.SelectMany(n => n.Owners).Distinct())
                {
                    calls.Add((watch.Spec, null, new InternalBufferOverflowException("inotify dropped events: its queue overflowed.")));
                }

                continue;
            }

            if (!_nodes.TryGetValue(wd, out var node))
            {
                continue; // already given back
            }

            if ((mask & InIgnored) != 0)
            {
                _nodes.Remove(wd);
                foreach (var owner in node.Owners)
                {
                    owner.Directories.Remove(wd);
                }

                continue;
            }

            var path = name.Length == 0 ? node.Path : Path.Combine(node.Path, name);
            foreach (var owner in node.Owners.ToList())
            {
                calls.Add((owner.Spec, path, null));
                if (owner.Spec.Recursive && name.Length > 0 && (mask & InIsDir) != 0 && (mask & InMovedFrom) != 0)
                {
                    ForgetSubtree(owner, path); // moved away: watched again under its new name if it stays inside
                }

                if (owner.Spec.Recursive && name.Length > 0 && (mask & InIsDir) != 0 && (mask & (InCreate | InMovedTo)) != 0)
                {
                    try
                    {
                        Add(owner, path, root: false);
                    }
                    catch (IOException ex)
                    {
                        calls.Add((owner.Spec, null, ex)); // the watch limit: the watcher falls back to polling
                    }
                }
            }
        }
    }

    /// <summary>Takes <paramref name="watch"/> off <paramref name="directory"/> and everything below it. Holds the lock.</summary>
    private void ForgetSubtree(Subscription watch, string directory)
    {
        var prefix = directory + System.IO.Path.DirectorySeparatorChar;
        foreach (var wd in watch.Directories.ToList())
        {
            if (_nodes.TryGetValue(wd, out var node) && (node.Path == directory || node.Path.StartsWith(prefix, StringComparison.Ordinal)))
            {
                watch.Directories.Remove(wd);
                if (node.Owners.Remove(watch) && node.Owners.Count == 0)
                {
                    _nodes.Remove(wd);
                    _ = NativeMethods.InotifyRmWatch(_fd, wd);
                }
            }
        }
    }

    /// <summary>One watched directory (an inotify watch descriptor) and the watches that want its events.</summary>
    private sealed class Node(string path)
    {
        public string Path { get; set; } = path;

        public List<Subscription> Owners { get; } = [];
    }

    private sealed class Subscription(SharedInotify owner, FolderWatchSpec spec) : IDisposable
    {
        private int _disposed;

        public FolderWatchSpec Spec { get; } = spec;

        /// <summary>The watch descriptors this watch holds (guarded by the owner's lock).</summary>
        public HashSet<int> Directories { get; } = [];

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.Remove(this);
            }
        }
    }

    private static partial class NativeMethods
    {
        [DllImport("libc", EntryPoint = "inotify_init1", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int InotifyInit1(int flags);

        [DllImport("libc", EntryPoint = "inotify_add_watch", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int InotifyAddWatch(int fd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, uint mask);

        [DllImport("libc", EntryPoint = "inotify_rm_watch", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int InotifyRmWatch(int fd, int wd);

        [DllImport("libc", EntryPoint = "read", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern nint Read(int fd, byte[] buffer, nint count);
    }
}
