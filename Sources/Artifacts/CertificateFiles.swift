import Analysis
import Discovery
import SiteModel

/// `certificates.md` and `certificates.csv`: for every declared server, the subject and each subject alternative
/// name it needs, whether the declared certificate has it, and why it is needed.
public enum CertificateFiles {
    public static func markdown(_ plan: CertificatePlan, site: String) -> String {
        var out = "# \(Markdown.text(site)): certificate names\n\n"
        if plan.servers.isEmpty {
            return out + "The site declares no servers (`pools:`), so sipgpo cannot list certificate names.\n"
        }
        out += "Every name each server's certificate must carry for this site's SIP domains and clients. "
        out +=
            "\"missing\" marks a name the declared certificate lacks; \"not declared\" means the site does not declare the certificate.\n"
        for server in plan.servers {
            let pool = server.pool
            out += "\n## \(Markdown.text(pool.fqdn.description))\n\n"
            out += "- Role: \(pool.role.rawValue)\(pool.region.map { ", region \(Markdown.text($0))" } ?? "")\n"
            if let certificate = pool.certificate {
                out +=
                    "- Declared certificate: \(certificate.names.map { Markdown.code($0.description) }.joined(separator: ", "))\(certificate.trustedIssuer ? "" : " (issuer NOT trusted by clients)")\n"
            } else {
                out += "- Declared certificate: none\n"
            }
            if !server.missing.isEmpty {
                out += "- Missing: \(server.missing.map { Markdown.code($0.name) }.joined(separator: ", "))\n"
            }
            out += "\n| Name | As | On the certificate | Needed because |\n|---|---|---|---|\n"
            for need in server.needs {
                let status = need.onCertificate.map { $0 ? "yes" : "**missing**" } ?? "not declared"
                out +=
                    "| \(Markdown.code(need.name, inTable: true)) | \(need.isSubject ? "subject" : "SAN") | \(status) | \(Markdown.text(need.reasons.joined(separator: "; "))) |\n"
            }
        }
        return out
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
