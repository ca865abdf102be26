import CBLAS

/// The number of threads the engine's matrix products use.
public enum ComputeThreads {
    /// Threads OpenBLAS uses for each product.
    public static var count: Int {
        get { Int(openblas_get_num_threads()) }
        set { openblas_set_num_threads(Int32(max(1, newValue))) }
    }
}
