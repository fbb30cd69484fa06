#!/usr/bin/env bash
# Builds the DEB packages from the configured build tree into a scratch directory and checks
# them: names and versions, Depends (from dpkg-shlibdeps and the plugins named by hand),
# conffiles, maintainer scripts, and contents (binaries, unit, every icon size, the policy
# template; no build paths, test binaries or unstripped binaries).
set -euo pipefail
build=$1
version=$2
for tool in cpack dpkg-deb dpkg-shlibdeps file readelf; do
    command -v "$tool" >/dev/null || { echo "SKIP: $tool is missing (scripts/bootstrap installs dpkg-dev and file)"; exit 77; }
done
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

cpack --config "$build/CPackConfig.cmake" -G DEB -B "$out" >"$out/cpack.log" 2>&1 || { cat "$out/cpack.log"; exit 1; }
arch=$(dpkg --print-architecture)
desktop="$out/htmse-desktop_${version}-1_${arch}.deb"
server="$out/htmse-server_${version}-1_${arch}.deb"
for deb in "$desktop" "$server"; do
    [ -f "$deb" ] || { echo "FAIL: cpack did not make $(basename "$deb"):"; ls "$out"; exit 1; }
done

field() { dpkg-deb --field "$1" "$2"; }
expect_field() { # DEB FIELD REGEX...
    local deb=$1 name=$2 value
    shift 2
    value=$(field "$deb" "$name")
    for re in "$@"; do
        grep -qE "$re" <<<"$value" || fail "$(basename "$deb"): $name lacks /$re/: $value"
    done
}
expect_field "$desktop" Package '^htmse-desktop$'
expect_field "$server" Package '^htmse-server$'
expect_field "$desktop" Version "^${version//./\\.}-1\$"
expect_field "$server" Version "^${version//./\\.}-1\$"
# dpkg-shlibdeps found the libraries; plugins and tools the scan cannot see are listed by hand.
expect_field "$desktop" Depends 'libqt6core6' 'libqt6gui6' 'libqt6widgets6' 'libqt6network6' 'libqt6charts6' \
    'libqt6keychain1' 'libsqlcipher' 'libsodium' 'libzxcvbn' 'libc6 \(>= '
expect_field "$desktop" Recommends 'gnome-keyring'
expect_field "$server" Depends 'libqt6core6' 'libqt6httpserver6' 'libqt6sql6 ' 'libqt6sql6-sqlite' 'libqt6sql6-psql' \
    'libsodium' 'adduser'
if field "$server" Depends | grep -qE 'libqt6widgets6|libqt6gui6'; then
    fail "htmse-server depends on the GUI libraries: $(field "$server" Depends)"
fi

# Conffiles and maintainer scripts.
ctrl="$out/ctrl"
mkdir -p "$ctrl/desktop" "$ctrl/server"
dpkg-deb --control "$desktop" "$ctrl/desktop"
dpkg-deb --control "$server" "$ctrl/server"
[ "$(cat "$ctrl/desktop/conffiles")" = "/etc/xdg/htmse/policy.conf" ] ||
    fail "htmse-desktop conffiles: $(cat "$ctrl/desktop/conffiles" 2>/dev/null)"
[ "$(sort "$ctrl/server/conffiles")" = "$(printf '/etc/default/htmse-server\n/etc/htmse/server.conf')" ] ||
    fail "htmse-server conffiles: $(cat "$ctrl/server/conffiles" 2>/dev/null)"
for script in postinst prerm postrm; do
    [ -x "$ctrl/server/$script" ] || fail "htmse-server has no executable $script"
done
# shellcheck disable=SC2016 # the literal text of the script
grep -qF 'htmse-server migrate --config "$CONFIG"' "$ctrl/server/postinst" || fail "postinst does not migrate"
for script in "$ctrl/server/postinst" "$ctrl/server/prerm" "$ctrl/server/postrm"; do
    sh -n "$script" || fail "$script is not valid sh"
done

# Contents.
contents() { dpkg-deb --contents "$1" | awk '{ print $6 }'; }
expect_path() { # DEB PATH...
    local deb=$1 listing
    shift
    listing=$(contents "$deb")
    for p in "$@"; do
        grep -qxF "./$p" <<<"$listing" || fail "$(basename "$deb") lacks $p"
    done
}
expect_path "$desktop" usr/bin/htmse-desktop usr/bin/htmse-cli \
    usr/share/applications/org.htmse.Desktop.desktop usr/share/metainfo/org.htmse.Desktop.metainfo.xml \
    usr/share/icons/hicolor/scalable/apps/org.htmse.Desktop.svg etc/xdg/htmse/policy.conf
for size in ${HTMSE_ICON_SIZES:-16 24 32 48 64 128 256}; do
    expect_path "$desktop" "usr/share/icons/hicolor/${size}x${size}/apps/org.htmse.Desktop.png"
done
expect_path "$server" usr/bin/htmse-server lib/systemd/system/htmse-server.service etc/htmse/server.conf \
    etc/default/htmse-server usr/share/doc/htmse-server/deployment.md
for deb in "$desktop" "$server"; do
    listing=$(contents "$deb")
    stray=$(grep -vE '^\./(usr/(bin|share)|etc|lib/systemd/system)(/|$)|^\./((usr|lib|lib/systemd)/)?$' <<<"$listing" || true)
    [ -z "$stray" ] || fail "$(basename "$deb") installs outside usr/bin, usr/share, etc, lib/systemd: $stray"
    bad=$(grep -iE 'test|fuzz|bench|screenshots|/build/|\.a$|\.o$|CMake' <<<"$listing" || true)
    [ -z "$bad" ] || fail "$(basename "$deb") ships build or test files: $bad"
done

# The binaries: stripped, no RUNPATH, no build directory inside.
root="$out/root"
mkdir -p "$root"
dpkg-deb -x "$desktop" "$root"
dpkg-deb -x "$server" "$root"
for bin in "$root"/usr/bin/*; do
    name=$(basename "$bin")
    file -b "$bin" | grep -q ', stripped' || fail "$name is not stripped"
    ! readelf -d "$bin" | grep -qE 'R(UN)?PATH' || fail "$name has an RPATH/RUNPATH: $(readelf -d "$bin" | grep PATH)"
    ! grep -qaF "$build" "$bin" || fail "$name contains the build directory $build"
done
for size in ${HTMSE_ICON_SIZES:-16 24 32 48 64 128 256}; do
    png="$root/usr/share/icons/hicolor/${size}x${size}/apps/org.htmse.Desktop.png"
    file -b "$png" | grep -q "PNG image data, $size x $size" || fail "icon $size: $(file -b "$png")"
done
# The policy template changes nothing until edited: only comments, blank lines and [policy].
active=$(grep -vE '^\s*(;|#|$)|^\[policy\]$' "$root/etc/xdg/htmse/policy.conf" || true)
[ -z "$active" ] || fail "policy.conf sets something as shipped: $active"

if [ "$failures" -ne 0 ]; then
    echo "$failures check(s) failed"
    exit 1
fi
for deb in "$desktop" "$server"; do
    echo "$(basename "$deb"): $(du -k "$deb" | cut -f1) KiB; Depends: $(field "$deb" Depends)"
done
