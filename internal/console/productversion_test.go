package console_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"supportportal/internal/syncproto"
)

// The case page shows the product version the customer gave (issue 13),
// escaped and in the agent's language, and nothing for a case without one.
func TestCasePageShowsProductVersion(t *testing.T) {
	e := newEnv(t)
	with := uuid.NewString()
	payload, _ := json.Marshal(map[string]any{"caseId": with, "subject": "Export fails", "categoryId": "courses", "subcategoryId": "courses.enrollment",
		"description": "It fails.", "priority": "high", "productVersion": "7.4.2 <b>beta</b>", "attachments": []any{},
		"createdAt": time.Now().UTC().Format(time.RFC3339Nano)})
	status, body := e.api("POST", "/v1/push", e.customerToken, map[string]any{"mutations": []syncproto.Mutation{{ID: uuid.NewString(), Kind: syncproto.KindCaseCreate, Payload: payload}}})
	if status != 200 || !strings.Contains(string(body), `"applied"`) {
		t.Fatalf("push: %d %s", status, body)
	}
	without := e.newCase(e.customerToken, "No version given", "low", time.Now())
	b := e.browser()
	b.agent()
	p := wantStatus(t, b.get("/console/cases/"+with), 200).body
	if want := `<dt>Product version</dt><dd id="product-version">7.4.2 &lt;b&gt;beta&lt;/b&gt;</dd>`; !strings.Contains(p, want) {
		t.Fatalf("case page lacks %q:\n%s", want, p)
	}
	if p := wantStatus(t, b.get("/console/cases/"+with+"?lang=de"), 200).body; !strings.Contains(p, `<dt>Produktversion</dt>`) {
		t.Fatalf("German case page:\n%s", p)
	}
	if p := wantStatus(t, b.get("/console/cases/"+without+"?lang=en"), 200).body; strings.Contains(p, `id="product-version"`) || strings.Contains(p, "Product version") {
		t.Fatalf("case without a product version:\n%s", p)
	}
}
