import Foundation

/// The torch hub cache: where downloaded weights live and how their names vouch
/// for their contents.
extension Checkpoint {
    /// The torch home folder, as torch hub finds it: `$TORCH_HOME`, else
    /// `$XDG_CACHE_HOME/torch`, else `~/.cache/torch`.
    public static func torchHome(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let home = environment["TORCH_HOME"], !home.isEmpty { return expandTilde(home) }
        if let cache = environment["XDG_CACHE_HOME"], !cache.isEmpty {
            return (expandTilde(cache) as NSString).appendingPathComponent("torch")
        }
        return (NSHomeDirectory() as NSString).appendingPathComponent(".cache/torch")
    }

    /// `<torch home>/hub/checkpoints/<fileName>`, where `torch.hub` caches
    /// downloaded weights (for example `resnet18-f37072fd.pth`).
    public static func hubCachePath(fileName: String,
                                    environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        ((torchHome(environment: environment) as NSString)
            .appendingPathComponent("hub/checkpoints") as NSString)
            .appendingPathComponent(fileName)
    }

    /// The hash prefix a hub file name carries: the hexadecimal digits between a
    /// '-' and the following '.', as in `resnet18-f37072fd.pth` → `f37072fd`
    /// (torch hub's `-([a-f0-9]*)\.`, searched from the left). Nil when there is none.
    public static func hashPrefix(ofFileName fileName: String) -> String? {
        let name = Array((fileName as NSString).lastPathComponent)
        var start = 0
        while let dash = name[start...].firstIndex(of: "-") {
            var end = dash + 1
            while end < name.count, name[end].isHexDigit, name[end].isLowercase || name[end].isNumber { end += 1 }
            if end < name.count, name[end] == "." { return String(name[(dash + 1)..<end]) }
            start = dash + 1
        }
        return nil
    }

    /// Checks that the SHA-256 of the file at `path` starts with `prefix`, as
    /// torch hub does after a download; throws a `CheckpointError` naming both
    /// digests otherwise.
    public static func verifyHashPrefix(path: String, prefix: String) throws {
        let digest: String
        do {
            digest = try SHA256.hexDigest(ofFile: path)
        } catch {
            throw CheckpointError(file: path, message: "cannot read the file to check its hash")
        }
        guard digest.hasPrefix(prefix.lowercased()) else {
            throw CheckpointError(file: path, message: "invalid hash value (expected prefix \"\(prefix)\", got \"\(digest)\"): the file is corrupt or not the published weights")
        }
    }

    private static func expandTilde(_ path: String) -> String {
        (path as NSString).expandingTildeInPath
    }
}
