import CBLAS
import Foundation

/// The choice of OpenBLAS's processor-specific kernels, made once before the first product.
///
/// OpenBLAS builds for several processors pick their kernels when the library
/// loads. Releases before 0.3.22 do not know AMD's Zen 4 and give it the AVX2
/// (Haswell) kernels although it has AVX-512, whose (SkylakeX) kernels run
/// convolutions about twice as fast there. On a processor with AVX-512 that got
/// AVX2 kernels, this asks OpenBLAS to choose again with `OPENBLAS_CORETYPE=SKYLAKEX`,
/// unless the user set `OPENBLAS_CORETYPE` themselves.
enum BLASKernels {
    /// Evaluated once, before any product runs (Swift initialises globals thread-safely).
    static let prepared: Void = selectAVX512IfMissed()

    /// Core names OpenBLAS gives processors for which it uses AVX2 kernels.
    private static let avx2Cores: Set<String> = ["haswell", "zen"]

    private static func selectAVX512IfMissed() {
        guard getenv("OPENBLAS_CORETYPE") == nil, let name = openblas_get_corename(),
              avx2Cores.contains(String(cString: name).lowercased()), processorHasAVX512() else { return }
        guard let library = dlopen(nil, RTLD_NOW) else { return }
        defer { dlclose(library) }
        typealias Function = @convention(c) () -> Void
        guard let quit = dlsym(library, "gotoblas_dynamic_quit"), let initialise = dlsym(library, "gotoblas_dynamic_init") else {
            return
        }
        setenv("OPENBLAS_CORETYPE", "SKYLAKEX", 1)
        defer { unsetenv("OPENBLAS_CORETYPE") }
        unsafeBitCast(quit, to: Function.self)()
        unsafeBitCast(initialise, to: Function.self)()
    }

    /// Whether the processor and the kernel support the AVX-512 subsets the SkylakeX kernels use
    /// (the `flags` line of `/proc/cpuinfo`, a file that must be read to its end: its size is 0).
    private static func processorHasAVX512() -> Bool {
        guard let data = FileHandle(forReadingAtPath: "/proc/cpuinfo")?.readDataToEndOfFile(),
              let flagsLine = String(decoding: data, as: UTF8.self).split(separator: "\n").first(where: { $0.hasPrefix("flags") })
        else { return false }
        let flags = Set(flagsLine.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init))
        return ["avx512f", "avx512bw", "avx512dq", "avx512vl"].allSatisfy(flags.contains)
    }
}
