// Package mailout is the server's mail outbox: each message is written as
// an .eml file into a folder instead of being sent, so the server needs no
// SMTP relay to run. An operator (or a later mail relay) picks them up.
package mailout

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"mime"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Outbox writes messages into Dir.
type Outbox struct {
	Dir    string
	From   string
	Logger *slog.Logger
}

// Message is a plain-text e-mail.
type Message struct {
	To      string
	Subject string
	Body    string
}

// Send writes the message as an .eml file and returns its path. The file
// appears whole: it is written under a temporary name and renamed, so a
// process watching the folder never reads half a message.
func (o *Outbox) Send(m Message, now time.Time) (string, error) {
	if strings.ContainsAny(m.To+m.Subject, "\r\n") {
		return "", fmt.Errorf("send mail: header contains a line break")
	}
	if err := os.MkdirAll(o.Dir, 0o700); err != nil {
		return "", fmt.Errorf("send mail: %w", err)
	}
	var rnd [8]byte
	if _, err := rand.Read(rnd[:]); err != nil {
		return "", fmt.Errorf("send mail: %w", err)
	}
	id := hex.EncodeToString(rnd[:])
	domain := "supportportal.invalid"
	if _, d, ok := strings.Cut(o.From, "@"); ok {
		domain = strings.Trim(d, "> ")
	}
	var b strings.Builder
	fmt.Fprintf(&b, "From: %s\r\n", o.From)
	fmt.Fprintf(&b, "To: %s\r\n", m.To)
	fmt.Fprintf(&b, "Subject: %s\r\n", mime.QEncoding.Encode("utf-8", m.Subject))
	fmt.Fprintf(&b, "Date: %s\r\n", now.UTC().Format(time.RFC1123Z))
	fmt.Fprintf(&b, "Message-ID: <%s@%s>\r\n", id, domain)
	b.WriteString("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n")
	b.WriteString(strings.ReplaceAll(strings.ReplaceAll(m.Body, "\r\n", "\n"), "\n", "\r\n"))
	name := fmt.Sprintf("%s-%s.eml", now.UTC().Format("20060102T150405.000000Z"), id)
	tmp := filepath.Join(o.Dir, "."+name+".tmp")
	if err := os.WriteFile(tmp, []byte(b.String()), 0o600); err != nil {
		return "", fmt.Errorf("send mail: %w", err)
	}
	path := filepath.Join(o.Dir, name)
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return "", fmt.Errorf("send mail: %w", err)
	}
	if o.Logger != nil {
		// The body holds a one-time token; the log names the file instead.
		o.Logger.Info("mail written", "to", m.To, "subject", m.Subject, "file", path)
	}
	return path, nil
}
