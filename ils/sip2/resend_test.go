package sip2_test

import (
	"context"
	"testing"

	"github.com/circdesk/circdesk/ils/sip2"
)

// TestResentAnswerWithAnySequenceNumber: SIPServer and Koha answer a 97
// with sequence number 0 whatever the request carried; the client takes
// that answer.
func TestResentAnswerWithAnySequenceNumber(t *testing.T) {
	const answer = "121NNY20261201    082240AODEMO|AA1|AB2|AJT|AH20261215    235959|"
	addr, got := scripted(t, func(req string) string {
		switch req[:2] {
		case "99":
			return checked(req, ok98) + "\r"
		case "11":
			s := checked(req, answer)
			return s[:len(s)-4] + "0000\r" // a damaged checksum
		case "97":
			s := answer + "AY0AZ"
			return s + sip2.Checksum([]byte(s)) + "\r"
		}
		return ""
	})
	c := connect(t, sip2.Config{Address: addr, ErrorDetection: true, KeepAlive: -1})
	r, err := c.Checkout(context.Background(), sip2.CheckoutRequest{Patron: "1", Item: "2"})
	if err != nil || !r.OK || r.Item != "2" {
		t.Fatalf("checkout whose answer came back on 97 with AY0: %+v, %v", r, err)
	}
	var checkouts, resends int
	for _, req := range got() {
		switch req[:2] {
		case "11":
			checkouts++
		case "97":
			resends++
		}
	}
	if checkouts != 1 || resends != 1 {
		t.Errorf("checkout sent %d times, 97 %d times; want 1 and 1", checkouts, resends)
	}
}
