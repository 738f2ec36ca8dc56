package main

import (
	"context"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/circdesk/circdesk/cmd/internal/setup"
	"github.com/circdesk/circdesk/internal/demoschool"
	"github.com/circdesk/circdesk/storage"
)

// districtDir makes a data directory holding a district-size cache:
// 150,000 patrons and 100,000 items.
func districtDir(b *testing.B) string {
	b.Helper()
	dir := b.TempDir()
	ctx := context.Background()
	db, err := storage.Open(ctx, filepath.Join(dir, setup.DatabaseFile))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Seed(ctx, demoschool.District(150_000, 100_000)); err != nil {
		b.Fatal(err)
	}
	return dir
}

// BenchmarkStatusColdStart runs `circctl status --json` as its own process
// on a district-size cache: process start, open, schema check, counts.
func BenchmarkStatusColdStart(b *testing.B) {
	dir := districtDir(b)
	bin := filepath.Join(b.TempDir(), "circctl")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		b.Fatalf("build circctl: %v\n%s", err, out)
	}
	b.ResetTimer()
	for b.Loop() {
		if out, err := exec.Command(bin, "--data-dir", dir, "status", "--json").CombinedOutput(); err != nil {
			b.Fatalf("circctl status: %v\n%s", err, out)
		}
	}
}
