import Analysis
import Discovery
import Rendering
import SiteModel

/// `certificates.md` and `certificates.csv`: for every declared server, the subject and each subject alternative
/// name it needs, whether the declared certificate has it, and why it is needed.
public enum CertificateFiles {
    /// `certificates.md` from `words/certificates.md.mustache`. Every value is escaped here, once, with the Markdown
    /// escaping functions; the template only places them.
    public static func markdown(_ plan: CertificatePlan, site: String, words: Words = .bundled) -> String {
        words.certificates(
            CertificatesContext(
                site: Markdown.text(site), hasServers: !plan.servers.isEmpty,
                servers: plan.servers.map { server in
                    let pool = server.pool
                    return CertificatesContext.Server(
                        fqdn: Markdown.text(pool.fqdn.description), role: pool.role.rawValue,
                        region: pool.region.map(Markdown.text),
                        declared: pool.certificate.map { certificate in
                            certificate.names.map { Markdown.code($0.description) }.joined(separator: ", ")
                        },
                        untrustedIssuer: pool.certificate.map { !$0.trustedIssuer } ?? false,
                        missing: server.missing.isEmpty
                            ? nil : server.missing.map { Markdown.code($0.name) }.joined(separator: ", "),
                        needs: server.needs.map { need in
                            CertificatesContext.Need(
                                name: Markdown.code(need.name, inTable: true), as: need.isSubject ? "subject" : "SAN",
                                status: need.onCertificate.map { $0 ? "yes" : "**missing**" } ?? "not declared",
                                reasons: Markdown.text(need.reasons.joined(separator: "; ")))
                        })
                }))
    }

    public static func csv(_ plan: CertificatePlan) -> String {
        var out = "server,role,region,name,as,on_certificate,reason\r\n"
        for server in plan.servers {
            for need in server.needs {
                let status = need.onCertificate.map { $0 ? "yes" : "missing" } ?? "not declared"
                out +=
                    [
                        server.pool.fqdn.description, server.pool.role.rawValue, server.pool.region ?? "", need.name,
                        need.isSubject ? "subject" : "san", status, need.reasons.joined(separator: "; "),
                    ]
                    .map(CSVField.escape).joined(separator: ",") + "\r\n"
            }
        }
        return out
    }
}
