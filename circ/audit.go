package circ

import "time"

// AuditAction is a kind of librarian action the audit keeps.
type AuditAction string

// The librarian actions the audit keeps.
const (
	AuditUnlock            AuditAction = "unlock"             // the librarian views opened: Detail says how (pin, badge, new_pin)
	AuditModeChange        AuditAction = "mode_change"        // checkout, checkin or renew
	AuditOverride          AuditAction = "override"           // a refusal the librarian let through
	AuditExceptionResolve  AuditAction = "exception_resolve"  // with the librarian's note
	AuditExceptionRetry    AuditAction = "exception_retry"    // sent to the library server again
	AuditRosterImport      AuditAction = "roster_import"      // what it brought
	AuditInventoryFinalize AuditAction = "inventory_finalize" // what it marked missing
	AuditSetting           AuditAction = "setting"            // the PIN, a server, a reader
)

// AuditEntry is one librarian action: when, on which station, what. The
// audit only grows; nothing in it changes or goes away.
type AuditEntry struct {
	ID      int64
	At      time.Time
	Station string
	Action  AuditAction
	Detail  string // in a few words; never a password or a PIN
}
