// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "sipgpo",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "sipgpo", targets: ["sipgpo"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
    ],
    targets: [
        // Bundled data: client profiles now, the policy catalog and text templates later.
        // The folder sits at the top of the package so administrators can read and override it (`--templates`).
        .target(
            name: "SipgpoTemplates",
            path: "templates",
            exclude: ["README.md"],
            resources: [.copy("clients"), .copy("policies"), .copy("schemas"), .copy("words")]
        ),
        // load → resolve: the site description, its diagnostics and the resolved site model.
        .target(
            name: "SiteModel",
            dependencies: [.product(name: "Yams", package: "Yams")]
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
        // libxml2 (Debian's libxml2-dev): XPath and XSD validation for the policy catalog.
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        // The policy catalog: ADMX/ADML and sipgpo's bindings to Microsoft's policies, read with libxml2.
        .target(
            name: "PolicyCatalog",
            dependencies: ["CLibXML2", "SiteModel"]
        ),
        // lower → emit: the plan of GPOs, links and registry records, with provenance.
        .target(
            name: "PolicyPlan",
            dependencies: ["SiteModel", "PolicyCatalog"]
        ),
        // emit: one pure writer per artifact format (plan → bytes).
        .target(
            name: "Artifacts",
            dependencies: ["PolicyPlan", "SiteModel", "Discovery", "Analysis", "Rendering", "PolicyCatalog"]
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
        // The one system call Foundation lacks: swapping the staged output folder into place atomically.
        .target(name: "CSystem"),
        // The command line: reads files, runs the pipeline, prints, maps results to exit codes.
        .target(
            name: "SipgpoCLI",
            dependencies: [
                "SiteModel", "Discovery", "Analysis", "Rendering", "SipgpoTemplates", "PolicyCatalog", "PolicyPlan",
                "Artifacts",
                "Compiler",
                "CSystem", "Decompile",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "sipgpo", dependencies: ["SipgpoCLI"]),
        .executableTarget(
            name: "sipgpo-bench",
            dependencies: [
                "SiteModel", "Discovery", "Analysis", "Rendering", "SipgpoCLI", "Compiler", "PolicyPlan", "Artifacts",
                "Decompile",
            ],
            path: "Benchmarks/sipgpo-bench"
        ),
        // Shared by the test targets: the bundled profiles and catalog, and files relative to the checkout.
        .target(
            name: "SipgpoTestSupport",
            dependencies: [
                "SipgpoCLI", "PolicyCatalog", "SiteModel", "Discovery", "Rendering", "Compiler", "PolicyPlan",
            ],
            path: "Tests/SipgpoTestSupport"
        ),
        .testTarget(name: "SiteModelTests", dependencies: ["SiteModel"]),
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
            name: "ArtifactsTests",
            dependencies: ["Artifacts", "Analysis", "PolicyPlan", "SiteModel", "SipgpoTestSupport"]),
        .testTarget(
            name: "DecompileTests",
            dependencies: ["Decompile", "Artifacts", "PolicyPlan", "PolicyCatalog", "SiteModel", "SipgpoTestSupport"]
        ),
        .testTarget(
            name: "EndToEndTests",
            dependencies: [
                "SipgpoCLI", "SiteModel", "Discovery", "Analysis", "Rendering", "Compiler", "PolicyPlan", "Artifacts",
                "PolicyCatalog",
                "SipgpoTestSupport",
            ],
            exclude: ["Cases", "Golden"]
        ),
    ]
)
