package storage

import (
	"context"
)

// SchemaVersion is the newest schema the code knows, for tests.
var SchemaVersion = schemaVersion

// OpenSynchronous opens path with the writer's PRAGMA synchronous set to
// level, for the benchmark that measures what FULL costs.
func OpenSynchronous(ctx context.Context, path, level string) (*DB, error) {
	return OpenWith(ctx, path, OpenOptions{synchronous: level})
}

// Synchronous is the PRAGMA synchronous of the writer connection.
func (db *DB) Synchronous(ctx context.Context) (int, error) {
	var level int
	err := db.w.GetContext(ctx, &level, "PRAGMA synchronous")
	return level, err
}
