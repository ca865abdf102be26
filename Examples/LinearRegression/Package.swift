// swift-tools-version:6.0
import Foundation
import PackageDescription

// A package that depends on the notebook engine as any other package would.
// By default it uses the checkout it sits in (`path: "../.."`); with
// NOTEBOOK_PACKAGE_URL set (scripts/check-example sets a file:// clone), it
// depends on that repository by URL, exactly as a user's package does.
let engine: Package.Dependency =
    if let url = ProcessInfo.processInfo.environment["NOTEBOOK_PACKAGE_URL"] {
        .package(url: url, branch: "main")
    } else {
        .package(name: "notebook", path: "../..")
    }

let package = Package(
    name: "LinearRegression",
    dependencies: [engine],
    targets: [
        .executableTarget(
            name: "LinearRegression",
            dependencies: [
                .product(name: "Autograd", package: "notebook"),
                .product(name: "NN", package: "notebook"),
            ]),
    ]
)
