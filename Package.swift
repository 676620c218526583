// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "sipgpo",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "sipgpo", targets: ["sipgpo"]),
        // The pipeline's stages and the site generator, for the benchmark harness (Benchmarks/Harness, its own
        // package so that ordinary builds never resolve ordo-one's benchmark).
        .library(
            name: "SipgpoStages",
            targets: [
                "SiteModel", "Discovery", "Analysis", "Rendering", "SipgpoTemplates", "PolicyCatalog", "PolicyPlan",
                "Artifacts", "Compiler", "SipgpoSiteGenerator",
            ]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
    ],
    targets: [
        // Bundled data: the client profiles, the policy catalog (sipgpo's ADMX/ADML and the bindings to Microsoft's
        // policies), the schemas that validate it, and the word templates (`words/*.mustache`). The folder sits at
        // the top of the package so administrators can read it and override it (`--templates`).
        .target(
            name: "SipgpoTemplates",
            path: "templates",
            exclude: ["README.md"],
            resources: [
                .copy("clients"), .copy("policies"), .copy("schemas"), .copy("words"), .copy("powershell"),
                .copy("samba"), .copy("docs"),
            ]
        ),
        // Diagnostics shared by every stage: `Diagnostic`, `SourceSpan`, the renderer and the catalog of ids.
        .target(name: "SipgpoDiagnostics"),
        // load → resolve: the site description and the resolved site model (re-exports SipgpoDiagnostics).
        .target(
            name: "SiteModel",
            dependencies: ["SipgpoDiagnostics", .product(name: "Yams", package: "Yams")]
        ),
        // simulate: the discovery simulator and its typed result (`DiscoveryRun`), and the sentences it renders to.
        .target(
            name: "Discovery",
            dependencies: ["SiteModel"]
        ),
        // The analyses of a run: site checks, the certificate plan, the DNS records each view needs.
        .target(
            name: "Analysis",
            dependencies: ["SiteModel", "Discovery", "Rendering"]
        ),
        // The words people read, from the Mustache templates under templates/words: the explanation as text,
        // Markdown and JSON, and the build's README.txt.
        .target(
            name: "Rendering",
            dependencies: [
                "SiteModel", "Discovery", "SipgpoTemplates", .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        // render, documentation: docs/index.html (inline SVG diagrams) and docs/site.md (Mermaid), from templates/docs.
        .target(
            name: "Documentation",
            dependencies: [
                "SiteModel", "Discovery", "Analysis", "PolicyPlan", "Rendering", "SipgpoTemplates",
                .product(name: "Mustache", package: "swift-mustache"),
            ]
        ),
        // libxml2 (Debian's libxml2-dev): XPath and XSD validation for the policy catalog.
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        // The policy catalog: ADMX/ADML and sipgpo's bindings to Microsoft's policies, read with libxml2.
        .target(
            name: "PolicyCatalog",
            dependencies: ["CLibXML2", "SipgpoDiagnostics"]
        ),
        // lower → emit: the plan of GPOs, links and registry records, with provenance.
        .target(
            name: "PolicyPlan",
            dependencies: ["SiteModel", "PolicyCatalog"]
        ),
        // emit: one pure writer per artifact format (plan → bytes).
        .target(
            name: "Artifacts",
            dependencies: [
                "PolicyPlan", "SiteModel", "Discovery", "Analysis", "Rendering", "PolicyCatalog", "SipgpoTemplates",
                "Documentation",
            ]
        ),
        // The whole pipeline as one pure function: load, resolve, simulate, check, lower, and the settings the plan
        // gives each population.
        .target(
            name: "Compiler",
            dependencies: ["SiteModel", "Discovery", "Analysis", "PolicyCatalog", "PolicyPlan", "Artifacts"]
        ),
        // decompile: Registry.pol, GPO backups, .reg and LGPO text back to policies, settings and each OU's result.
        .target(
            name: "Decompile",
            dependencies: ["PolicyPlan", "PolicyCatalog", "SiteModel", "Artifacts"]
        ),
        // diff: two compiled sites (or a site and a decompiled deployment) → the outcome, GPO, link and value changes.
        .target(name: "SiteDiff", dependencies: ["SiteModel", "Discovery", "PolicyPlan", "Rendering"]),
        // resilience: the single DNS record, server or certificate name whose loss makes a population's sign-in worse.
        .target(name: "Resilience", dependencies: ["SiteModel", "Discovery", "Rendering"]),
        // The system calls Foundation lacks: swapping the staged output folder into place atomically (renameat2) and
        // committing the staged tree to the disk in one call (syncfs).
        // Its module is still `CSystem` (include/module.modulemap); the target has its own name because swift-system,
        // which the benchmark harness brings in, has a target named CSystem.
        .target(name: "CSipgpoSystem", path: "Sources/CSystem"),
        // The command line: reads files, runs the pipeline, prints, maps results to exit codes.
        .target(
            name: "SipgpoCLI",
            dependencies: [
                "SiteModel", "Discovery", "Analysis", "Rendering", "SipgpoTemplates", "PolicyCatalog", "PolicyPlan",
                "Artifacts",
                "Compiler",
                "CSipgpoSystem", "LiveDNS", "LiveTLS", "Probe", "Decompile", "SiteDiff", "Resilience", "Documentation",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // glibc's stub resolver (libresolv): res_nquery and the ns_* parser, for the live probe.
        .systemLibrary(name: "CResolv", path: "Sources/CResolv"),
        // Live DNS: real queries through libresolv, every failure told apart, many at once on bounded threads.
        .target(name: "LiveDNS", dependencies: ["CResolv", "SiteModel"]),
        // OpenSSL (Debian's libssl-dev): the TLS handshake and certificate parsing of `probe --connect`.
        .systemLibrary(
            name: "COpenSSL", path: "Sources/COpenSSL", pkgConfig: "openssl", providers: [.apt(["libssl-dev"])]),
        // Live TLS: the certificate a server presents, and whether it chains to the trust store.
        .target(name: "LiveTLS", dependencies: ["COpenSSL"]),
        // The live probe's pure stages: names to ask, answers as a DNS view, the probe's site, drift from a site.
        .target(name: "Probe", dependencies: ["LiveDNS", "SiteModel", "Discovery", "Rendering"]),
        .executableTarget(name: "sipgpo", dependencies: ["SipgpoCLI"]),
        .executableTarget(
            name: "sipgpo-bench",
            dependencies: [
                "SiteModel", "Discovery", "Analysis", "Rendering", "SipgpoCLI", "Compiler", "PolicyPlan", "Artifacts",
                "Decompile", "SipgpoSiteGenerator",
            ],
            path: "Benchmarks/sipgpo-bench"
        ),
        // The synthetic estates the benchmarks run over (Benchmarks/README.md).
        .target(name: "SipgpoSiteGenerator", path: "Benchmarks/SiteGenerator"),
        // For .ci/live-servers: the dnsmasq options that serve what a site declares for one network.
        .executableTarget(
            name: "sipgpo-testzones", dependencies: ["Compiler", "SiteModel", "SipgpoCLI"],
            path: "Tests/sipgpo-testzones"),
        // Shared by the test targets: the bundled profiles and catalog, and files relative to the checkout.
        .target(
            name: "SipgpoTestSupport",
            dependencies: [
                "SipgpoCLI", "PolicyCatalog", "SiteModel", "Discovery", "Rendering", "Compiler", "Artifacts",
                "PolicyPlan",
            ],
            path: "Tests/SipgpoTestSupport"
        ),
        .testTarget(name: "SipgpoDiagnosticsTests", dependencies: ["SipgpoDiagnostics"]),
        .testTarget(
            name: "DocumentationTests",
            dependencies: [
                "Documentation", "Discovery", "SiteModel", "Compiler", "SipgpoTestSupport",
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            exclude: ["Fixtures"]),
        .testTarget(name: "SiteModelTests", dependencies: ["SiteModel", "SipgpoTestSupport"]),
        .testTarget(
            name: "DiscoveryTests",
            dependencies: [
                "Discovery", "Analysis", "Rendering", "SiteModel", "SipgpoCLI", "Compiler", "SipgpoTestSupport",
            ]),
        .testTarget(name: "PolicyPlanTests", dependencies: ["PolicyPlan", "PolicyCatalog", "SipgpoCLI"]),
        .testTarget(
            name: "CompilerTests",
            dependencies: [
                "Compiler", "SipgpoCLI", "PolicyPlan", "PolicyCatalog", "Discovery", "Analysis", "Rendering",
                "SiteModel",
                "SipgpoTestSupport",
            ]
        ),
        .testTarget(name: "PolicyCatalogTests", dependencies: ["PolicyCatalog", "SipgpoCLI"]),
        .testTarget(
            name: "ProbeTests",
            dependencies: ["Probe", "LiveDNS", "SiteModel", "Discovery", "Compiler", "SipgpoTestSupport"]),
        .testTarget(
            name: "ArtifactsTests",
            dependencies: ["Artifacts", "Analysis", "PolicyPlan", "SiteModel", "SipgpoTestSupport"]),
        .testTarget(
            name: "DecompileTests",
            dependencies: ["Decompile", "Artifacts", "PolicyPlan", "PolicyCatalog", "SiteModel", "SipgpoTestSupport"]
        ),
        .testTarget(
            name: "SiteDiffTests",
            dependencies: ["SiteDiff", "Compiler", "Discovery", "PolicyPlan", "SiteModel", "SipgpoTestSupport"]),
        .testTarget(
            name: "ResilienceTests",
            dependencies: ["Resilience", "Compiler", "Discovery", "SiteModel", "SipgpoTestSupport"]),
        .testTarget(
            name: "EndToEndTests",
            dependencies: [
                "SipgpoCLI", "SiteModel", "Discovery", "Analysis", "Rendering", "Compiler", "PolicyPlan", "Artifacts",
                "PolicyCatalog",
                "SipgpoTestSupport", "SipgpoSiteGenerator",
            ],
            exclude: ["Cases", "Golden"]
        ),
    ]
)

// libFuzzer targets (Fuzz/README.md), only when `Fuzz/run` asks for them: they have no `main` of their own and
// link only with `-sanitize=fuzzer`, so an ordinary build never sees them.
if Context.environment["SIPGPO_FUZZ"] != nil {
    package.targets += [
        // The driver glue every target shares.
        .target(name: "FuzzDriver", path: "Fuzz/Driver"),
        .executableTarget(
            name: "fuzz-site-loader", dependencies: ["FuzzDriver", "SiteModel"], path: "Fuzz/SiteLoader"),
        .executableTarget(
            name: "fuzz-zone-parser", dependencies: ["FuzzDriver", "SiteModel"], path: "Fuzz/ZoneParser"),
        .executableTarget(
            name: "fuzz-registry-pol", dependencies: ["FuzzDriver", "Artifacts", "PolicyPlan"],
            path: "Fuzz/RegistryPol"),
        .executableTarget(name: "fuzz-admx", dependencies: ["FuzzDriver", "PolicyCatalog"], path: "Fuzz/ADMX"),
        .executableTarget(name: "fuzz-reg-file", dependencies: ["FuzzDriver", "Decompile"], path: "Fuzz/RegFile"),
        .executableTarget(name: "fuzz-lgpo-text", dependencies: ["FuzzDriver", "Decompile"], path: "Fuzz/LGPOText"),
        // Fails on purpose, for Fuzz/selftest: proves that Fuzz/run reports a crash, a memory error and a leak.
        .executableTarget(name: "fuzz-selftest", dependencies: ["FuzzDriver"], path: "Fuzz/SelfTest"),
    ]
}
