import COpenSSL
import Foundation

/// Opens TLS to a server, reads the certificate it presents and closes: a handshake only, nothing is sent after it.
/// OpenSSL does the handshake, the chain verification and the certificate parsing.
public enum TLSProbe {
    public struct Target: Hashable, Sendable {
        /// The name sent in SNI, as discovery found it.
        public var host: String
        /// The numeric address DNS returned for it.
        public var address: String
        public var port: Int

        public init(host: String, address: String, port: Int) {
            self.host = host
            self.address = address
            self.port = port
        }
    }

    public struct Presented: Hashable, Sendable {
        public var subject: String
        /// Subject alternative names of type DNS.
        public var dnsNames: [String]
        public var issuer: String
        /// ISO 8601, UTC.
        public var notBefore: String
        public var notAfter: String
        /// The chain verifies against the trust store.
        public var verified: Bool
        /// OpenSSL's reason when it does not ("unable to get local issuer certificate").
        public var verification: String?
    }

    public enum Result: Hashable, Sendable {
        case presented(Presented)
        case failed(String)
    }

    /// Trust store: the system's default locations, plus `caFile` when given.
    public struct Configuration: Hashable, Sendable {
        public var timeout: Int
        public var caFile: String?

        public init(timeout: Int = 3, caFile: String? = nil) {
            self.timeout = timeout
            self.caFile = caFile
        }
    }

    /// Every target, a few at a time; results in the order of `targets`.
    public static func probe(_ targets: [Target], configuration: Configuration) -> [Result] {
        let box = Results(count: targets.count)
        DispatchQueue.concurrentPerform(iterations: targets.count) { index in
            box.set(index, probe(targets[index], configuration: configuration))
        }
        return box.all()
    }

    private final class Results: @unchecked Sendable {
        private let lock = NSLock()
        private var values: [Result?]
        init(count: Int) { values = Array(repeating: nil, count: count) }
        func set(_ index: Int, _ value: Result) { lock.withLock { values[index] = value } }
        func all() -> [Result] { lock.withLock { values.map { $0! } } }
    }

    public static func probe(_ target: Target, configuration: Configuration) -> Result {
        guard let context = SSL_CTX_new(TLS_client_method()) else { return .failed("OpenSSL: no TLS context") }
        defer { SSL_CTX_free(context) }
        SSL_CTX_set_default_verify_paths(context)
        if let caFile = configuration.caFile, SSL_CTX_load_verify_locations(context, caFile, nil) != 1 {
            return .failed("cannot read the CA file '\(caFile)'")
        }
        // Verification is read afterwards, so that an untrusted certificate is still read and reported; old
        // servers' certificates and ciphers are accepted for the same reason (nothing is sent over the connection).
        SSL_CTX_set_verify(context, SSL_VERIFY_NONE, nil)
        SSL_CTX_set_security_level(context, 0)

        let descriptor = sipgpo_connect(target.address, String(target.port), Int32(configuration.timeout * 1000))
        guard descriptor >= 0 else {
            let code = -descriptor
            if code == ETIMEDOUT { return .failed("no answer within \(configuration.timeout) s") }
            return .failed(text(strerror(code)))
        }
        defer { close(descriptor) }
        guard let ssl = SSL_new(context) else { return .failed("OpenSSL: no TLS session") }
        defer { SSL_free(ssl) }
        SSL_set_fd(ssl, descriptor)
        _ = sipgpo_set_sni(ssl, target.host)
        ERR_clear_error()
        guard SSL_connect(ssl) == 1 else {
            let code = ERR_get_error()
            if code == 0 { return .failed("the TLS handshake failed (connection closed or timed out)") }
            return .failed("the TLS handshake failed: \(errorString(code))")
        }
        defer { SSL_shutdown(ssl) }
        guard let certificate = SSL_get1_peer_certificate(ssl) else {
            return .failed("the server presented no certificate")
        }
        defer { X509_free(certificate) }
        let verify = SSL_get_verify_result(ssl)
        return .presented(
            Presented(
                subject: name(X509_get_subject_name(certificate)), dnsNames: dnsNames(certificate),
                issuer: name(X509_get_issuer_name(certificate)), notBefore: time(X509_get0_notBefore(certificate)),
                notAfter: time(X509_get0_notAfter(certificate)), verified: verify == X509_V_OK,
                verification: verify == X509_V_OK ? nil : text(X509_verify_cert_error_string(verify))))
    }

    private static func text(_ pointer: UnsafePointer<CChar>?) -> String {
        guard let pointer else { return "" }
        let bytes = UnsafeRawPointer(pointer).assumingMemoryBound(to: UInt8.self)
        return String(decoding: UnsafeBufferPointer(start: bytes, count: strlen(pointer)), as: UTF8.self)
    }

    private static func errorString(_ code: UInt) -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        ERR_error_string_n(code, &buffer, buffer.count)
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// RFC 2253 form: "CN=pool01.contoso.com,O=Contoso".
    private static func name(_ name: OpaquePointer?) -> String {
        guard let name, let bio = BIO_new(BIO_s_mem()) else { return "" }
        defer { BIO_free(bio) }
        X509_NAME_print_ex(bio, name, 0, sipgpo_name_flags_rfc2253())
        return read(bio)
    }

    private static func read(_ bio: OpaquePointer) -> String {
        var data: UnsafeMutablePointer<CChar>?
        let length = sipgpo_bio_mem_data(bio, &data)
        guard let data, length > 0 else { return "" }
        return data.withMemoryRebound(to: UInt8.self, capacity: length) {
            String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self)
        }
    }

    private static func dnsNames(_ certificate: OpaquePointer) -> [String] {
        guard let raw = X509_get_ext_d2i(certificate, NID_subject_alt_name, nil, nil) else { return [] }
        let names = OpaquePointer(raw)
        defer { GENERAL_NAMES_free(names) }
        var out: [String] = []
        for index in 0..<sipgpo_general_names_count(names) {
            var length: Int32 = 0
            guard let bytes = sipgpo_general_name_dns(names, index, &length) else { continue }
            out.append(String(decoding: UnsafeBufferPointer(start: bytes, count: Int(length)), as: UTF8.self))
        }
        return out
    }

    /// "2026-11-29T21:00:00Z".
    private static func time(_ value: UnsafePointer<ASN1_TIME>?) -> String {
        var parts = tm()
        guard let value, ASN1_TIME_to_tm(value, &parts) == 1 else { return "?" }
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02dZ", parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday,
            parts.tm_hour, parts.tm_min, parts.tm_sec)
    }
}
