// swift-tools-version:6.2
import PackageDescription

// Upcoming features from the Swift server style guide, on every target.
let settings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "ElectionBot",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "electionbot", targets: ["electionbot"]),
        // For the benchmarks package in Benchmarks/ (a package can only use another one's products).
        .library(
            name: "ElectionBotModules",
            targets: [
                "VietnameseText", "ElectionKnowledge", "IntentFiles", "JSONWire", "Channels", "Storage",
                "CurlTransport", "BotCore", "BotServer",
            ]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.6.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.29.0"),
        .package(url: "https://github.com/apple/swift-configuration.git", from: "1.0.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.5.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
    ],
    targets: [
        // C libraries: each is seen by exactly one Swift module.
        .systemLibrary(
            name: "CJSONC", pkgConfig: "json-c",
            providers: [.apt(["libjson-c-dev"])]),
        .systemLibrary(
            name: "CCurl", pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]),
        .target(name: "JSONWire", dependencies: ["CJSONC"], swiftSettings: settings),
        .target(
            name: "CurlTransport",
            dependencies: [
                "CCurl", .product(name: "Logging", package: "swift-log"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            swiftSettings: settings),

        // The pure answering core: no IO, no C.
        .target(name: "VietnameseText", swiftSettings: settings),
        .target(name: "ElectionKnowledge", dependencies: ["VietnameseText"], swiftSettings: settings),
        // Reads and validates the admin-edited YAML into a KnowledgeBase snapshot.
        .target(
            name: "IntentFiles",
            dependencies: ["ElectionKnowledge", .product(name: "Yams", package: "Yams")],
            swiftSettings: settings),

        .target(
            name: "Channels",
            dependencies: [
                "JSONWire",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: settings),
        .target(
            name: "Storage",
            dependencies: [.product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: settings),
        // The bot without HTTP: answering pipeline, delivery, officials, configuration, metrics, services.
        // It never imports Hummingbird or NIO; the command line's admin commands use it directly.
        .target(
            name: "BotCore",
            dependencies: [
                "ElectionKnowledge", "IntentFiles", "Channels", "Storage", "CurlTransport", "JSONWire",
                "VietnameseText", .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            swiftSettings: settings),
        // The HTTP layer: one set of routes per platform, the operations routes, the application builder.
        .target(
            name: "BotServer",
            dependencies: [
                "BotCore", "ElectionKnowledge", "IntentFiles", "Channels", "Storage", "CurlTransport", "JSONWire",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            swiftSettings: settings),
        .target(
            name: "ElectionBotCLI",
            dependencies: [
                "BotServer", "BotCore", "IntentFiles", "ElectionKnowledge", "Storage", "CurlTransport", "VietnameseText",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: settings),
        .executableTarget(
            name: "electionbot",
            dependencies: ["ElectionBotCLI", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: settings),

        .testTarget(name: "VietnameseTextTests", dependencies: ["VietnameseText"], swiftSettings: settings),
        .testTarget(
            name: "ElectionKnowledgeTests", dependencies: ["ElectionKnowledge", "IntentFiles", "VietnameseText"],
            resources: [.copy("Resources")], swiftSettings: settings),
        .testTarget(
            name: "IntentFilesTests", dependencies: ["IntentFiles", "ElectionKnowledge"],
            resources: [.copy("Fixtures")], swiftSettings: settings),
        // Deterministic byte mutators shared by the fuzz tests of JSONWire and Channels.
        .target(name: "FuzzSupport", path: "Tests/FuzzSupport", swiftSettings: settings),
        // Shared by the test targets: temporary store and clock, the fake platform server, a recording transport.
        .target(
            name: "TestSupport",
            dependencies: [
                "Storage", "CurlTransport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            path: "Tests/TestSupport", swiftSettings: settings),
        .testTarget(name: "JSONWireTests", dependencies: ["JSONWire", "FuzzSupport"], swiftSettings: settings),
        .testTarget(
            name: "CurlTransportTests",
            dependencies: [
                "CurlTransport", .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            swiftSettings: settings),
        .testTarget(
            name: "ChannelsTests", dependencies: ["Channels", "JSONWire", "FuzzSupport"], swiftSettings: settings),
        // GRDB directly only to build a database at an older schema version (migration tests).
        .testTarget(
            name: "StorageTests",
            dependencies: ["Storage", "TestSupport", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: settings),
        .testTarget(
            name: "ElectionBotCLITests",
            dependencies: [
                "ElectionBotCLI", "BotCore", "Storage", "TestSupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: settings),
        .testTarget(
            name: "BotCoreTests",
            dependencies: [
                "BotCore", "Channels", "Storage", "CurlTransport", "TestSupport",
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            swiftSettings: settings),
        .testTarget(
            name: "BotServerTests",
            dependencies: [
                "BotServer", "BotCore", "Channels", "Storage", "CurlTransport", "JSONWire", "TestSupport", "ElectionKnowledge", "IntentFiles",
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: settings),
    ],
    swiftLanguageModes: [.v6]
)
