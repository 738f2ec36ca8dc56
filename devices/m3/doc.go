// Package m3 drives 3M (now Bibliotheca) 210 and 810 HF RFID pads over
// their serial protocol (D6 frames, CRC-16/GENIBUS): it finds the ISO
// 15693 item tags on the pad, reads their memory, decodes the library
// data on them and writes their AFI security byte.
//
// The frame codec (Frame, Parse, Find) and the command builders and
// parsers are pure, for the driver, the simulator in devices/sim and tests.
package m3
