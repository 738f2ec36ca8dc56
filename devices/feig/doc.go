// Package feig drives FEIG OBID ISC and ID CPR HF RFID readers over their
// ISO host protocol (standard and advanced frames, CRC-16/MCRF4XX): it
// finds the ISO 15693 item tags on the pad, reads their user memory,
// decodes the library data on them and writes their AFI security byte.
//
// The frame codec (Frame, Parse, Find) and the command builders and
// parsers are pure, for the driver, the simulator in devices/sim and tests.
package feig
