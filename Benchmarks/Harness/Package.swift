// swift-tools-version: 6.1
import Foundation
import PackageDescription

// The benchmark harness: each stage of `sipgpo explain` and `sipgpo build` under ordo-one's `benchmark` (wall and
// CPU time, allocations, peak memory). Its own package, so that ordinary builds and tests of sipgpo never resolve
// it; run from this folder: `swift package benchmark` (Benchmarks/README.md).

// The sipgpo package two folders up; a path dependency is known by its folder's name, which differs between
// checkouts.
let sipgpo = URL(fileURLWithPath: Context.packageDirectory).deletingLastPathComponent().deletingLastPathComponent()

let package = Package(
    name: "sipgpo-benchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(path: sipgpo.path),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "Stages",
            dependencies: [
                .product(name: "SipgpoStages", package: sipgpo.lastPathComponent.lowercased()),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/Stages",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        )
    ]
)
