#!/bin/sh
# Builds the libFuzzer harnesses with AddressSanitizer: each library target is
# compiled into one instrumented object with its module, and each harness is
# linked from those objects (swift build -sanitize=fuzzer would link the
# executable target's own main instead of libFuzzer's). The C libraries'
# headers and link flags come from pkg-config, as SwiftPM finds them.
#
#   fuzz/build.sh [checkpoint] [interpreter] [document]   (all three by default)
set -eu
cd "$(dirname "$0")/.."
OUT=.build/fuzz
mkdir -p "$OUT"
PACKAGES="openblas zlib libcmark-gfm"
CFLAGS=$(pkg-config --cflags $PACKAGES | sed 's/-I/-Xcc -I/g')
LIBS="$(pkg-config --libs $PACKAGES) -lcmark-gfm-extensions"
FLAGS="-package-name notebook -sanitize=fuzzer,address -parse-as-library -O -g -enable-testing -I $OUT"
FLAGS="$FLAGS -I Sources/CBLAS -I Sources/CZlib -I Sources/CCmarkGFM $CFLAGS"

module() { # NAME [FOLDER]: FOLDER (Sources/NAME) as $OUT/NAME.o and its module, unless up to date
    mod=$1 folder=${2:-Sources/$1}
    sources=$(find "$folder" -name '*.swift' | sort)
    if [ -f "$OUT/$mod.o" ] && [ -z "$(find "$folder" -newer "$OUT/$mod.o" -name '*.swift')" ]; then
        return
    fi
    echo "compiling $mod" >&2
    nice -n 10 swiftc $FLAGS -module-name "$mod" -emit-module -emit-module-path "$OUT/$mod.swiftmodule" \
        -wmo -c $sources -o "$OUT/$mod.o"
}

# Yams (the site's YAML reader), a package dependency: its C library is
# compiled with clang, its Swift module as ours are.
YAMS=.build/checkouts/Yams/Sources
yams() {
    [ -d "$YAMS" ] || nice -n 10 swift package resolve
    if [ ! -f "$OUT/CYaml.o" ]; then
        echo "compiling CYaml" >&2
        mkdir -p "$OUT/CYaml"
        for source in "$YAMS"/CYaml/src/*.c; do
            nice -n 10 clang -c -O1 -g -fsanitize=fuzzer-no-link,address -DYAML_DECLARE_STATIC \
                -I "$YAMS/CYaml/include" "$source" -o "$OUT/CYaml/$(basename "$source" .c).o"
        done
        ld -r "$OUT"/CYaml/*.o -o "$OUT/CYaml.o"
    fi
    # The modules that import Yams see its C module too.
    FLAGS="$FLAGS -I $YAMS/CYaml/include -Xcc -DYAML_DECLARE_STATIC -D SWIFT_PACKAGE"
    module Yams "$YAMS/Yams"
}

harness() { # NAME SOURCE MODULES...
    name=$1 source=$2
    shift 2
    objects=""
    for m in "$@"; do
        case $m in
        Yams) yams; objects="$objects $OUT/CYaml.o $OUT/Yams.o" ;;
        *) module "$m"; objects="$objects $OUT/$m.o" ;;
        esac
    done
    nice -n 10 swiftc $FLAGS "$source" $objects $LIBS -o "$OUT/fuzz-$name"
    echo "$OUT/fuzz-$name"
}

targets=${*:-checkpoint interpreter document}
for target in $targets; do
    case $target in
    checkpoint) harness checkpoint fuzz/CheckpointFuzzer.swift Autograd Serialization ;;
    interpreter) harness interpreter fuzz/InterpreterFuzzer.swift Script ;;
    document) harness document fuzz/DocumentFuzzer.swift \
        Autograd Serialization Script NN Pictures ScriptBindings Notebook Yams NotebookSite ;;
    *) echo "unknown harness '$target' (checkpoint, interpreter, document)" >&2; exit 2 ;;
    esac
done
