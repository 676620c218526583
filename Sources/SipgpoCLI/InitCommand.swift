import ArgumentParser
import CSystem
import Foundation
import Rendering
import SiteModel

/// `sipgpo init`: a commented starter site description that passes `check` as written.
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Write a commented starter site description that passes 'sipgpo check' as written.",
        discussion: """
            The starter has one forest, one SIP domain with example DNS records for inside and outside the \
            firewall (Autodiscover, SRV and A), the chosen client for every population and one population \
            under OU=Users. It never replaces an existing file unless --force is given, and it writes the \
            file in one rename, so a reader never sees half of it. The words and comments come from \
            templates/words/init.yaml.mustache (override with --templates).

            Examples:
              sipgpo init --site Contoso --sip-domain contoso.com
              sipgpo init --site Fabrikam --sip-domain fabrikam.com --forest corp.fabrikam.com \\
                --client lync-2013 --output fabrikam.yaml
              sipgpo init --site Lab --sip-domain lab.example --output - | less
            """)

    @OptionGroup var color: ColorOptions

    @Option(help: ArgumentHelp("The site's name (used in GPO names and documentation).", valueName: "name"))
    var site: String

    @Option(help: ArgumentHelp("The SIP domain of the users' sign-in addresses.", valueName: "domain"))
    var sipDomain: String

    @Option(
        help: ArgumentHelp(
            "The Active Directory forest the users log on in (default: the SIP domain).", valueName: "forest"))
    var forest: String?

    @Option(help: ArgumentHelp("The client profile every population uses ('sipgpo clients').", valueName: "profile"))
    var client: String = "skype-for-business-2016"

    @Option(
        name: .shortAndLong,
        help: ArgumentHelp("The file to write; '-' prints to standard output.", valueName: "file"))
    var output: String = "site.yaml"

    @Flag(help: "Replace the output file if it exists.")
    var force = false

    @Option(
        help: ArgumentHelp(
            "Read client profiles and the word templates from this folder instead of the bundled one.",
            valueName: "dir"))
    var templates: String?

    func validate() throws {
        guard Self.isHostName(sipDomain) else {
            throw ValidationError("'\(sipDomain)' is not a DNS domain name such as contoso.com (--sip-domain)")
        }
        if let forest, !Self.isHostName(forest) {
            throw ValidationError("'\(forest)' is not a DNS domain name such as corp.contoso.com (--forest)")
        }
        guard !site.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw ValidationError("the site's name (--site) is empty")
        }
        guard output != "" else { throw ValidationError("--output is empty; give a file name or '-'") }
    }

    /// Two or more labels of letters, digits and inner hyphens: what a SIP domain or a forest's name can be.
    static func isHostName(_ text: String) -> Bool {
        guard let name = DNSName(text), name.labels.count >= 2 else { return false }
        return name.labels.allSatisfy { label in
            label.utf8.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D }
                && label.first != "-" && label.last != "-"
        }
    }

    func run() throws {
        let clients = try loadClients(templates: templates)
        guard let profile = clients[client] else {
            let hint = Suggestion.closest(to: client, in: clients.ids).map { " (did you mean '\($0)'?)" } ?? ""
            throw ValidationError("unknown client '\(client)'\(hint); 'sipgpo clients' lists them")
        }
        let words = try loadWords(templates: templates)
        let sipDomain = DNSName(sipDomain)!  // checked by validate()
        let forest = forest.flatMap(DNSName.init) ?? sipDomain
        let text = words.starterSite(
            StarterSiteContext(
                name: site, file: output == "-" ? "site.yaml" : output, sipDomain: sipDomain, forest: forest,
                client: profile))
        if output == "-" {
            Console().output(text)
            return
        }
        do {
            try Self.writeNewFile(Data(text.utf8), to: output, replacing: force)
        } catch let error as InitError {
            Console().error(error.message)
            throw ExitCode(1)
        }
        Console().output("wrote \(output); next: sipgpo check \(output)\n")
    }

    struct InitError: Error {
        var message: String
    }

    /// Writes `data` to a temporary file beside `path`, flushes it, then renames it to `path` in one step: a reader
    /// sees no file or the whole file. Without `replacing`, the rename refuses an existing `path`
    /// (renameat2 RENAME_NOREPLACE, else link(2), which never replaces), so two runs cannot both win.
    static func writeNewFile(_ data: Data, to path: String, replacing: Bool) throws {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        let temporary = (folder as NSString).appendingPathComponent(
            ".\(url.lastPathComponent).sipgpo-init-\(getpid())")
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
            throw InitError(message: "'\(path)' is a folder; give the file to write with --output")
        }
        if !replacing, FileManager.default.fileExists(atPath: path) || Self.isSymbolicLink(path) {
            throw InitError(message: "'\(path)' exists; sipgpo init does not replace it unless --force is given")
        }
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw InitError(message: "cannot create a file in '\(folder)': \(String(cString: strerror(errno)))")
        }
        var failure: Int32 = 0
        data.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let written = write(fd, raw.baseAddress! + offset, raw.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                offset += written
            }
        }
        if failure == 0, fsync(fd) != 0 { failure = errno }
        close(fd)
        defer { unlink(temporary) }  // gone after a successful rename; removed after a failure
        guard failure == 0 else {
            throw InitError(message: "cannot write '\(temporary)': \(String(cString: strerror(failure)))")
        }
        if replacing {
            guard rename(temporary, path) == 0 else {
                throw InitError(message: "cannot replace '\(path)': \(String(cString: strerror(errno)))")
            }
            return
        }
        if sipgpo_rename_noreplace(AT_FDCWD, temporary, path) == 0 { return }
        var code = errno
        if code == EINVAL || code == ENOSYS {
            // The file system cannot refuse in a rename: a hard link never replaces either.
            if link(temporary, path) == 0 { return }
            code = errno
        }
        if code == EEXIST {
            throw InitError(message: "'\(path)' exists; sipgpo init does not replace it unless --force is given")
        }
        throw InitError(message: "cannot write '\(path)': \(String(cString: strerror(code)))")
    }

    static func isSymbolicLink(_ path: String) -> Bool {
        var status = stat()
        return lstat(path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFLNK
    }
}
