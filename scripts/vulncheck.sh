#!/usr/bin/env bash
# Checks the module's code against the Go vulnerability database with
# govulncheck (a Go tool pinned in go.mod), offline: the database is the
# golang.org/x/vulndb module at the version below, fetched through the Go
# module proxy like any module and verified against the checksum database.
# Its data/osv folder holds one OSV file per vulnerability, which the pinned
# govulncheck reads as a local database (-db file://...). Nothing else is
# downloaded. Raise VULNDB to check against newer vulnerabilities.
set -euo pipefail
cd "$(dirname "$0")/.."

VULNDB="${VULNDB:-golang.org/x/vulndb@v0.0.0-20261105234957-e22db6528018}"
TAGS="${TAGS:-migrated_fynedo,no_emoji}"

# Outside the module, so go.mod stays as it is.
dir=$(cd "${TMPDIR:-/tmp}" && "${GO:-go}" mod download -json "$VULNDB" |
	sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
if [ -z "$dir" ] || [ ! -d "$dir/data/osv" ]; then
	echo "vulncheck: cannot find the vulnerability data of $VULNDB" >&2
	exit 1
fi
exec "${GO:-go}" tool govulncheck -db "file://$dir/data/osv" -tags "$TAGS" ./...
