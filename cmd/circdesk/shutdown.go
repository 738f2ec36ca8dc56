package main

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"sync"
)

// workers owns the station's background goroutines (the station, the
// readers' feed, the reconciler): they run until stop, which waits for them.
type workers struct {
	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup
}

func newWorkers(parent context.Context) *workers {
	ctx, cancel := context.WithCancel(parent)
	return &workers{ctx: ctx, cancel: cancel}
}

// Go runs f on a goroutine of its own until stop.
func (w *workers) Go(f func(ctx context.Context)) {
	w.wg.Add(1)
	go func() {
		defer w.wg.Done()
		f(w.ctx)
	}()
}

// stop ends the goroutines and waits for them: a request the station was
// serving is finished (its transaction committed) before stop returns.
func (w *workers) stop() {
	w.cancel()
	w.wg.Wait()
}

// shutdown ends the program in an order that loses nothing: the window's
// goroutines first (no new requests), then the readers (no new scans),
// then the station, its feed and the reconciler (each finishes what it
// was doing), then the library link and whatever else was opened, and the
// database last.
type shutdown struct {
	ui      func() // stops the window's goroutines and waits for them
	readers io.Closer
	workers *workers
	closers []io.Closer // closed in order after the workers: the link, the demo's server and pad
	db      io.Closer
}

// run shuts down; it may be called once.
func (s *shutdown) run() error {
	if s.ui != nil {
		s.ui()
	}
	var errs []error
	if s.readers != nil {
		errs = append(errs, s.readers.Close())
	}
	if s.workers != nil {
		s.workers.stop()
	}
	for _, c := range s.closers {
		errs = append(errs, c.Close())
	}
	if s.db != nil {
		errs = append(errs, s.db.Close())
	}
	err := errors.Join(errs...)
	slog.Info("station stopped", "err", err)
	return err
}
