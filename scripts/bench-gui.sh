#!/usr/bin/env bash
# Measures the station window on a district-size cache (150,000 patrons,
# 100,000 items): time from start to the window being ready, and resident
# memory once it is. Runs the real window on a virtual X display (Xvfb).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-3}

dir=$(mktemp -d)
trap 'kill "${xvfb:-}" 2>/dev/null || true; rm -rf "$dir"' EXIT
./bin/circctl --data-dir "$dir" demo seed --district >/dev/null

display=:$((90 + RANDOM % 9))
Xvfb "$display" -screen 0 1280x800x24 >/dev/null 2>&1 &
xvfb=$!
sleep 1

for i in $(seq "$runs"); do
	log="$dir/run$i.log"
	DISPLAY=$display ./bin/circdesk --data-dir "$dir" >"$log" 2>&1 &
	pid=$!
	for _ in $(seq 100); do
		grep -q 'station ready' "$log" && break
		sleep 0.1
	done
	sleep 1 # let the first frames draw before reading memory
	startup=$(sed -n 's/.*startup=\([^ ]*\).*/\1/p' "$log")
	rss=$(awk '/^VmRSS/ {print $2}' "/proc/$pid/status")
	gl=$(awk '/^[0-9a-f]+-/ {name=$6} /^Rss:/ && name ~ /(libLLVM|swrast|llvmpipe|libgallium)/ {s+=$2} END {print s+0}' "/proc/$pid/smaps")
	kill "$pid"
	wait "$pid" 2>/dev/null || true
	printf 'gui          ColdStartToReady run %d  startup %s  rss %d MB  (of which software OpenGL %d MB)\n' \
		"$i" "${startup:-none}" $((rss / 1024)) $((gl / 1024))
done
