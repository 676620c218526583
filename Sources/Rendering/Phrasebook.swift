import Foundation
import Mustache
import SiteModel
import Yams

/// The sentences of an explanation (`templates/words/phrases.yaml`): one Mustache template per phrase key, parsed
/// once. `Phrases` fills them from the typed discovery run.
public struct Phrasebook: Sendable {
    let templates: [String: MustacheTemplate]

    /// Every key the renderer uses; a phrasebook must define them all.
    static let keys: Set<String> = [
        "step.serviceRecords", "step.alias", "step.addresses", "step.aliasLoop", "step.noServiceRecord",
        "step.unresolved", "connection.tcpRefusedOutside", "connection.privateAddress", "connection.untrustedIssuer",
        "connection.lacksConnectedName", "connection.configuredServer", "connection.autodiscover",
        "connection.tcpNotChecked", "connection.strictNamingRefused", "connection.certificateProves",
        "connection.nameSatisfies", "connection.mustPresent", "connection.inSIPDomain", "connection.inTrustedDomain",
        "connection.untrustedDomainPrompt", "failure.serviceUnavailable", "failure.unresolved",
        "failure.tcpRefusedOutside", "failure.privateAddress", "failure.untrustedIssuer", "failure.lacksConnectedName",
        "failure.strictNamingRefused", "reason.reached", "reason.configuredServer", "reason.autodiscover",
        "reason.tcpNotChecked", "reason.certificateProves", "reason.nameSatisfies", "reason.mustPresent",
        "reason.inSIPDomain", "reason.inTrustedDomain", "reason.untrustedDomainPrompt", "reason.configured",
        "reason.hostWins", "reason.registrationFailed", "registration.untrustedIssuer", "registration.lacksName",
        "failed.firstServiceUnusable", "failed.firstHostUnusable", "failed.unresolvedAutodiscover", "failed.noFallback",
        "failed.noServiceRecords", "failed.unresolvedHosts", "failed.manualServer", "failed.noExternalServer",
        "headline.failed", "headline.reached", "hop.directorRedirect", "hop.directorWithoutHome", "hop.notHomePool",
        "hop.homeRegisters", "hop.directorProxies", "share.connected", "share.prompt", "share.failed", "share.sentence",
        "registration.unresolved", "registration.privateAddress",
        "note.handedServerOutsideDomain", "hop.assumedHome", "hop.edgeProxies", "hop.autodiscoverInternal",
        "hop.autodiscoverExternal", "note.variantFollowed", "note.otherVariantDiffers", "note.lookupCondition",
        "note.lookupNote", "note.severalServiceRecords", "note.earlierFailures", "note.autodiscoverFavoured",
        "note.manualSignIn", "note.trustModelReplacesBuiltIn", "note.addTrustedDomain", "note.crossNamespace",
        "note.internalRecordOutside", "note.serviceTargetOutsideDomain", "note.notAmongPools",
        "failed.unqueriedServiceRecords", "note.unqueriedServiceRecords", "connection.addressCannotProveName",
        "failure.addressCannotProveName", "note.variantBasis",
        "note.autodiscoverOnly", "note.autodiscoverAliasOtherDomain", "connection.tcpNotOffered",
        "failure.tcpNotOffered",
        "note.transportWithoutPolicy", "connection.noAnswer", "failure.noAnswer",
        "registration.noAnswer", "connection.portClosed", "failure.portClosed", "note.hostPortUndocumented",
        "ports.reading", "ports.sentence", "ports.unverified",
    ]

    /// The bundled phrasebook. It is tested; failing to load it is a broken installation.
    public static let bundled: Phrasebook = {
        let (phrasebook, diagnostics) = load(files: Words.files(named: "phrases.yaml", override: nil))
        guard let phrasebook else { fatalError("the bundled phrases do not load: \(diagnostics.map(\.message))") }
        return phrasebook
    }()

    /// Reads the phrase files in order (the bundled one, then an administrator's); later files replace earlier
    /// phrases key by key. A phrase that does not parse, an unknown key or a missing one is an error.
    static func load(files: [URL]) -> (phrasebook: Phrasebook?, diagnostics: [Diagnostic]) {
        var templates: [String: MustacheTemplate] = [:]
        var diagnostics: [Diagnostic] = []
        for file in files {
            guard let text = try? String(contentsOf: file, encoding: .utf8) else {
                diagnostics.append(
                    .error(
                        "template-missing", "cannot read '\(file.path)'", at: nil,
                        help: "restore it from the bundled templates folder, or remove --templates"))
                continue
            }
            let node: Node?
            do {
                node = try Yams.compose(yaml: text)
            } catch let error as YamlError {
                diagnostics.append(
                    .error(
                        "template-invalid", "'\(file.lastPathComponent)' is not valid YAML: \(error)",
                        at: SourceSpan(file: file.path, line: 1, column: 1),
                        help: "each phrase is `key: |-` followed by the indented text"))
                continue
            } catch {
                diagnostics.append(
                    .error("template-invalid", "\(error)", at: SourceSpan(file: file.path, line: 1, column: 1)))
                continue
            }
            guard let mapping = node?.mapping else {
                diagnostics.append(
                    .error(
                        "template-invalid", "'\(file.lastPathComponent)' must map phrase keys to text",
                        at: SourceSpan(file: file.path, line: 1, column: 1)))
                continue
            }
            for (keyNode, valueNode) in mapping {
                let span = SourceSpan(file: file.path, line: keyNode.mark?.line ?? 1, column: keyNode.mark?.column ?? 1)
                guard let key = keyNode.string, keys.contains(key) else {
                    let name = keyNode.string ?? "?"
                    diagnostics.append(
                        .error(
                            "template-invalid", "unknown phrase '\(name)'", at: span,
                            help: Suggestion.closest(to: name, in: keys.sorted()).map { "did you mean '\($0)'?" }
                                ?? "the bundled words/phrases.yaml lists every phrase key"))
                    continue
                }
                guard let phrase = valueNode.string else {
                    diagnostics.append(.error("template-invalid", "phrase '\(key)' must be text", at: span))
                    continue
                }
                do {
                    templates[key] = try MustacheTemplate(string: "{{% CONTENT_TYPE: TEXT}}" + phrase)
                } catch {
                    diagnostics.append(
                        .error(
                            "template-invalid", "phrase '\(key)' does not parse: \(error)", at: span,
                            help: "fix the Mustache syntax; the bundled phrases.yaml shows the expected shape"))
                }
            }
        }
        for key in keys.subtracting(templates.keys).sorted() where diagnostics.isEmpty {
            diagnostics.append(
                .error(
                    "template-missing", "no phrase '\(key)'",
                    at: files.last.map { SourceSpan(file: $0.path, line: 1, column: 1) },
                    help: "copy it from the bundled words/phrases.yaml"))
        }
        return (diagnostics.isEmpty ? Phrasebook(templates: templates) : nil, diagnostics)
    }

    /// The phrase `key` with its fields. Flags are `Bool`; an absent field is a false section.
    func say(_ key: String, _ fields: [String: Any] = [:]) -> String {
        templates[key]?.render(fields) ?? ""
    }
}
