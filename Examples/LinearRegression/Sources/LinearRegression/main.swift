import Autograd
import NN

// Fits y = 2x - 1 with one Linear layer, mean squared error and SGD, and
// prints the loss as it falls: the engine used from Swift, without cells.

manualSeed(0)
let x = try Tensor.linspace(-1, 1, steps: 64).reshape([64, 1])
let noise = try Tensor.randn([64, 1]) * 0.01
let y = try 2 * x - 1 + noise

let model = try Linear(1, 1)
let optimizer = try SGD(model.parameters(), lr: 0.1)

for epoch in 0...200 {
    optimizer.zeroGrad()
    let loss = try mseLoss(model(x), y)
    try loss.backward()
    try optimizer.step()
    if epoch % 40 == 0 {
        print("epoch \(epoch): loss \(try loss.item())")
    }
}
print("weight \(try model.weight.item()), bias \(try model.bias!.item())")
