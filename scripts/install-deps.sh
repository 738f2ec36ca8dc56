#!/usr/bin/env bash
# Installs the system packages CircDesk needs to build on Debian or Ubuntu:
# a C compiler for cgo (SQLite, Fyne), pkg-config, and the OpenGL, X11 and
# Wayland headers Fyne's window driver links against (since Fyne 2.8 it
# builds both and picks one at run time). Installs only what is missing;
# uses sudo when not run as root. Extra package names on the command line
# are installed too (make bench adds xvfb for the window benchmark).
set -euo pipefail

packages=(gcc pkg-config libgl1-mesa-dev xorg-dev libwayland-dev libxkbcommon-dev "$@")

if ! command -v go >/dev/null 2>&1; then
	echo "install-deps: Go is not installed. Install Go 1.26 or newer (https://go.dev/dl/) and run this again." >&2
	exit 1
fi

missing=()
for p in "${packages[@]}"; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
		missing+=("$p")
	fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
	echo "install-deps: these packages are missing and this is not a Debian or Ubuntu system: ${missing[*]}" >&2
	exit 1
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
	if ! command -v sudo >/dev/null 2>&1; then
		echo "install-deps: run as root or install sudo; missing packages: ${missing[*]}" >&2
		exit 1
	fi
	sudo="sudo"
fi

echo "install-deps: installing ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
