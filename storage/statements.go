package storage

import (
	"context"
	"fmt"

	"github.com/jmoiron/sqlx"
)

// queries are the reads of circ.Reader, prepared once on a pool.
type queries struct {
	patron, item, loan, patronLoans, holds *sqlx.Stmt
}

func prepareQueries(ctx context.Context, db *sqlx.DB) (*queries, error) {
	q := &queries{}
	err := prepareAll(ctx, db, map[**sqlx.Stmt]string{
		&q.patron:      patronByKeySQL,
		&q.item:        itemByBarcodeSQL,
		&q.loan:        loanByItemSQL,
		&q.patronLoans: loansOfPatronSQL,
		&q.holds:       holdsOnItemSQL,
	})
	return q, err
}

// writes are what Record, Settle and the exception methods execute,
// prepared once on the writer.
type writes struct {
	nextSeq, journal, putLoan, endLoan, setStatus, fillHold, insertHold          *sqlx.Stmt
	journalRow, setSync, setDue, insertException, closeException, exceptionState *sqlx.Stmt
	refreshPatron, markSent, setServerDue, requeue                               *sqlx.Stmt
}

func prepareWrites(ctx context.Context, db *sqlx.DB) (*writes, error) {
	w := &writes{}
	err := prepareAll(ctx, db, map[**sqlx.Stmt]string{
		&w.nextSeq:         nextSeqSQL,
		&w.journal:         insertJournalSQL,
		&w.markSent:        markSentSQL,
		&w.putLoan:         putLoanSQL,
		&w.endLoan:         endLoanSQL,
		&w.setStatus:       setStatusSQL,
		&w.fillHold:        fillHoldSQL,
		&w.insertHold:      insertHoldSQL,
		&w.journalRow:      journalRowSQL,
		&w.setSync:         setSyncSQL,
		&w.setDue:          setDueSQL,
		&w.insertException: insertExceptionSQL,
		&w.closeException:  closeExceptionSQL,
		&w.exceptionState:  exceptionStateSQL,
		&w.refreshPatron:   refreshPatronSQL,
		&w.setServerDue:    setServerDueSQL,
		&w.requeue:         requeueSQL,
	})
	return w, err
}

func prepareAll(ctx context.Context, db *sqlx.DB, stmts map[**sqlx.Stmt]string) error {
	for dst, query := range stmts {
		s, err := db.PreparexContext(ctx, query)
		if err != nil {
			return fmt.Errorf("prepare %q: %w", query, err)
		}
		*dst = s
	}
	return nil
}

// view runs the Reader queries either on the read pool (tx nil) or inside a
// write transaction.
type view struct {
	db *DB
	q  *queries
	tx *sqlx.Tx
}

func (v view) stmt(ctx context.Context, s *sqlx.Stmt) *sqlx.Stmt {
	if v.tx == nil {
		return s
	}
	return v.tx.StmtxContext(ctx, s)
}

// reads is the view of the read pool.
func (db *DB) reads() view { return view{db: db, q: db.rq} }
