#!/usr/bin/env bash
# Prints the benchmark figures of a `go test -bench` output, one per line,
# with the package each came from.
set -euo pipefail
awk '
/^pkg: / { pkg = $2; sub(".*/circdesk/", "", pkg) }
/^Benchmark/ {
	name = $1; sub(/-[0-9]+$/, "", name)
	line = ""
	for (i = 3; i < NF; i += 2) line = line sprintf("  %s %s", $i, $(i+1))
	printf "%-12s %-40s%s\n", pkg, name, line
}' "${1:-bench.out}"
