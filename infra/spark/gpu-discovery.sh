#!/usr/bin/env bash
# Spark GPU discovery script: prints the GPU addresses this host has, in Spark's resource JSON.
# Spark calls it on every executor (and the driver) named in gpu-executors.conf.
set -euo pipefail
if ! command -v nvidia-smi >/dev/null 2>&1; then
  echo '{"name": "gpu", "addresses": []}'
  exit 0
fi
ADDRS=$(nvidia-smi --query-gpu=index --format=csv,noheader | sed 's/.*/"&"/' | paste -sd, -)
echo "{\"name\": \"gpu\", \"addresses\": [${ADDRS}]}"
