import Artifacts
import CSystem
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// **write**: puts a built `OutputFolder` on disk so that the output folder is the complete old tree or the complete
/// new one, whenever the build stops, even by SIGKILL or a power cut.
///
/// 1. An exclusive lock on `.NAME.sipgpo-lock` beside the output folder makes builds into one folder take turns;
///    under it, staging folders left by killed builds are removed.
/// 2. Every file is written plainly into a staging folder beside the output (`.NAME.sipgpo-staging-PID`), each
///    folder created once.
/// 3. One durable pass commits the staged tree to the disk: `syncfs` of its file system, or `fsync` of each file and
///    folder where there is no `syncfs`.
/// 4. The staging folder and the output folder trade places in one atomic rename (`renameat2(RENAME_EXCHANGE)`), and
///    the parent folder is synced so that the swap survives a power cut.
/// 5. The previous tree, now under the staging name, is removed.
///
/// Every failure is a sentence naming the path, the system's reason (`strerror`) and what to do.
struct OutputWriter {
    var target: OutputTarget
    var force: Bool
    var sync: Sync = .fileSystem
    /// Why the build waits (another build holds the lock), or what it repaired.
    var note: (String) -> Void = { _ in }

    enum Sync {
        /// `syncfs` on the staging folder: one system call commits the whole tree.
        case fileSystem
        /// `fsync` of every staged file and folder.
        case eachFile
    }

    struct Refusal: Error, CustomStringConvertible {
        var description: String
    }

    func write(_ folder: OutputFolder) throws {
        if let clash = folder.clashes.first {
            throw Refusal(
                description:
                    "two files of this build have one name in '\(target.given)' (names that differ only by case are one file on Windows): \(clash); rename the SIP domains, populations or GPOs they come from so they differ by more than case"
            )
        }
        let steps = Steps()
        try Self.makeFolders(target.parent)
        let parent = open(target.parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard parent >= 0 else { throw Self.failure("open the folder", target.parent, errno, folder: target.parent) }
        defer { close(parent) }
        let lock = try OutputLock.acquire(
            in: parent, at: target.parent, name: ".\(target.name).sipgpo-lock",
            waiting: { holder in
                note(
                    "another sipgpo build\(holder.map { " (process \($0))" } ?? "") is writing '\(target.given)'; waiting for it to finish"
                )
            })
        defer { lock.release() }
        steps.reach("locked")
        try removeLeftovers(parent)
        steps.reach("removed leftovers of killed builds")
        let exists = try existingOutput(parent)
        let staging = ".\(target.name).sipgpo-staging-\(getpid())"
        do {
            try stage(folder, in: parent, as: staging, steps: steps)
            try swap(parent, staging, exists: exists)
        } catch {
            try? Self.removeTree(parent, staging, shown: staging)
            throw Refusal(description: "\(error); '\(target.given)' is unchanged")
        }
        steps.reach("swapped")
        if fsync(parent) != 0 {
            throw Refusal(
                description:
                    "the new output is in '\(target.given)', but \(Self.failure("commit the folder", target.parent, errno, folder: target.parent)); it may not survive a power cut"
            )
        }
        steps.reach("synced the parent folder")
        if exists {
            do {
                try Self.removeTree(parent, staging, shown: "\(target.parent)/\(staging)")
            } catch {
                note("could not remove the previous output: \(error); the next build removes it")
            }
        }
        steps.reach("removed the previous output")
    }

    // MARK: steps

    /// Refuses an output that is not a folder, or a folder sipgpo did not write (unless `--force`); true if the output
    /// exists.
    func existingOutput(_ parent: Int32) throws -> Bool {
        var info = stat()
        if fstatat(parent, target.name, &info, AT_SYMLINK_NOFOLLOW) != 0 {
            let code = errno
            if code == ENOENT { return false }
            throw Self.failure("look at", target.path, code, folder: target.parent)
        }
        switch info.st_mode & S_IFMT {
        case S_IFDIR:
            break
        case S_IFLNK:
            throw Refusal(
                description:
                    "'\(target.given)' is a symbolic link; a build replaces the link itself, so name the folder it points to, or another --output"
            )
        default:
            throw Refusal(description: "'\(target.given)' exists and is not a folder; choose another --output")
        }
        var marker = stat()
        let marked = fstatat(parent, "\(target.name)/\(Emit.markerFile)", &marker, AT_SYMLINK_NOFOLLOW) == 0
        if !marked, !force {
            let output = openat(parent, target.name, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW)
            guard output >= 0 else { throw Self.failure("open the folder", target.path, errno, folder: target.parent) }
            defer { close(output) }
            if try !Self.entries(output, shown: target.path).isEmpty {
                throw Refusal(
                    description:
                        "refusing to replace '\(target.given)': sipgpo did not create it (no \(Emit.markerFile) inside); choose another --output or pass --force"
                )
            }
        }
        return true
    }

    /// Writes every file into a new staging folder in `parent` and commits the tree to the disk.
    func stage(_ folder: OutputFolder, in parent: Int32, as staging: String, steps: Steps) throws {
        let shown = "\(target.parent)/\(staging)"
        if mkdirat(parent, staging, 0o777) != 0 {
            // Only a build with this process ID can have left it: an earlier process that was killed.
            guard errno == EEXIST else { throw Self.failure("create the folder", shown, errno, folder: target.parent) }
            try Self.removeTree(parent, staging, shown: shown)
            guard mkdirat(parent, staging, 0o777) == 0 else {
                throw Self.failure("create the folder", shown, errno, folder: target.parent)
            }
        }
        let root = openat(parent, staging, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW)
        guard root >= 0 else { throw Self.failure("open the folder", shown, errno, folder: target.parent) }
        defer { close(root) }
        steps.reach("created the staging folder")
        var folders: [String] = []
        var made: Set<Substring> = []
        let paths = folder.paths
        for path in paths {
            // Each folder is created once, parents first (paths are sorted and made of safe names).
            var start = path.startIndex
            while let slash = path[start...].firstIndex(of: "/") {
                let name = path[..<slash]
                if made.insert(name).inserted {
                    guard mkdirat(root, String(name), 0o777) == 0 else {
                        throw Self.failure("create the folder", "\(shown)/\(name)", errno, folder: target.parent)
                    }
                    folders.append(String(name))
                }
                start = path.index(after: slash)
            }
            try writeFile(path, folder.files[path]!, in: root, shown: shown)
            steps.reach("wrote \(path)")
        }
        try commit(root, files: paths, folders: folders, shown: shown)
        steps.reach("committed the staging folder to the disk")
    }

    /// Creates one file and writes its bytes. Shell scripts (samba/deploy.sh) are executable so the README's command
    /// runs as is.
    func writeFile(_ path: String, _ bytes: [UInt8], in root: Int32, shown: String) throws {
        let executable = path.hasSuffix(".sh")
        let fd = openat(root, path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, executable ? 0o755 : 0o644)
        guard fd >= 0 else { throw Self.failure("create", "\(shown)/\(path)", errno, folder: target.parent) }
        var code: Int32 = 0
        if executable, fchmod(fd, 0o755) != 0 { code = errno }
        if code == 0 { code = Self.writeAll(fd, bytes) }
        if close(fd) != 0, code == 0 { code = errno }
        if code != 0 { throw Self.failure("write", "\(shown)/\(path)", code, folder: target.parent) }
    }

    /// Commits the staged tree to the disk before it becomes visible as the output.
    func commit(_ root: Int32, files: [String], folders: [String], shown: String) throws {
        if sync == .fileSystem {
            if sipgpo_syncfs(root) == 0 { return }
            guard errno == ENOSYS else {
                throw Self.failure("commit to the disk", shown, errno, folder: target.parent)
            }
        }
        for path in files + folders.reversed() {
            let fd = openat(root, path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
            guard fd >= 0 else { throw Self.failure("open", "\(shown)/\(path)", errno, folder: target.parent) }
            let code = fsync(fd) == 0 ? 0 : errno
            close(fd)
            if code != 0 { throw Self.failure("commit to the disk", "\(shown)/\(path)", code, folder: target.parent) }
        }
        if fsync(root) != 0 { throw Self.failure("commit to the disk", shown, errno, folder: target.parent) }
    }

    /// Moves the staged tree into place in one atomic rename: an exchange with the existing output, or a rename that
    /// refuses to replace anything when there is none.
    func swap(_ parent: Int32, _ staging: String, exists: Bool) throws {
        let name = target.name
        if !exists {
            if sipgpo_rename_noreplace(parent, staging, name) == 0 { return }
            let code = errno
            if code == EEXIST || code == ENOTEMPTY {
                throw Refusal(
                    description:
                        "'\(target.given)' was created by another program while sipgpo was writing it; build again")
            }
            guard code == EINVAL || code == ENOSYS, renameat(parent, staging, parent, name) == 0 else {
                throw Self.failure("move the new output to", target.path, code, folder: target.parent)
            }
            return
        }
        if sipgpo_rename_exchange(parent, staging, name) == 0 { return }
        let code = errno
        // Where the file system cannot exchange, fall back to two renames. A build killed between them leaves the
        // previous output as `.NAME.sipgpo-old-PID`, which the next build puts back (see `removeLeftovers`).
        guard code == EINVAL || code == ENOSYS else {
            throw Self.failure("swap the new output into", target.path, code, folder: target.parent)
        }
        let old = ".\(name).sipgpo-old-\(getpid())"
        guard renameat(parent, name, parent, old) == 0 else {
            throw Self.failure("move aside", target.path, errno, folder: target.parent)
        }
        guard renameat(parent, staging, parent, name) == 0 else {
            let code = errno
            renameat(parent, old, parent, name)
            throw Self.failure("move the new output to", target.path, code, folder: target.parent)
        }
        // The previous tree goes where `write` removes it; if that fails, the next build removes it.
        renameat(parent, old, parent, staging)
    }

    /// Removes what builds of this output killed before they finished left beside it: staging folders (a half
    /// written tree, or the previous tree after the swap), and puts back a previous output that a fallback swap had
    /// moved aside. Only folders of processes that no longer run, and only under the lock.
    func removeLeftovers(_ parent: Int32) throws {
        let staging = ".\(target.name).sipgpo-staging-"
        let old = ".\(target.name).sipgpo-old-"
        for entry in try Self.entries(parent, shown: target.parent).sorted() {
            let prefix = entry.hasPrefix(staging) ? staging : entry.hasPrefix(old) ? old : nil
            guard let prefix, let pid = pid_t(entry.dropFirst(prefix.count)), pid > 0, pid != getpid(),
                !Self.isRunning(pid)
            else { continue }
            var info = stat()
            if prefix == old, fstatat(parent, target.name, &info, AT_SYMLINK_NOFOLLOW) != 0, errno == ENOENT {
                if renameat(parent, entry, parent, target.name) == 0 {
                    note("put back the previous output '\(target.given)', which a killed build had moved aside")
                    continue
                }
            }
            try Self.removeTree(parent, entry, shown: "\(target.parent)/\(entry)")
        }
    }

    // MARK: system calls

    static func isRunning(_ pid: pid_t) -> Bool {
        kill(pid, 0) == 0 || errno == EPERM
    }

    /// Writes all of `bytes`; 0 or the errno.
    static func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Int32 {
        bytes.withUnsafeBytes { buffer in
            guard var next = buffer.baseAddress else { return 0 }
            var left = buffer.count
            while left > 0 {
                let written = systemWrite(fd, next, left)
                if written < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                next += written
                left -= written
            }
            return 0
        }
    }

    /// `mkdir -p`, tolerating folders that another build creates at the same moment.
    static func makeFolders(_ path: String) throws {
        var prefix = ""
        for component in path.split(separator: "/") {
            prefix += "/\(component)"
            if mkdir(prefix, 0o777) != 0, errno != EEXIST {
                let code = errno
                throw failure("create the folder", prefix, code, folder: (prefix as NSString).deletingLastPathComponent)
            }
        }
    }

    /// The names in an open folder, without `.` and `..`.
    static func entries(_ folder: Int32, shown: String) throws -> [String] {
        let fd = openat(folder, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw failure("read the folder", shown, errno, folder: shown) }
        guard let directory = fdopendir(fd) else {
            let code = errno
            close(fd)
            throw failure("read the folder", shown, code, folder: shown)
        }
        defer { closedir(directory) }
        return read(directory).map(\.name)
    }

    /// Every entry of an open folder but `.` and `..`, and whether it is a folder (nil where the file system does
    /// not say), read in full before the caller changes the folder.
    static func read(_ directory: OpaquePointer) -> [(name: String, isFolder: Bool?)] {
        var found: [(name: String, isFolder: Bool?)] = []
        while let entry = readdir(directory) {
            let name = withUnsafePointer(to: &entry.pointee.d_name) { pointer in
                pointer.withMemoryRebound(to: CChar.self, capacity: MemoryLayout.size(ofValue: pointer.pointee)) {
                    String(cString: $0)
                }
            }
            guard name != ".", name != ".." else { continue }
            let type = Int(entry.pointee.d_type)
            found.append((name, type == Int(DT_UNKNOWN) ? nil : type == Int(DT_DIR)))
        }
        return found
    }

    /// Removes `name` in `folder` and everything under it, never following a symbolic link. `isFolder` says what
    /// the folder's listing said `name` is, if it did.
    static func removeTree(_ folder: Int32, _ name: String, isFolder: Bool? = nil, shown: String) throws {
        if isFolder != true {
            if unlinkat(folder, name, 0) == 0 { return }
            let code = errno
            if code == ENOENT { return }
            guard code == EISDIR || code == EPERM else { throw failure("remove", shown, code, folder: shown) }
        }
        let fd = openat(folder, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else {
            if errno == ENOENT { return }
            throw failure("open the folder", shown, errno, folder: shown)
        }
        guard let directory = fdopendir(fd) else {
            let code = errno
            close(fd)
            throw failure("read the folder", shown, code, folder: shown)
        }
        defer { closedir(directory) }
        let inner = dirfd(directory)
        for child in read(directory) {
            try removeTree(inner, child.name, isFolder: child.isFolder, shown: "\(shown)/\(child.name)")
        }
        if unlinkat(folder, name, AT_REMOVEDIR) != 0, errno != ENOENT {
            throw failure("remove the folder", shown, errno, folder: shown)
        }
    }

    /// A system call failed: what sipgpo was doing, the path, the system's words and what to do about it.
    static func failure(_ action: String, _ path: String, _ code: Int32, folder: String) -> Refusal {
        Refusal(description: "cannot \(action) '\(path)': \(String(cString: strerror(code))); \(advice(code, folder))")
    }

    static func advice(_ code: Int32, _ folder: String) -> String {
        switch code {
        case EACCES, EPERM:
            return
                "make '\(folder)' writable for you (sipgpo puts a lock file and a staging folder beside the output folder), or choose another --output"
        case EROFS:
            return "'\(folder)' is on a read-only file system; choose an --output on a writable file system"
        case ENOSPC:
            var info = statvfs()
            if statvfs(folder, &info) == 0, info.f_files > 0, info.f_favail == 0 {
                return
                    "the file system holding '\(folder)' has no free inodes (df -i \(folder)); delete files there or choose another --output"
            }
            return
                "the file system holding '\(folder)' is full (df -h \(folder)); free space there or choose another --output"
        case EDQUOT:
            return "your disk quota on '\(folder)' is used up (quota -s); free space there or choose another --output"
        case EIO:
            return "the disk reported an error (see dmesg); check it before building again"
        case ENOTDIR:
            return "a part of the path is a file, not a folder; choose another --output"
        case ENAMETOOLONG:
            return "choose a shorter --output"
        case EMFILE, ENFILE:
            return "too many files are open; close other programs and build again"
        default:
            return "build again; if it fails again, choose another --output"
        }
    }
}

/// `write(2)`, named so that it cannot be mistaken for `OutputWriter.write`.
private func systemWrite(_ fd: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
        Glibc.write(fd, bytes, count)
    #else
        Darwin.write(fd, bytes, count)
    #endif
}

/// An exclusive `flock` on a lock file beside the output folder, so that builds into one folder take turns. The file
/// holds the holder's process ID for the message of whoever waits, and is removed on release; a waiter that wakes up
/// holding a removed file tries again, so two builds never hold two different files.
struct OutputLock {
    let folder: Int32
    let name: String
    let fd: Int32

    static func acquire(
        in folder: Int32, at shown: String, name: String, waiting: (_ holder: String?) -> Void
    ) throws -> OutputLock {
        var announced = false
        while true {
            let fd = openat(folder, name, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o644)
            guard fd >= 0 else {
                throw OutputWriter.failure("create the lock file", "\(shown)/\(name)", errno, folder: shown)
            }
            if flock(fd, LOCK_EX | LOCK_NB) != 0 {
                guard errno == EWOULDBLOCK || errno == EINTR else {
                    let code = errno
                    close(fd)
                    throw OutputWriter.failure("lock", "\(shown)/\(name)", code, folder: shown)
                }
                if !announced {
                    announced = true
                    waiting(holder(fd))
                }
                while flock(fd, LOCK_EX) != 0 {
                    guard errno == EINTR else {
                        let code = errno
                        close(fd)
                        throw OutputWriter.failure("lock", "\(shown)/\(name)", code, folder: shown)
                    }
                }
            }
            var mine = stat()
            var current = stat()
            if fstat(fd, &mine) == 0, fstatat(folder, name, &current, AT_SYMLINK_NOFOLLOW) == 0,
                mine.st_dev == current.st_dev, mine.st_ino == current.st_ino
            {
                let pid = Array("\(getpid())\n".utf8)
                _ = ftruncate(fd, 0)
                _ = pid.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
                return OutputLock(folder: folder, name: name, fd: fd)
            }
            // The build before us removed the file as it finished: this lock guards nothing any more.
            close(fd)
        }
    }

    /// The process ID the holder wrote into the lock file, if any.
    static func holder(_ fd: Int32) -> String? {
        var buffer = [UInt8](repeating: 0, count: 32)
        let count = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return nil }
        let text = String(decoding: buffer.prefix(count), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return Int(text) == nil ? nil : text
    }

    func release() {
        unlinkat(folder, name, 0)
        close(fd)
    }
}

/// The writer's steps, for the fault tests. In debug builds only, `SIPGPO_TEST_FAULT` makes the writer stop at one:
/// `list` prints each step on standard error, `kill@N` kills the process with SIGKILL at step N (a crash at that very
/// moment), `sleep@N:MS` pauses there for MS milliseconds. Release builds read no environment here.
final class Steps {
    #if DEBUG
        private let fault = ProcessInfo.processInfo.environment["SIPGPO_TEST_FAULT"]
        private var count = 0
    #endif

    func reach(_ name: @autoclosure () -> String) {
        #if DEBUG
            guard let fault else { return }
            count += 1
            if fault == "list" {
                FileHandle.standardError.write(Data("sipgpo: step \(count): \(name())\n".utf8))
            } else if fault == "kill@\(count)" {
                kill(getpid(), SIGKILL)
            } else if fault.hasPrefix("sleep@\(count):"), let milliseconds = UInt32(fault.split(separator: ":")[1]) {
                usleep(milliseconds * 1000)
            }
        #endif
    }
}
