#!/usr/bin/env bash
# Runs the real station window on a virtual X display (Xvfb) over a
# district-size cache (150,000 patrons, 100,000 items) and drives it like a
# class at the kiosk with xdotool: a keyboard-wedge scan of a student card,
# three books, a tap on "I'm done", SESSIONS times. Prints the resident
# memory (RSS) and the live Go heap (from GODEBUG=gctrace=1) after the
# window is ready, after WARMUP sessions and at the end, and how much of the
# RSS is the software OpenGL renderer (Mesa llvmpipe) that Xvfb needs.
#
#   SESSIONS=1000 WARMUP=50 SCREEN=1024x768 ./scripts/soak.sh
#
# Ends the station with SIGTERM and fails if it does not exit cleanly.
set -euo pipefail
cd "$(dirname "$0")/.."
sessions=${SESSIONS:-200}
warmup=${WARMUP:-50}
screen=${SCREEN:-1024x768}
pause=${PAUSE:-0.25} # seconds between scans: a child is slower still
station=${CIRCDESK:-./bin/circdesk} # the station binary (make soak builds it)

dir=$(mktemp -d)
cleanup() {
	[ -n "${pid:-}" ] && kill "$pid" 2>/dev/null || true
	[ -n "${xvfb:-}" ] && kill "$xvfb" 2>/dev/null || true
	rm -rf "$dir"
}
trap cleanup EXIT
echo "soak: seeding a district-size cache…"
./bin/circctl --data-dir "$dir" demo seed --district >/dev/null
# A librarian PIN, else the window's first start asks for one and the kiosk
# is not showing.
echo 2468 | ./bin/circctl --data-dir "$dir" kiosk set-pin >/dev/null
# Students who may borrow, and three books on the shelf for each session.
./bin/circctl --data-dir "$dir" patrons --type student --limit $((sessions * 3)) --json |
	jq -r '.[] | select(.blocked == false) | .id' >"$dir/cards"
./bin/circctl --data-dir "$dir" items --status available --limit $((sessions * 4)) --json |
	jq -r '.[].barcode' >"$dir/books"
mapfile -t cards <"$dir/cards"
mapfile -t books <"$dir/books"
if [ "${#cards[@]}" -lt "$sessions" ] || [ "${#books[@]}" -lt $((sessions * 3)) ]; then
	echo "soak: the cache has too few students or books for $sessions sessions" >&2
	exit 1
fi

display=:$((80 + RANDOM % 9))
Xvfb "$display" -screen 0 "${screen}x24" -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
sleep 1
export DISPLAY=$display

log="$dir/circdesk.log"
GODEBUG=gctrace=1 "$station" --data-dir "$dir" ${FLAGS---fullscreen} >"$log" 2>&1 &
pid=$!
for _ in $(seq 200); do
	grep -q 'station ready' "$log" && break
	sleep 0.1
done
grep -q 'station ready' "$log" || { echo "soak: the station did not start" >&2; cat "$log" >&2; exit 1; }
sleep 2 # the first frames

rss() { awk '/^VmRSS/ {print int($2/1024)}' "/proc/$pid/status"; }
gl() { awk '/^[0-9a-f]+-/ {name=$6} /^Rss:/ && name ~ /(libLLVM|swrast|llvmpipe|libgallium|dri)/ {s+=$2} END {print int(s/1024)}' "/proc/$pid/smaps"; }
# The live heap at the last collection: gctrace's "A->B->C MB", C.
live() { sed -n 's/.* \([0-9]*\)->\([0-9]*\)->\([0-9]*\) MB.*/\3/p' "$log" | tail -1; }
report() { printf 'soak  %-22s rss %4d MB  live heap %4s MB  (software OpenGL %d MB)\n' "$1" "$(rss)" "$(live)" "$(gl)"; }

# Where "I'm done" is: centred, just above the countdown bar and the
# status bar at the bottom of the window.
read -r w h < <(xdotool search --sync --name CircDesk getwindowgeometry --shell | awk -F= '/WIDTH/ {w=$2} /HEIGHT/ {h=$2} END {print w, h}')
done_x=${DONE_X:-$((w / 2))}
done_y=${DONE_Y:-$((h - 138))}

scan() {
	xdotool type --delay 12 "$1"
	xdotool key Return
	sleep "$pause"
}

start_rss=$(rss)
report "ready (${w}x${h})"
b=0
for i in $(seq 0 $((sessions - 1))); do
	scan "${cards[$i]}"
	for _ in 1 2 3; do
		scan "${books[$b]}"
		b=$((b + 1))
	done
	xdotool mousemove "$done_x" "$done_y" click 1
	sleep "$pause"
	if [ $((i + 1)) -eq "$warmup" ]; then
		warm_rss=$(rss)
		report "after $warmup sessions"
	fi
done
sleep 6 # the last summary gives way to Welcome
report "after $sessions sessions"
read -r w2 h2 < <(xdotool search --name CircDesk getwindowgeometry --shell | awk -F= '/WIDTH/ {w=$2} /HEIGHT/ {h=$2} END {print w, h}')
if [ "${w2}x$h2" != "${w}x$h" ]; then
	echo "soak: the window changed size from ${w}x$h to ${w2}x$h2" >&2
fi
end_rss=$(rss)
printf 'soak  RSS %d MB at start, %d MB after %d sessions, %d MB after %d (%+d%% since the warm-up)\n' \
	"$start_rss" "${warm_rss:-$start_rss}" "$warmup" "$end_rss" "$sessions" \
	$(((end_rss - ${warm_rss:-$start_rss}) * 100 / ${warm_rss:-$start_rss}))

kill -TERM "$pid"
if ! wait "$pid"; then
	echo "soak: the station did not exit cleanly on SIGTERM" >&2
	tail -20 "$log" >&2
	exit 1
fi
pid=
grep -q 'station stopped' "$log" && echo "soak: stopped cleanly on SIGTERM"
journal=$(./bin/circctl --data-dir "$dir" journal --json | jq 'length')
echo "soak: $journal transactions in the journal"
if [ "$journal" -ne $((sessions * 3)) ]; then
	echo "soak: $((sessions * 3)) checkouts were scanned, but the journal holds $journal" >&2
	exit 1
fi
