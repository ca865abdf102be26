#!/bin/sh
# Fills a seed corpus for one harness from the project's own files:
#   fuzz/seeds.sh checkpoint|interpreter|document DIR
set -eu
cd "$(dirname "$0")/.."
name=$1 dir=$2
mkdir -p "$dir"
case $name in
checkpoint)
    find Tests notebooks \( -name '*.pth' -o -name '*.safetensors' \) -size -2M -exec cp {} "$dir"/ \; ;;
interpreter)
    # Each fixture case on its own (cases start at `// case:` lines).
    for fixture in Tests/ScriptTests/Fixtures/*.swiftcell Tests/ScriptBindingsTests/Fixtures/*.swiftcell; do
        base=$(basename "$fixture" .swiftcell)
        awk -v out="$dir/$base" '/^\/\/ case:/ { n++ } { print > (out "-" n ".swift") }' "$fixture"
    done ;;
document)
    find notebooks Tests/NotebookTests Tests/NotebookSiteTests Tests/NotebookCLITests -name '*.md' -size -200k |
        while read -r file; do cp "$file" "$dir/$(echo "$file" | tr / _)"; done ;;
*) echo "unknown harness '$name'" >&2; exit 2 ;;
esac
