package mailout

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestSend(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	o := &Outbox{Dir: dir, From: "Support <no-reply@vendor.example>"}
	path, err := o.Send(Message{To: "a@b.example", Subject: "Grüße", Body: "line 1\nline 2"}, time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	for _, want := range []string{"From: Support <no-reply@vendor.example>\r\n", "To: a@b.example\r\n", "Subject: =?utf-8?q?Gr=C3=BC=C3=9Fe?=\r\n",
		"@vendor.example>\r\n", "Content-Type: text/plain; charset=utf-8\r\n", "\r\n\r\nline 1\r\nline 2"} {
		if !strings.Contains(s, want) {
			t.Errorf("missing %q in\n%s", want, s)
		}
	}
	if !strings.HasSuffix(path, ".eml") {
		t.Fatal(path)
	}
	ents, _ := os.ReadDir(dir)
	if len(ents) != 1 {
		t.Fatalf("%d files (temporary file left?)", len(ents))
	}
	if _, err := o.Send(Message{To: "a@b.example\r\nBcc: x@y.example", Subject: "s"}, time.Now()); err == nil {
		t.Fatal("header injection accepted")
	}
}
