#!/usr/bin/env bash
# Installs the Debian 12 packages Vitrine needs to build, run and test, when
# any is missing. Sourced by build-aux/run and build-aux/test.
set -euo pipefail

VITRINE_DEBS=(
  build-essential pkg-config meson ninja-build gettext libxml2-utils python3
  libglib2.0-dev libgtk-4-dev libadwaita-1-dev libsoup-3.0-dev libjson-glib-dev
  libgstreamer1.0-dev libgstreamer-plugins-base1.0-dev libges-1.0-dev
  gstreamer1.0-plugins-base gstreamer1.0-plugins-good gstreamer1.0-plugins-bad
  gstreamer1.0-plugins-ugly gstreamer1.0-libav gstreamer1.0-tools
  libgtk-4-media-gstreamer gstreamer1.0-gl libsecret-1-dev libsqlite3-dev libexif-dev
  libjpeg-turbo-progs libjpeg62-turbo-dev libpango1.0-dev
  time ffmpeg libqrencode-dev libebur128-dev zbar-tools python3-opencv python3-numpy
  xvfb xauth dbus-x11 gnome-keyring libsecret-tools xdg-user-dirs
  appstream desktop-file-utils flatpak-builder
  locales
  # the photos of web browsers (WebP) and iPhones (HEIC), as a GNOME
  # desktop reads them; heif-enc makes a HEIC for the tests
  webp-pixbuf-loader heif-gdk-pixbuf libheif-examples
  # what a GNOME desktop has for the emoji agents type into captions
  # ("🛁 Bathroom"); without it they are drawn as boxes of hex digits
  fonts-noto-color-emoji
  clang libclang-rt-14-dev
)
# The S3 test peer (tests/s3) runs on Node: Debian's nodejs and npm, unless a
# node that brings its own npm (NodeSource's nodejs, which conflicts with
# Debian's npm) is already installed.
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  VITRINE_DEBS+=(nodejs npm)
fi

vitrine_missing_debs () {
  local missing=()
  for p in "${VITRINE_DEBS[@]}" "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  echo "${missing[@]:-}"
}

vitrine_install_debs () {
  local missing
  missing=$(vitrine_missing_debs "$@")
  [ -z "$missing" ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    echo "Missing Debian packages: $missing" >&2
    echo "Install them with: sudo apt-get install $missing" >&2
    return 1
  fi
  echo "Installing: $missing" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # shellcheck disable=SC2086
  apt-get install -y -qq --no-install-recommends $missing >&2
}

# Configures (once) and builds the tree in $2.
vitrine_build () {
  local top=$1 builddir=$2
  if [ ! -f "$builddir/build.ninja" ]; then
    meson setup "$builddir" "$top" >&2
  fi
  meson compile -C "$builddir" >&2
}
