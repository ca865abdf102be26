/// Whether operations record the autograd graph on the current thread (or task).
public enum GradMode {
    /// True unless inside `noGrad { … }`.
    @TaskLocal public static var isEnabled = true
}

/// Runs `body` without recording the autograd graph, as PyTorch's `torch.no_grad()`.
@discardableResult
public func noGrad<T>(_ body: () throws -> T) rethrows -> T {
    try GradMode.$isEnabled.withValue(false) { try body() }
}

/// Runs `body` with graph recording enabled, as PyTorch's `torch.enable_grad()`.
@discardableResult
public func enableGrad<T>(_ body: () throws -> T) rethrows -> T {
    try GradMode.$isEnabled.withValue(true) { try body() }
}
