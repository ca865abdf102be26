import Autograd
import NN
import Script

extension LRScheduler: ScriptObject {
    public static var scriptTypeName: String { "LRScheduler" }
}

extension ReduceLROnPlateau: ScriptObject {}

/// The learning-rate schedulers in cells: `StepLR(optimizer, stepSize: 30)`,
/// `MultiStepLR`, `ExponentialLR`, `CosineAnnealingLR`, `LambdaLR` (with a
/// closure of the epoch), `OneCycleLR` and `ReduceLROnPlateau` (`step(metric)`),
/// each with `step()`, `getLastLr()` and `lastEpoch`.
enum SchedulerBindings {
    static func register(in interpreter: Interpreter) {
        let base = interpreter.defineType("LRScheduler", for: LRScheduler.self)
        base.method("step()") { (s: LRScheduler) in try s.step() }
        base.method("getLastLr()") { (s: LRScheduler) in s.getLastLr() }
        base.property("lastEpoch") { (s: LRScheduler) in s.lastEpoch }
        base.property("baseLrs") { (s: LRScheduler) in s.baseLrs }
        base.property("optimizer") { (s: LRScheduler) in s.optimizer }

        func scheduler(_ name: String, _ swiftClass: AnyClass) -> HostType {
            interpreter.defineType(name, for: swiftClass, inherits: base)
        }
        scheduler("StepLR", StepLR.self).initializer("init(_ optimizer: Optimizer, stepSize: Int, gamma: Double = 0.1)") {
            (o: Optimizer, stepSize: Int, gamma: Double) in try StepLR(o, stepSize: stepSize, gamma: gamma)
        }
        scheduler("MultiStepLR", MultiStepLR.self).initializer("init(_ optimizer: Optimizer, milestones: [Int], gamma: Double = 0.1)") {
            (o: Optimizer, milestones: [Int], gamma: Double) in try MultiStepLR(o, milestones: milestones, gamma: gamma)
        }
        scheduler("ExponentialLR", ExponentialLR.self).initializer("init(_ optimizer: Optimizer, gamma: Double)") {
            (o: Optimizer, gamma: Double) in try ExponentialLR(o, gamma: gamma)
        }
        scheduler("CosineAnnealingLR", CosineAnnealingLR.self).initializer("init(_ optimizer: Optimizer, tMax: Int, etaMin: Double = 0)") {
            (o: Optimizer, tMax: Int, etaMin: Double) in try CosineAnnealingLR(o, tMax: tMax, etaMin: etaMin)
        }
        scheduler("LambdaLR", LambdaLR.self).initializer("init(_ optimizer: Optimizer, lrLambda: Any)") { a -> Value in
            let optimizer = try a.get(0, as: Optimizer.self)
            let functions: [Value]
            if case .array(let items) = a[1].unwrapped { functions = items } else { functions = [a[1]] }
            weak let interpreter = a.interpreter
            let lambdas: [(Int) throws -> Double] = functions.map { function in
                { epoch in
                    guard let interpreter else { throw HostError("the interpreter of this schedule has ended") }
                    let result = try interpreter.call(function, [.int(epoch)])
                    guard let factor = EngineValues.number(in: result) else {
                        throw ConversionError(expected: "Double (the factor returned by lrLambda)", value: result)
                    }
                    return factor
                }
            }
            if functions.count == 1 { return try LambdaLR(optimizer, lrLambda: lambdas[0]).scriptValue }
            return try LambdaLR(optimizer, lrLambdas: lambdas).scriptValue
        }
        scheduler("OneCycleLR", OneCycleLR.self).initializer(
            "init(_ optimizer: Optimizer, maxLr: Any, totalSteps: Int? = nil, epochs: Int? = nil, stepsPerEpoch: Int? = nil, pctStart: Double = 0.3, annealStrategy: String = \"cos\", cycleMomentum: Bool = true, baseMomentum: Double = 0.85, maxMomentum: Double = 0.95, divFactor: Double = 25.0, finalDivFactor: Double = 10000.0, threePhase: Bool = false)"
        ) { a -> Value in
            guard let strategy = OneCycleLR.AnnealStrategy(rawValue: try a.get("annealStrategy", as: String.self)) else {
                throw ModuleError("anneal_strategy must be one of 'cos' or 'linear', instead got \(try a.get("annealStrategy", as: String.self))")
            }
            return try OneCycleLR(
                try a.get(0), maxLr: try numbers(a["maxLr"], name: "maxLr"), totalSteps: try a.get("totalSteps"), epochs: try a.get("epochs"),
                stepsPerEpoch: try a.get("stepsPerEpoch"), pctStart: try a.get("pctStart"), annealStrategy: strategy,
                cycleMomentum: try a.get("cycleMomentum"), baseMomentum: try a.get("baseMomentum"), maxMomentum: try a.get("maxMomentum"),
                divFactor: try a.get("divFactor"), finalDivFactor: try a.get("finalDivFactor"), threePhase: try a.get("threePhase")).scriptValue
        }

        let plateau = interpreter.defineType("ReduceLROnPlateau", for: ReduceLROnPlateau.self)
        plateau.initializer(
            "init(_ optimizer: Optimizer, mode: String = \"min\", factor: Double = 0.1, patience: Int = 10, threshold: Double = 0.0001, thresholdMode: String = \"rel\", cooldown: Int = 0, minLr: Any = 0, eps: Double = 1e-08)"
        ) { a -> Value in
            let modeName = try a.get("mode", as: String.self), thresholdName = try a.get("thresholdMode", as: String.self)
            guard let mode = ReduceLROnPlateau.Mode(rawValue: modeName) else { throw ModuleError("mode \(modeName) is unknown!") }
            guard let thresholdMode = ReduceLROnPlateau.ThresholdMode(rawValue: thresholdName) else {
                throw ModuleError("threshold mode \(thresholdName) is unknown!")
            }
            return try ReduceLROnPlateau(
                try a.get(0), mode: mode, factor: try a.get("factor"), patience: try a.get("patience"), threshold: try a.get("threshold"),
                thresholdMode: thresholdMode, cooldown: try a.get("cooldown"), minLr: try numbers(a["minLr"], name: "minLr"),
                eps: try a.get("eps")).scriptValue
        }
        plateau.method("step(_ metrics: Any)") { (s: ReduceLROnPlateau, metric: Value) in
            if let number = EngineValues.number(in: metric) { return try s.step(number) }
            if let tensor = EngineValues.tensor(in: metric) { return try s.step(try tensor.item()) }
            throw ConversionError(expected: "Double or a one-element Tensor", value: metric)
        }
        plateau.method("getLastLr()") { (s: ReduceLROnPlateau) in s.getLastLr() }
        plateau.property("lastEpoch") { (s: ReduceLROnPlateau) in s.lastEpoch }
        plateau.property("best") { (s: ReduceLROnPlateau) in s.best }
        plateau.property("numBadEpochs") { (s: ReduceLROnPlateau) in s.numBadEpochs }
    }

    /// One number or a list of numbers (one per parameter group).
    private static func numbers(_ value: Value, name: String) throws -> [Double] {
        if let number = EngineValues.number(in: value) { return [number] }
        if case .array(let items) = value.unwrapped {
            return try items.map { item in
                guard let number = EngineValues.number(in: item) else { throw ConversionError(expected: "[Double] for '\(name)'", value: value) }
                return number
            }
        }
        throw ConversionError(expected: "Double or [Double] for '\(name)'", value: value)
    }
}
