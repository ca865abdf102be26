// swift-tools-version:6.0
import PackageDescription

/// The numeric targets are optimised in every configuration: a debug build of
/// tensor kernels is too slow to test ResNet18 with.
let optimised: [SwiftSetting] = [
    .unsafeFlags(["-O", "-enforce-exclusivity=unchecked"]),
]

let package = Package(
    name: "notebook",
    products: [
        .executable(name: "notebook", targets: ["NotebookCLI"]),
        .executable(name: "notebook-bench", targets: ["NotebookBench"]),
        .library(name: "Autograd", targets: ["Autograd"]),
        .library(name: "NN", targets: ["NN"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // C libraries, through pkg-config.
        .systemLibrary(
            name: "CBLAS", pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(
            name: "CZlib", pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(
            name: "CCmark", pkgConfig: "libcmark",
            providers: [.apt(["libcmark-dev"])]),

        // Layers, each depending only on the ones below it.
        .target(name: "Autograd", dependencies: ["CBLAS"], swiftSettings: optimised),
        .target(name: "Serialization", dependencies: ["Autograd"], swiftSettings: optimised),
        .target(name: "NN", dependencies: ["Serialization", "Autograd", "CZlib"], swiftSettings: optimised),
        .target(name: "Pictures", dependencies: ["Autograd"]),
        // The interpreter moves values out of their storage before changing them; the
        // dynamic exclusivity checks would only cost it a third of its time.
        .target(name: "Script", swiftSettings: [.unsafeFlags(["-enforce-exclusivity=unchecked"])]),
        .target(name: "ScriptBindings", dependencies: ["Script", "NN", "Serialization", "Pictures", "Autograd"]),
        .target(name: "Notebook", dependencies: ["ScriptBindings", "Script", "CCmark"]),
        .target(name: "NotebookSite", dependencies: ["Notebook", "Script"]),
        .executableTarget(
            name: "NotebookCLI",
            dependencies: [
                "Notebook",
                "NotebookSite",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .executableTarget(
            name: "NotebookBench",
            dependencies: ["NN", "Autograd", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: optimised),

        .target(name: "FixtureSupport", dependencies: ["Autograd", "Serialization"], path: "Tests/FixtureSupport"),
        .target(name: "ScriptTestSupport", dependencies: ["Script"], path: "Tests/ScriptTestSupport"),
        .testTarget(name: "AutogradTests", dependencies: ["Autograd", "Serialization", "FixtureSupport"], swiftSettings: optimised),
        .testTarget(name: "SerializationTests", dependencies: ["Serialization", "Autograd", "FixtureSupport"], swiftSettings: optimised),
        .testTarget(name: "NNTests", dependencies: ["NN", "Serialization", "Autograd", "FixtureSupport"], swiftSettings: optimised),
        .testTarget(name: "PicturesTests", dependencies: ["Pictures", "Autograd"]),
        .testTarget(name: "ScriptTests", dependencies: ["Script", "ScriptTestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "ScriptBindingsTests", dependencies: ["ScriptBindings", "ScriptTestSupport", "FixtureSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "NotebookTests", dependencies: ["Notebook"]),
        .testTarget(name: "NotebookSiteTests", dependencies: ["NotebookSite", "Notebook"], exclude: ["Fixtures", "__Snapshots__"]),
        .testTarget(name: "NotebookCLITests", dependencies: ["NotebookCLI"], exclude: ["Fixtures"]),
    ],
    swiftLanguageModes: [.v5]
)
