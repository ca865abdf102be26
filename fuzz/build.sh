#!/bin/sh
# Builds the libFuzzer harnesses with AddressSanitizer: each library target is
# compiled into one instrumented object with its module, and the harness is
# linked from those objects (swift build -sanitize=fuzzer would link the
# executable target's own main instead of libFuzzer's).
set -eu
cd "$(dirname "$0")/.."
OUT=.build/fuzz
mkdir -p "$OUT"
FLAGS="-package-name notebook -sanitize=fuzzer,address -parse-as-library -O -g -enable-testing -I $OUT -I Sources/CBLAS -I Sources/CCmarkGFM"

module() { # NAME
    name=$1
    swiftc $FLAGS -module-name "$name" -emit-module -emit-module-path "$OUT/$name.swiftmodule" \
        -wmo -c $(find Sources/"$name" -name '*.swift' | sort) -o "$OUT/$name.o"
}

module Autograd
module Serialization
swiftc $FLAGS fuzz/CheckpointFuzzer.swift "$OUT/Autograd.o" "$OUT/Serialization.o" -lopenblas -o "$OUT/fuzz-checkpoint"
echo "$OUT/fuzz-checkpoint"
