#!/usr/bin/env bash
# Install the real Open edX platform (Teak) into a virtualenv of its own, for the platform test tier.
#
# Source, in this order: $OPENEDX_PLATFORM_SRC (a checkout), the tarball in ../shared/openedx-platform/,
# else a shallow clone of upstream open-release/teak.master. Fails loudly when none can be had.
# The virtualenv is cached under $CARBON_CACHE keyed by the hash of the platform's requirement files and
# our setup.py, so a second run reuses it. Prints the path of the venv's python on its last line.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
CACHE="${CARBON_CACHE:-$HOME/.cache/carbon-xblocks}"
mkdir -p "$CACHE"
TARBALL="$ROOT/../shared/openedx-platform/openedx-platform-teak.tar.gz"
UPSTREAM_BRANCH="open-release/teak.master"

log() { echo "[platform-install] $*" >&2; }

if [ -n "${OPENEDX_PLATFORM_SRC:-}" ]; then
  SRC="$OPENEDX_PLATFORM_SRC"
  [ -f "$SRC/requirements/edx/base.txt" ] || { log "OPENEDX_PLATFORM_SRC=$SRC is not a platform checkout"; exit 2; }
elif [ -f "$TARBALL" ]; then
  SUM="$(sha256sum "$TARBALL" | cut -c1-16)"
  SRC="$CACHE/src-$SUM/openedx-platform"
  if [ ! -f "$SRC/.unpacked" ]; then
    log "unpacking $TARBALL"
    rm -rf "$CACHE/src-$SUM"; mkdir -p "$CACHE/src-$SUM"
    tar xzf "$TARBALL" -C "$CACHE/src-$SUM"
    touch "$SRC/.unpacked"
  fi
else
  SRC="$CACHE/src-upstream/openedx-platform"
  if [ ! -f "$SRC/requirements/edx/base.txt" ]; then
    log "no tarball at $TARBALL: cloning upstream $UPSTREAM_BRANCH"
    rm -rf "$CACHE/src-upstream"; mkdir -p "$CACHE/src-upstream"
    git clone -q --depth 1 --branch "$UPSTREAM_BRANCH" \
      "https://github.com/openedx/openedx-platform" "$SRC" || {
      log "ERROR: no Open edX platform source: set OPENEDX_PLATFORM_SRC, or put the tarball in ../shared/openedx-platform/"
      exit 2; }
  fi
fi

# Debian packages the platform's requirements build against.
NEED=""
for pkg in libxmlsec1-dev default-libmysqlclient-dev pkg-config libxml2-dev libxslt1-dev; do
  dpkg -s "$pkg" >/dev/null 2>&1 || NEED="$NEED $pkg"
done
if [ -n "$NEED" ]; then
  log "apt-get install$NEED"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $NEED >/dev/null
fi

KEY="$(cat "$SRC/requirements/edx/base.txt" "$ROOT/tools/platform/requirements.txt" "$ROOT/setup.py" | sha256sum | cut -c1-16)"
VENV="$CACHE/platform-venv-$KEY"
if [ ! -f "$VENV/.installed" ]; then
  log "building the platform virtualenv at $VENV (one-time, several minutes)"
  rm -rf "$VENV"
  python3.11 -m venv "$VENV"
  "$VENV/bin/pip" install -q --upgrade pip uv
  grep -v '^-e git+' "$SRC/requirements/edx/base.txt" > "$VENV/base-reqs.txt"
  echo 'setuptools<70' > "$VENV/build-constraints.txt"
  UV_BUILD_CONSTRAINT="$VENV/build-constraints.txt" \
    "$VENV/bin/uv" pip install -q --python "$VENV/bin/python" -r "$VENV/base-reqs.txt" -r "$ROOT/tools/platform/requirements.txt"
  "$VENV/bin/uv" pip install -q --python "$VENV/bin/python" --no-deps -e "$SRC"
  touch "$VENV/.installed"
fi
# Our package: always re-linked (editable, no deps; the deps it adds are in tools/platform/requirements.txt).
"$VENV/bin/uv" pip install -q --python "$VENV/bin/python" --no-deps -e "$ROOT" >&2
echo "$SRC" > "$VENV/platform-src"
echo "$VENV/bin/python"
