package devices

// Keys of Scan.Tag, the decoded fields a card or tag reader adds to a scan.
const (
	TagUID        = "uid"           // RFID tag UID, upper-case MSB-first hex
	TagAFI        = "afi"           // the tag's AFI, two hex digits
	TagModel      = "model"         // the data model: "iso28560-3", "iso28560-2", "3m"
	TagItemID     = "item_id"       // the primary item identifier (barcode) on the tag
	TagPartsInSet = "parts_in_set"  // decimal; "1" for a single item
	TagPartNumber = "part_number"   // decimal, 1-based
	TagOwner      = "owner_library" // ISIL of the owner library
	TagUsage      = "type_of_usage" // ISO 28560 type of usage, decimal
	TagWarning    = "warning"       // what was doubtful about the data, for people
	TagError      = "error"         // set when the tag's data could not be decoded

	CardHex          = "hex"           // EM4100: the 10 hex digits as sent
	CardDecimal      = "decimal"       // EM4100: the last 4 bytes as a 10-digit decimal
	CardFacilityCard = "facility_card" // EM4100: "facility,card" (Wiegand-26 style)
)
