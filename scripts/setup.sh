#!/usr/bin/env bash
# Installs what proofrun needs on a fresh Debian machine, only what is missing:
# Debian's Chromium (rod must never download a browser), fonts for readable
# screenshots, and the Go modules. Run as root (or with sudo available).
set -euo pipefail

need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
dpkg -s fonts-liberation >/dev/null 2>&1 || need+=(fonts-liberation)
command -v git >/dev/null 2>&1 || need+=(git)

if [ ${#need[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "setup: installing ${need[*]} (apt-get)"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

if ! command -v go >/dev/null 2>&1; then
  echo "setup: Go is missing: install Go 1.26+ (this project's machines ship it at /usr/local/go)" >&2
  exit 1
fi

go mod download
echo "setup: ok ($(/usr/bin/chromium --version 2>/dev/null | head -1), $(go version | cut -d' ' -f3))"
