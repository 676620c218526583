/// Synthetic site descriptions in the shape of a large estate, for the benchmarks (`sipgpo-bench`, `Stages`).
///
/// `estate(populations:domains:)`: `domains` SIP domains with split-brain DNS (each with a Front End pool, a
/// Director and an Access Edge declared under `pools:` with certificates, one of which lacks a name), every client
/// profile in turn, both networks, automatic and manual sign-in, and populations in an OU tree four levels deep
/// (regions → sites → departments → teams) so that inheritance walks real depth.
///
/// `classic(populations:)`: the site of the first measurements (20 SIP domains, five Windows clients, no pools),
/// kept so that figures before and after stay comparable (`Benchmarks/README.md`).
public enum SiteGenerator {
    /// Every client profile sipgpo bundles (`sipgpo clients`).
    public static let clients = [
        "communicator-2007", "communicator-2007-r2", "lync-2010", "lync-2013", "skype-for-business-2016",
        "lync-windows-store", "lync-mobile", "lync-phone-edition",
    ]

    public static func estate(populations: Int, domains: Int = 20) -> String {
        let domains = max(1, domains)
        var yaml = "version: 1\nsite: Benchmark estate\nforests:\n  corp.example: { role: account }\nsipDomains:\n"
        for d in 0..<domains {
            let octet = d % 250
            yaml += """
                  sip\(d).example:
                    dns:
                      inside:
                        - lyncdiscoverinternal 3600 IN CNAME dir01
                        - _sipinternaltls._tcp 3600 IN SRV 0 0 5061 pool01
                        - dir01 3600 IN A 10.\(octet).0.20
                        - pool01 3600 IN A 10.\(octet).0.10
                        - sip 3600 IN A 10.\(octet).0.5
                      outside:
                        - lyncdiscover 3600 IN A 203.0.113.\(octet + 1)
                        - _sip._tls 3600 IN SRV 0 0 443 sip
                        - sip 3600 IN A 198.51.100.\(octet + 1)

                """
        }
        yaml += "pools:\n"
        for d in 0..<domains {
            // The Director's certificate lacks lyncdiscoverinternal, so Autodiscover inside falls back to SRV.
            yaml += """
                  pool01.sip\(d).example:
                    role: frontEnd
                    region: Region\(d % 10)
                    certificate: { names: [pool01.sip\(d).example, sip.sip\(d).example] }
                  dir01.sip\(d).example:
                    role: director
                    certificate: { names: [dir01.sip\(d).example] }
                  sip.sip\(d).example:
                    role: edge
                    certificate: { names: [sip.sip\(d).example], trustedIssuer: true }

                """
        }
        yaml += """
            defaults:
              client: lync-2013
              sipDomain: sip0.example
              homePool: pool01.sip0.example
              trustedDomains: [corp.example]
            populations:

            """
        for p in 0..<populations {
            let region = p % 10
            let site = (p / 10) % 100
            let department = (p / 1000) % 10
            let ou: String
            switch p {
            case ..<10: ou = "OU=Region\(region),DC=corp,DC=example"
            case ..<1000: ou = "OU=Site\(site),OU=Region\(region),DC=corp,DC=example"
            case ..<10000: ou = "OU=Dept\(p),OU=Site\(site),OU=Region\(region),DC=corp,DC=example"
            default:
                ou = "OU=Team\(p),OU=Dept\(department)x\(site),OU=Site\(site),OU=Region\(region),DC=corp,DC=example"
            }
            yaml += "  - name: Population \(p)\n    ou: \(ou)\n"
            if p % 3 == 0 { yaml += "    client: \(clients[(p / 3) % clients.count])\n" }
            if p % 7 == 0 {
                let d = p % domains
                yaml += "    sipDomain: sip\(d).example\n    homePool: pool01.sip\(d).example\n"
            }
            if p % 11 == 0 {
                let d = p % 7 == 0 ? p % domains : 0
                yaml +=
                    "    signIn: { mode: manual, internalServer: pool01.sip\(d).example, externalServer: sip.sip\(d).example }\n"
            }
        }
        return yaml
    }

    public static func classic(populations: Int) -> String {
        let clients = [
            "communicator-2007", "communicator-2007-r2", "lync-2010", "lync-2013", "skype-for-business-2016",
        ]
        var yaml = "version: 1\nsite: Benchmark\nforests:\n  corp.example: { role: account }\nsipDomains:\n"
        for d in 0..<20 {
            yaml += """
                  sip\(d).example:
                    dns:
                      inside:
                        - lyncdiscoverinternal 3600 IN A 10.\(d).0.20
                        - _sipinternaltls._tcp 3600 IN SRV 0 0 5061 pool01
                        - pool01 3600 IN A 10.\(d).0.10
                        - _sip._tls 3600 IN SRV 0 0 443 sip
                        - sip 3600 IN A 10.\(d).0.5
                      outside:
                        - lyncdiscover 3600 IN A 203.0.113.\(d + 1)
                        - _sipinternaltls._tcp 3600 IN SRV 0 0 5061 pool01
                        - pool01 3600 IN A 10.\(d).0.10
                        - _sip._tls 3600 IN SRV 0 0 443 sip
                        - sip 3600 IN A 198.51.100.\(d + 1)

                """
        }
        yaml +=
            "defaults:\n  client: lync-2013\n  sipDomain: sip0.example\n  trustedDomains: [corp.example]\npopulations:\n"
        for p in 0..<populations {
            let region = p % 10
            let site = (p / 10) % 100
            let ou =
                p < 10
                ? "OU=Region\(region),DC=corp,DC=example"
                : p < 1000
                    ? "OU=Site\(site),OU=Region\(region),DC=corp,DC=example"
                    : "OU=Dept\(p),OU=Site\(site),OU=Region\(region),DC=corp,DC=example"
            yaml += "  - name: Population \(p)\n    ou: \(ou)\n"
            if p % 3 == 0 { yaml += "    client: \(clients[p % clients.count])\n" }
            if p % 7 == 0 { yaml += "    sipDomain: sip\(p % 20).example\n" }
            if p % 11 == 0 {
                yaml +=
                    "    signIn: { mode: manual, internalServer: pool01.sip\(p % 20).example, externalServer: sip.sip\(p % 20).example }\n"
            }
        }
        return yaml
    }
}
