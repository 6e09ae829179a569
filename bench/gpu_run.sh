#!/usr/bin/env bash
# Run the WebGPU GEMM and training-step benches on a lent GPU machine (no network). Prepare first, here, with
# bench/gpu_prepare.sh, then call the device tool with carry [".gpu", ".gl"] and the command
#   bash bench/gpu_run.sh
# Results (JSON lines) go to stdout and, when $OUT is set, to $OUT/gpu_gemm.jsonl and
# $OUT/gpu_train.jsonl. Arguments go to the GEMM bench (e.g. --sizes=4096,8192); the two runs
# are bounded to 360 s + 200 s so the whole script fits one 10-minute device command.
set -uo pipefail
cd "$(dirname "$0")/.."
for f in .gl/*.deb; do dpkg -x "$f" /; done
ldconfig
if [ -f /usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json ]; then
  export VK_DRIVER_FILES=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
  export __EGL_VENDOR_LIBRARY_FILENAMES=/usr/local/nvidia/share/glvnd/egl_vendor.d/10_nvidia.json
fi
xz -d -c .gpu/deno.xz >/tmp/deno && chmod +x /tmp/deno
nvidia-smi --query-gpu=name,driver_version,clocks.max.sm --format=csv 2>/dev/null || true
out=${OUT:-/tmp}
timeout 360 /tmp/deno run -A --cached-only .gpu/gpu_gemm.js "$@" 2>&1 | tee "$out/gpu_gemm.jsonl"
timeout 200 /tmp/deno run -A --cached-only .gpu/gpu_train.js --steps=20 2>&1 | tee "$out/gpu_train.jsonl"
