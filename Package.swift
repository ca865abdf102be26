// swift-tools-version:6.1
import PackageDescription

/// The engine's targets are built in Swift 6 language mode. No target passes
/// unsafe compiler flags, so other packages can depend on this one by URL; the
/// test suite runs in release (`make test`), where tensor kernels are optimised.
let swift6: [SwiftSetting] = [.swiftLanguageMode(.v6)]

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
        // `swift package generate-documentation` (make docs) for Autograd and NN.
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
        // The site configuration (site.yml), read with line numbers for errors.
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
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
            name: "CCmarkGFM", pkgConfig: "libcmark-gfm",
            providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]),

        // Layers, each depending only on the ones below it.
        .target(name: "Autograd", dependencies: ["CBLAS"], swiftSettings: swift6),
        .target(name: "Serialization", dependencies: ["Autograd"], swiftSettings: swift6),
        .target(name: "NN", dependencies: ["Serialization", "Autograd", "CZlib"], swiftSettings: swift6),
        .target(name: "Pictures", dependencies: ["Autograd"]),
        .target(name: "Script"),
        .target(name: "ScriptBindings", dependencies: ["Script", "NN", "Serialization", "Pictures", "Autograd"]),
        .target(name: "Notebook", dependencies: ["ScriptBindings", "Script", "CCmarkGFM"]),
        .target(name: "NotebookSite", dependencies: ["Notebook", "Script", .product(name: "Yams", package: "Yams")]),
        .executableTarget(
            name: "NotebookCLI",
            dependencies: [
                "Notebook",
                "NotebookSite",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .executableTarget(
            name: "NotebookBench",
            dependencies: ["NN", "Autograd", "Script", .product(name: "ArgumentParser", package: "swift-argument-parser")]),

        // One Swift Testing test per fixture case (`Fixtures/*.swiftcell`).
        .plugin(name: "FixtureTests", capability: .buildTool(), dependencies: ["FixtureTestGenerator"]),
        .executableTarget(name: "FixtureTestGenerator", path: "Plugins/FixtureTestGenerator"),

        .target(name: "FixtureSupport", dependencies: ["Autograd", "Serialization"], path: "Tests/FixtureSupport"),
        .target(name: "ScriptTestSupport", dependencies: ["Script"], path: "Tests/ScriptTestSupport"),
        .testTarget(name: "AutogradTests", dependencies: ["Autograd", "Serialization", "FixtureSupport"]),
        .testTarget(name: "SerializationTests", dependencies: ["Serialization", "Autograd", "FixtureSupport"]),
        .testTarget(name: "NNTests", dependencies: ["NN", "Serialization", "Autograd", "FixtureSupport"]),
        .testTarget(name: "PicturesTests", dependencies: ["Pictures", "Autograd"]),
        .testTarget(
            name: "ScriptTests", dependencies: ["Script", "ScriptTestSupport"], exclude: ["Fixtures"],
            plugins: ["FixtureTests"]),
        .testTarget(
            name: "ScriptBindingsTests", dependencies: ["ScriptBindings", "ScriptTestSupport", "FixtureSupport"],
            exclude: ["Fixtures"], plugins: ["FixtureTests"]),
        .testTarget(name: "NotebookTests", dependencies: ["Notebook"]),
        .testTarget(name: "NotebookSiteTests", dependencies: ["NotebookSite", "Notebook"], exclude: ["Fixtures", "__Snapshots__"]),
        .testTarget(name: "NotebookCLITests", dependencies: ["NotebookCLI"], exclude: ["Fixtures"]),
    ],
    swiftLanguageModes: [.v5]
)
