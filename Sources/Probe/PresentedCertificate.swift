import SiteModel

/// What a server presented when the probe opened TLS to it (`--connect`), or why it could not.
public struct PresentedCertificate: Hashable, Sendable {
    /// Where the probe connected: a name DNS returned, the address it resolved to, and the port discovery named.
    public struct Endpoint: Hashable, Sendable, CustomStringConvertible {
        public var host: DNSName
        public var address: String
        public var port: Int

        public init(host: DNSName, address: String, port: Int) {
            self.host = host
            self.address = address
            self.port = port
        }

        public var description: String { "\(host):\(port)" }
    }

    /// The file name of a presented certificate's span: `tls:ROW:1` is row ROW of the certificate table.
    public static let spanFile = "tls"

    public var endpoint: Endpoint
    /// Row in the certificate table (1-based).
    public var row: Int
    public var subject: String?
    /// The subject alternative names of type DNS, as presented.
    public var dnsNames: [String]
    public var issuer: String?
    public var notBefore: String?
    public var notAfter: String?
    /// The chain verifies against the trust store (the system's, plus any CA file given).
    public var trustedIssuer: Bool
    /// OpenSSL's verification result when it is not "ok".
    public var verification: String?
    /// Why no certificate was read (refused, timeout, handshake failure).
    public var error: String?

    public init(
        endpoint: Endpoint, row: Int, subject: String?, dnsNames: [String], issuer: String?, notBefore: String?,
        notAfter: String?, trustedIssuer: Bool, verification: String?, error: String?
    ) {
        self.endpoint = endpoint
        self.row = row
        self.subject = subject
        self.dnsNames = dnsNames
        self.issuer = issuer
        self.notBefore = notBefore
        self.notAfter = notAfter
        self.trustedIssuer = trustedIssuer
        self.verification = verification
        self.error = error
    }

    /// The presented certificate in the site model's terms: its DNS names (a `*.` name is a wildcard) and whether
    /// its issuer is trusted. Nil when no certificate was read.
    public var certificate: Certificate? {
        guard error == nil, subject != nil || !dnsNames.isEmpty else { return nil }
        let names = dnsNames.compactMap { text -> CertificateName? in
            if text.hasPrefix("*.") {
                return DNSName(String(text.dropFirst(2))).map { CertificateName(name: $0, isWildcard: true) }
            }
            return DNSName(text).map { CertificateName(name: $0, isWildcard: false) }
        }
        return Certificate.make(
            names: names, trustedIssuer: trustedIssuer, span: SourceSpan(file: Self.spanFile, line: row, column: 1))
    }

    /// A server for the probe's own site: the host connected to, with the certificate it presented.
    public func pool(network: NetworkLocation) -> Pool? {
        guard let certificate else { return nil }
        return Pool(
            fqdn: endpoint.host, role: network == .outside ? .edge : .frontEnd, region: nil, certificate: certificate,
            span: certificate.span)
    }
}
