#!/bin/sh
# The desktop entry passes desktop-file-validate and the AppStream metainfo passes
# appstreamcli validate --pedantic without the network; both name the same application.
set -eu
src=$1
desktop="$src/resources/linux/org.htmse.Desktop.desktop"
metainfo="$src/resources/linux/org.htmse.Desktop.metainfo.xml"
for tool in desktop-file-validate appstreamcli; do
    command -v "$tool" >/dev/null || { echo "SKIP: $tool is missing (scripts/bootstrap installs it)"; exit 77; }
done
out=$(desktop-file-validate "$desktop" 2>&1) || { echo "$out"; exit 1; }
# desktop-file-validate exits 0 on hints; treat every message as a failure.
[ -z "$out" ] || { echo "desktop-file-validate: $out"; exit 1; }
appstreamcli validate --no-net --pedantic --explain "$metainfo" || exit 1
# What the metainfo promises: a launchable matching the entry, screenshots, notes for this release.
grep -q '<launchable type="desktop-id">org.htmse.Desktop.desktop</launchable>' "$metainfo"
grep -q '<screenshot type="default">' "$metainfo"
version=$(sed -n 's/^ *VERSION \([0-9.]*\)$/\1/p' "$src/CMakeLists.txt" | head -n1)
grep -q "<release version=\"$version\"" "$metainfo" || { echo "no <release> for $version in $metainfo"; exit 1; }
grep -q '^Icon=org.htmse.Desktop$' "$desktop"
echo "desktop entry and metainfo valid for $version"
