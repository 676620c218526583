import Foundation
import SipgpoTestSupport
import Testing

/// `sipgpo build` under faults: killed at any moment, run twice at once, on a full disk, out of inodes, into a
/// folder it may not write. The output folder is always the complete old tree or the complete new one, and every
/// failure is a sentence naming the path, the system's reason and what to do.
@Suite(.serialized) struct OutputFaultTests {
    /// Two sites whose outputs differ, and their complete trees built once into reference folders.
    struct Trees {
        var old: [String: Data]
        var new: [String: Data]
        static let oldSite = Sipgpo.site("single-forest")
        static let newSite = Sipgpo.site("split-brain-multi-domain")

        init(root: URL) throws {
            let a = root.appendingPathComponent("ref-old")
            let b = root.appendingPathComponent("ref-new")
            #expect(try Sipgpo.run(["build", Self.oldSite, "--output", a.path]).status == 0)
            #expect(try Sipgpo.run(["build", Self.newSite, "--output", b.path]).status == 0)
            old = try snapshot(a)
            new = try snapshot(b)
            try FileManager.default.removeItem(at: a)
            try FileManager.default.removeItem(at: b)
            #expect(!old.isEmpty && !new.isEmpty && old != new)
        }

        /// Which complete tree `folder` holds, or nil for a mix, a partial tree or nothing.
        func which(_ folder: URL) throws -> String? {
            let now = try snapshot(folder)
            return now == old ? "old" : now == new ? "new" : nil
        }
    }

    /// The writer's numbered steps (debug builds print them with `SIPGPO_TEST_FAULT=list`).
    func steps(root: URL) throws -> [(number: Int, name: String)] {
        let probe = root.appendingPathComponent("probe")
        let run = try Sipgpo.run(
            ["build", Trees.newSite, "--output", probe.path], environment: ["SIPGPO_TEST_FAULT": "list"])
        #expect(run.status == 0, "\(run.stderr)")
        try? FileManager.default.removeItem(at: probe)
        return run.stderr.split(separator: "\n").compactMap { line in
            // sipgpo: step 12: wrote GPOs/x/Backup.xml
            guard line.hasPrefix("sipgpo: step ") else { return nil }
            let rest = line.dropFirst("sipgpo: step ".count)
            guard let colon = rest.firstIndex(of: ":"), let number = Int(rest[..<colon]) else { return nil }
            return (number, String(rest[rest.index(after: colon)...].dropFirst()))
        }
    }

    @Test func aBuildKilledAtAnyStepLeavesTheOldOrTheNewTree() throws {
        let root = try scratchFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let trees = try Trees(root: root)
        let all = try steps(root: root)
        #expect(all.count > 10, "\(all)")
        #expect(all.contains { $0.name == "swapped" })
        // Every step that is not a file write, and every third file write.
        var writes = 0
        let chosen = all.filter { step in
            guard step.name.hasPrefix("wrote ") else { return true }
            writes += 1
            return writes % 3 == 1
        }
        let out = root.appendingPathComponent("out")
        #expect(try Sipgpo.run(["build", Trees.oldSite, "--output", out.path]).status == 0)
        var current = "old"
        var seen: Set<String> = []
        for step in chosen {
            let site = current == "old" ? Trees.newSite : Trees.oldSite
            let run = try Sipgpo.run(
                ["build", site, "--output", out.path], environment: ["SIPGPO_TEST_FAULT": "kill@\(step.number)"])
            #expect(run.signalled && run.status == SIGKILL, "step \(step.number) (\(step.name)): \(run.stderr)")
            let found = try trees.which(out)
            #expect(found != nil, "killed at step \(step.number) (\(step.name)): the output is neither tree")
            if let found {
                seen.insert(found)
                current = found
            }
        }
        #expect(seen == ["old", "new"], "the kills should land both before and after the swap")
        // The next build finishes the job: the new tree, and nothing left beside it.
        let last = try Sipgpo.run(["build", Trees.newSite, "--output", out.path])
        #expect(last.status == 0, "\(last.stderr)")
        #expect(try trees.which(out) == "new")
        #expect(try names(in: root) == ["out"])
    }

    @Test func aBuildKilledAfterARandomDelayLeavesTheOldOrTheNewTree() throws {
        let root = try scratchFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let trees = try Trees(root: root)
        let out = root.appendingPathComponent("out")
        let started = Date()
        #expect(try Sipgpo.run(["build", Trees.oldSite, "--output", out.path]).status == 0)
        let duration = Date().timeIntervalSince(started)
        var current = "old"
        for _ in 0..<8 {
            let delay = Double.random(in: 0...(duration * 1.2))
            let site = current == "old" ? Trees.newSite : Trees.oldSite
            let started = try Sipgpo.start(["build", site, "--output", out.path])
            Thread.sleep(forTimeInterval: delay)
            started.kill()
            let run = started.wait()
            let found = try trees.which(out)
            #expect(found != nil, "killed after \(delay) s (exit \(run.status)): the output is neither tree")
            current = found ?? current
        }
        #expect(try Sipgpo.run(["build", Trees.newSite, "--output", out.path]).status == 0)
        #expect(try names(in: root) == ["out"])
    }

    /// Holds the lock file beside `out` the way a build does; true once another process holds it.
    func lockIsHeld(_ lock: URL) -> Bool {
        let fd = open(lock.path, O_RDWR | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        if flock(fd, LOCK_EX | LOCK_NB) == 0 {
            flock(fd, LOCK_UN)
            return false
        }
        return errno == EWOULDBLOCK
    }

    @Test func twoBuildsIntoOneFolderTakeTurns() throws {
        let root = try scratchFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let trees = try Trees(root: root)
        let out = root.appendingPathComponent("out")
        // The first build pauses for two seconds right after taking the lock.
        let first = try Sipgpo.start(
            ["build", Trees.newSite, "--output", out.path], environment: ["SIPGPO_TEST_FAULT": "sleep@1:2000"])
        let lock = root.appendingPathComponent(".out.sipgpo-lock")
        let deadline = Date().addingTimeInterval(60)
        while !lockIsHeld(lock), Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        #expect(lockIsHeld(lock), "the first build never took the lock")
        let second = try Sipgpo.run(["build", Trees.oldSite, "--output", out.path])
        let firstRun = first.wait()
        #expect(firstRun.status == 0, "\(firstRun.stderr)")
        #expect(second.status == 0, "\(second.stderr)")
        #expect(
            second.stderr.contains("another sipgpo build (process \(first.process.processIdentifier)) is writing"),
            "\(second.stderr)")
        #expect(second.stderr.contains("waiting for it to finish"))
        #expect(try trees.which(out) == "old")
        #expect(try names(in: root) == ["out"])
    }

    @Test func twoBuildsRacingToCreateTheFolderBothSucceed() throws {
        let root = try scratchFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let trees = try Trees(root: root)
        let parent = root.appendingPathComponent("new/deeper")
        let out = parent.appendingPathComponent("out")
        let a = try Sipgpo.start(["build", Trees.newSite, "--output", out.path])
        let b = try Sipgpo.start(["build", Trees.newSite, "--output", out.path])
        for run in [a.wait(), b.wait()] {
            #expect(run.status == 0, "\(run.stderr)")
            #expect(!run.stderr.contains("NSCocoaErrorDomain"))
        }
        #expect(try trees.which(out) == "new")
        #expect(try names(in: parent) == ["out"])
    }

    @Test func staleStagingFoldersOfDeadBuildsAreRemoved() throws {
        let root = try scratchFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        // A process that has exited: its PID names a build that was killed.
        let exited = Process()
        exited.executableURL = URL(fileURLWithPath: "/bin/true")
        try exited.run()
        exited.waitUntilExit()
        let dead = exited.processIdentifier
        let alive = getpid()
        let out = root.appendingPathComponent("out")
        #expect(try Sipgpo.run(["build", Trees.oldSite, "--output", out.path]).status == 0)
        let leftovers = [
            ".out.sipgpo-staging-\(dead)", ".out.sipgpo-old-\(dead)", ".out.sipgpo-staging-\(alive)",
            ".other.sipgpo-staging-\(dead)",
        ]
        for name in leftovers {
            let folder = root.appendingPathComponent("\(name)/GPOs")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data("half written".utf8).write(to: folder.appendingPathComponent("Backup.xml"))
        }
        let run = try Sipgpo.run(["build", Trees.oldSite, "--output", out.path])
        #expect(run.status == 0, "\(run.stderr)")
        // The dead build's folders go; a live process's folder and another output's folder stay.
        #expect(
            try names(in: root) == [".other.sipgpo-staging-\(dead)", ".out.sipgpo-staging-\(alive)", "out"].sorted())
    }

    /// Where the file system cannot exchange two folders, the swap is two renames; a build killed between them has
    /// moved the previous output aside, and the next build puts it back before anything else.
    @Test func aPreviousOutputMovedAsideByAKilledBuildIsPutBack() throws {
        let root = try scratchFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let trees = try Trees(root: root)
        let exited = Process()
        exited.executableURL = URL(fileURLWithPath: "/bin/true")
        try exited.run()
        exited.waitUntilExit()
        let aside = root.appendingPathComponent(".out.sipgpo-old-\(exited.processIdentifier)")
        #expect(try Sipgpo.run(["build", Trees.oldSite, "--output", aside.path]).status == 0)
        let out = root.appendingPathComponent("out")
        // Killed right after it dealt with the leftovers: the previous output is back in its place.
        let killed = try Sipgpo.run(
            ["build", Trees.newSite, "--output", out.path], environment: ["SIPGPO_TEST_FAULT": "kill@2"])
        #expect(killed.signalled, "\(killed.stderr)")
        #expect(killed.stderr.contains("put back the previous output '\(out.path)'"), "\(killed.stderr)")
        #expect(try trees.which(out) == "old")
        let run = try Sipgpo.run(["build", Trees.newSite, "--output", out.path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try trees.which(out) == "new")
        #expect(try names(in: root) == ["out"])
    }

    // MARK: messages

    /// Runs a build inside a private mount namespace whose `mnt` is a fresh tmpfs with `options`; prints what is
    /// left in the tmpfs afterwards on standard output as `left: NAMES`.
    func buildOnTmpfs(_ options: String, site: String, root: URL) throws -> Sipgpo.Run {
        let mount = root.appendingPathComponent("mnt")
        try FileManager.default.createDirectory(at: mount, withIntermediateDirectories: true)
        let script = """
            mount -t tmpfs -o "$1" sipgpo-test "$2" || exit 99
            mnt=$2; shift 2
            "$@"; status=$?
            echo "left: $(ls -A "$mnt" | tr '\\n' ' ')"
            exit $status
            """
        return try Sipgpo.run(
            ["build", site, "--output", mount.appendingPathComponent("out").path],
            through: ["/usr/bin/unshare", "-r", "-m", "/bin/sh", "-c", script, "sh", options, mount.path])
    }

    @Test func aFullDiskSaysNoSpaceLeftOnDevice() throws {
        let root = try scratchFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let run = try buildOnTmpfs("size=64k", site: Trees.newSite, root: root)
        #expect(run.status == 1, "\(run.stderr)")
        let mount = root.appendingPathComponent("mnt").path
        #expect(run.stderr.contains("No space left on device"), "\(run.stderr)")
        #expect(run.stderr.contains("'\(mount)/.out.sipgpo-staging-"), "\(run.stderr)")
        #expect(run.stderr.contains("is full (df -h"), "\(run.stderr)")
        #expect(run.stderr.contains("'\(mount)/out' is unchanged"), "\(run.stderr)")
        #expect(!run.stderr.contains("NSCocoaErrorDomain"))
        #expect(run.stdout.contains("left: \n") || run.stdout.hasSuffix("left: "), "\(run.stdout)")
    }

    @Test func runningOutOfInodesSaysSo() throws {
        let root = try scratchFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let run = try buildOnTmpfs("nr_inodes=12", site: Trees.newSite, root: root)
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.stderr.contains("No space left on device"), "\(run.stderr)")
        #expect(run.stderr.contains("has no free inodes (df -i"), "\(run.stderr)")
        #expect(!run.stderr.contains("NSCocoaErrorDomain"))
        #expect(run.stdout.contains("left: \n") || run.stdout.hasSuffix("left: "), "\(run.stdout)")
    }

    @Test func aReadOnlyFileSystemIsNamed() throws {
        let root = try scratchFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let run = try buildOnTmpfs("ro", site: Trees.oldSite, root: root)
        #expect(run.status == 1, "\(run.stderr)")
        let mount = root.appendingPathComponent("mnt").path
        #expect(run.stderr.contains("'\(mount)/.out.sipgpo-lock': Read-only file system"), "\(run.stderr)")
        #expect(run.stderr.contains("choose an --output on a writable file system"), "\(run.stderr)")
        #expect(!run.stderr.contains("NSCocoaErrorDomain"))
    }

    @Test func aParentFolderWeMayNotWriteIsNamed() throws {
        let root = try scratchFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let locked = root.appendingPathComponent("locked")
        try FileManager.default.createDirectory(at: locked, withIntermediateDirectories: true)
        try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: locked.path)
        // Root may write anywhere: in a user namespace the build runs as an ordinary user that owns the folder (its
        // owner maps to that user) and meets the permission check an administrator meets.
        let wrapper = ["/usr/bin/unshare", "--map-user=1000", "--map-group=1000"]
        let run = try Sipgpo.run(
            ["build", Trees.oldSite, "--output", locked.appendingPathComponent("out").path], in: root,
            through: wrapper)
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.stderr.contains("'\(locked.path)/.out.sipgpo-lock': Permission denied"), "\(run.stderr)")
        #expect(run.stderr.contains("make '\(locked.path)' writable"), "\(run.stderr)")
        #expect(!run.stderr.contains("NSCocoaErrorDomain"))
        #expect(try names(in: locked).isEmpty)
    }
}
