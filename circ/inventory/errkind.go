package inventory

import "github.com/circdesk/circdesk/circ"

// The kinds of the inventory's typed errors; those whose message is a
// sentence for the librarian say so with Words. (UnknownError's message
// names a circctl command, so it has none: ErrUnknown's words stand.)

func (e *NameError) Kind() circ.Kind      { return circ.KindInvalid }
func (e *NameError) Words() string        { return e.Error() }
func (e *RangeError) Kind() circ.Kind     { return circ.KindInvalid }
func (e *RangeError) Words() string       { return e.Error() }
func (e *UnknownError) Kind() circ.Kind   { return circ.KindNotFound }
func (e *FinalizedError) Kind() circ.Kind { return circ.KindRefused }
func (e *FinalizedError) Words() string   { return e.Error() }
func (e *ForeignError) Kind() circ.Kind   { return circ.KindInvalid }
func (e *ForeignError) Words() string     { return e.Error() }
