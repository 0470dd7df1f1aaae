// swift-tools-version:6.1
import PackageDescription

// The benchmarks, kept out of the bot's package so that its build and CI never compile them.
//   swift package benchmark                       micro benchmarks: instructions, allocations, wall clock
//   swift run -c release electionbot-bench …      answering core, broadcast lane, webhook server
let package = Package(
    name: "ElectionBotBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "ElectionBot", path: ".."),
        // Only the malloc interposer: the runtime interposer trait pulls a package this mirror does not have.
        .package(url: "https://github.com/ordo-one/benchmark.git", from: "1.38.1", traits: ["MallocInterposer"]),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
    ],
    targets: [
        .executableTarget(
            name: "Micro",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "ElectionBotModules", package: "ElectionBot"),
            ],
            path: "Benchmarks/Micro",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]),
        .executableTarget(
            name: "electionbot-bench",
            dependencies: [
                .product(name: "ElectionBotModules", package: "ElectionBot"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ]),
    ],
    swiftLanguageModes: [.v6]
)
