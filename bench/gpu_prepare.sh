#!/usr/bin/env bash
# Prepare the files a lent GPU machine (no network) needs to run the WebGPU GEMM and training-step benches:
#   .gpu/gpu_gemm.js  one `deno bundle` file of bench/gpu_gemm.ts (the toolkit inlined)
#   .gpu/gpu_train.js the same for bench/gpu_train.ts (training step of the bench:train model)
#   .gpu/deno.xz      the Deno binary from the npm package @deno/linux-x64-glibc, xz-compressed
#                     (~95 MB raw → ~35 MB, under the device tool's 64 MiB transfer limit)
#   .gl/*.deb         Vulkan/EGL loader packages (the device README's recipe), unpacked there
# `.gpu/` and `.gl/` are added to .git/info/exclude; pass them as `carry` to the device tool.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p .gpu
grep -qx '/.gpu/' .git/info/exclude 2>/dev/null || echo /.gpu/ >>.git/info/exclude
grep -qx '/.gl/' .git/info/exclude 2>/dev/null || echo /.gl/ >>.git/info/exclude
deno bundle --platform deno -o .gpu/gpu_gemm.js bench/gpu_gemm.ts
deno bundle --platform deno -o .gpu/gpu_train.js bench/gpu_train.ts
ver=$(deno --version | head -1 | awk '{print $2}')
tmp=$(mktemp -d)
(cd "$tmp" && npm pack "@deno/linux-x64-glibc@${ver}" >/dev/null && tar xzf ./*.tgz)
xz -T0 -6 -c "$tmp/package/deno" >.gpu/deno.xz
rm -rf "$tmp"
if [ ! -d .gl ] || [ -z "$(ls .gl/*.deb 2>/dev/null)" ]; then
  mkdir -p .gl /tmp/amd64/partial
  o='-oAPT::Architecture=amd64 -oAPT::Architectures=amd64 -oDir::State::Lists=/tmp/amd64'
  # shellcheck disable=SC2086
  apt-get $o update >/dev/null
  # shellcheck disable=SC2086
  (cd .gl && apt-get $o download libvulkan1 libegl1 libglvnd0 libopengl0 libgl1 libglx0 libgles2)
fi
ls -la .gpu .gl
