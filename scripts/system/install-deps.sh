#!/usr/bin/env bash
# Installs the Debian system packages the tests and the app need, idempotently:
#   chromium (e2e), ffmpeg + sox (fake camera/microphone media), Noto Color Emoji (emoji hands),
#   postgresql-15 + server headers, pgvector built from Debian trixie's source package (bookworm
#   has none), and moto (S3-compatible test server) unpacked from trixie into .cache/system.
# Fast when everything is already there: it checks before it touches apt.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cache="$root/.cache/system"
mkdir -p "$cache"

sudo_cmd=""
if [ "$(id -u)" -ne 0 ]; then sudo_cmd="sudo"; fi

apt_packages=(chromium ffmpeg sox fonts-noto-color-emoji postgresql-15 postgresql-server-dev-15
  build-essential dpkg-dev
  python3-flask python3-flask-cors python3-werkzeug python3-boto3 python3-botocore
  python3-xmltodict python3-responses python3-jinja2 python3-cryptography python3-yaml
  python3-dateutil python3-requests)

missing=()
for p in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

apt_updated=0
apt_update() {
  if [ "$apt_updated" -eq 0 ]; then
    $sudo_cmd apt-get update -qq || echo "install-deps: apt-get update reported errors (continuing)"
    apt_updated=1
  fi
}

if [ "${#missing[@]}" -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}"
  apt_update
  if ! DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >"$cache/apt-install.log" 2>&1; then
    tail -n 30 "$cache/apt-install.log"
    echo "install-deps: apt-get install failed (full log: $cache/apt-install.log)" >&2
    exit 1
  fi
fi

# A private apt configuration that knows Debian trixie, without touching the system's sources.
trixie_apt() {
  local dir="$cache/apt-trixie"
  mkdir -p "$dir/lists/partial" "$dir/archives/partial"
  local mirror
  mirror="$(grep -rhE '^(URIs:|deb) ' /etc/apt/sources.list /etc/apt/sources.list.d/*.sources \
    /etc/apt/sources.list.d/*.list 2>/dev/null | grep -oE 'https?://[^ ]*debian/?' \
    | grep -v security | head -n1 || true)"
  mirror="${mirror:-http://deb.debian.org/debian}"
  cat >"$dir/sources.list" <<SRC
deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] ${mirror%/} trixie main
deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] ${mirror%/} trixie main
SRC
  local opts=(-o "Dir::Etc::SourceList=$dir/sources.list" -o "Dir::Etc::SourceParts=-"
    -o "Dir::State::Lists=$dir/lists" -o "Dir::Cache::Archives=$dir/archives"
    -o "APT::Get::List-Cleanup=0")
  if [ "$(cat "$dir/updated" 2>/dev/null)" != "$mirror" ]; then
    apt-get "${opts[@]}" update -qq
    echo "$mirror" >"$dir/updated"
  fi
  (cd "$dir" && apt-get "${opts[@]}" "$@")
}

pg_config=/usr/lib/postgresql/15/bin/pg_config
if [ ! -f "$($pg_config --sharedir)/extension/vector.control" ]; then
  echo "install-deps: building pgvector from Debian trixie's source package"
  src="$cache/pgvector-src"
  rm -rf "$src" && mkdir -p "$src"
  trixie_apt source --download-only pgvector >"$cache/pgvector-fetch.log" 2>&1
  (cd "$src" && dpkg-source -x "$cache"/apt-trixie/pgvector_*.dsc build >/dev/null 2>&1)
  make -s -C "$src/build" PG_CONFIG="$pg_config" OPTFLAGS="" >/dev/null
  $sudo_cmd make -s -C "$src/build" PG_CONFIG="$pg_config" install >/dev/null
fi

moto_dir="$cache/moto"
if [ ! -d "$moto_dir/usr/lib/python3/dist-packages/moto" ]; then
  echo "install-deps: unpacking moto (S3 test server) from Debian trixie"
  trixie_apt download python3-moto >"$cache/moto-fetch.log" 2>&1
  rm -rf "$moto_dir" && mkdir -p "$moto_dir"
  dpkg -x "$cache"/apt-trixie/python3-moto_*.deb "$moto_dir"
fi

echo "install-deps: system dependencies ready"
