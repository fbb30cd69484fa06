#!/bin/sh
# systemd-analyze verify of htmse-server.service, with ExecStart pointing at the built server, and
# its exposure score from systemd-analyze security (must stay "OK", at most 2.0).
set -eu
src=$1
server=$2
unit="$src/packaging/linux/htmse-server.service"
command -v systemd-analyze >/dev/null || { echo "SKIP: systemd-analyze is missing (scripts/bootstrap installs systemd)"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
sed "s|/usr/bin/htmse-server|$server|" "$unit" >"$tmp/htmse-server.service"
# --man=no: the unit's Documentation= man pages belong to the documentation packages, which a
# minimal machine does not have (without it, verify fails there on "man systemd.exec(5)").
if ! out=$(cd "$tmp" && systemd-analyze verify --man=no "$tmp/htmse-server.service" 2>&1); then
    case "$out" in
    *"Failed to "*"manager"*|*"System has not been booted"*|*"Failed to initialize"*)
        echo "SKIP: systemd-analyze cannot run here: $out"; exit 77 ;;
    esac
    echo "$out"; exit 1
fi
[ -z "$out" ] || { echo "systemd-analyze verify: $out"; exit 1; }
grep -q '^ExecStart=/usr/bin/htmse-server serve --config /etc/htmse/server.conf$' "$unit"
for key in User=htmse-server StateDirectory=htmse-server ProtectSystem=strict ProtectHome=yes PrivateTmp=yes \
    NoNewPrivileges=yes PrivateDevices=yes MemoryDenyWriteExecute=yes CapabilityBoundingSet= UMask=0077 \
    SystemCallFilter=@system-service Restart=on-failure; do
    grep -qx "$key" "$unit" || { echo "the unit lacks $key"; exit 1; }
done
score=$(cd "$tmp" && systemd-analyze security --offline=yes "$tmp/htmse-server.service" 2>/dev/null |
    sed -n 's/.*Overall exposure level for htmse-server.service: \([0-9.]*\).*/\1/p')
[ -n "$score" ] || { echo "SKIP: systemd-analyze security --offline is not available; verify passed"; exit 0; }
echo "verify clean; exposure $score"
awk -v s="$score" 'BEGIN { exit !(s <= 2.0) }' || { echo "exposure $score is above 2.0"; exit 1; }
