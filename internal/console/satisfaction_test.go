package console_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"supportportal/internal/syncproto"
)

// rate pushes a customer's rating through the API.
func (e *env) rate(token, caseID, rating, comment string) {
	e.t.Helper()
	m, _ := syncproto.NewMutation(uuid.NewString(), &syncproto.CaseRate{CaseID: caseID, Rating: rating, Comment: comment,
		RatedAt: time.Now().UTC().Format(time.RFC3339Nano)})
	status, b := e.api("POST", "/v1/push", token, map[string]any{"mutations": []syncproto.Mutation{m}})
	if status != 200 || !strings.Contains(string(b), `"applied"`) {
		e.t.Fatalf("rate: %d %s", status, b)
	}
}

// A "not satisfied" rating puts a solved case back in the open queue with
// a badge (and the attention filter finds it); the case page shows the
// rating and its comment, escaped; the counts page counts it per agent
// and component, in English and German; a reply clears the badge.
func TestSatisfactionInConsole(t *testing.T) {
	e := newEnv(t)
	unhappy := e.newCase(e.customerToken, "Export keeps failing", "high", time.Now().Add(-3*time.Hour))
	happy := e.newCase(e.customerGlobexTok, "Certificates missing", "low", time.Now().Add(-2*time.Hour))
	e.newCase(e.customerToken, "Still waiting", "low", time.Now().Add(-time.Hour))
	b := e.browser()
	tok := b.agent()
	for _, id := range []string{unhappy, happy} {
		wantStatus(t, b.do("POST", "/console/cases/"+id+"/status", url.Values{"csrf": {tok}, "status": {"solved"}, "solution": {"Fixed."}}), http.StatusSeeOther)
	}
	e.rate(e.customerToken, unhappy, "not_satisfied", "Still fails <script>alert(1)</script>\nsee log")
	e.rate(e.customerGlobexTok, happy, "satisfied", "")

	badge := regexp.MustCompile(`data-attention="([^"]+)"`)
	q := wantStatus(t, b.get("/console/queue"), 200).body
	if m := badge.FindAllStringSubmatch(q, -1); len(m) != 1 || m[0][1] != unhappy {
		t.Fatalf("badges %v in the queue:\n%s", m, q)
	}
	// Flagged first, then the longest waiting; the satisfied, solved case
	// is not open.
	i1, i2 := strings.Index(q, "Export keeps failing"), strings.Index(q, "Still waiting")
	if i1 < 0 || i2 < 0 || i1 > i2 || strings.Contains(q, "Certificates missing") || !strings.Contains(q, `class="rating rating-not_satisfied"`) {
		t.Fatalf("open queue:\n%s", q)
	}
	only := wantStatus(t, b.get("/console/queue?status=&attention=1"), 200).body
	if !strings.Contains(only, "Export keeps failing") || strings.Contains(only, "Still waiting") || strings.Contains(only, "Certificates missing") ||
		!strings.Contains(only, `<option value="1" selected>Needs attention only</option>`) {
		t.Fatalf("attention filter:\n%s", only)
	}

	cp := wantStatus(t, b.get("/console/cases/"+unhappy), 200).body
	for _, want := range []string{`id="needs-attention"`, `<span class="rating rating-not_satisfied" id="case-rating">Not satisfied</span>`,
		"by Olivia Owner, ", "Still fails &lt;script&gt;alert(1)&lt;/script&gt;\nsee log", "Customer satisfaction"} {
		if !strings.Contains(cp, want) {
			t.Fatalf("case page lacks %q:\n%s", want, cp)
		}
	}
	if strings.Contains(cp, "<script>") {
		t.Fatal("the comment was not escaped")
	}
	hp := wantStatus(t, b.get("/console/cases/"+happy), 200).body
	if strings.Contains(hp, `id="needs-attention"`) || !strings.Contains(hp, "No comment given.") || !strings.Contains(hp, ">Satisfied</span>") {
		t.Fatalf("satisfied case page:\n%s", hp)
	}

	counts := wantStatus(t, b.get("/console/counts"), 200).body
	row := regexp.MustCompile(`<td>Sam Support</td><td class="num">(\d+)</td><td class="num">(\d+)</td><td class="num">([^<]+)</td>`)
	if m := row.FindStringSubmatch(counts); m == nil || m[1] != "1" || m[2] != "1" || m[3] != "50%" {
		t.Fatalf("agent row %v:\n%s", m, counts)
	}
	if !strings.Contains(counts, `<td>Courses</td><td class="num">1</td><td class="num">1</td><td class="num">50%</td>`) ||
		!strings.Contains(counts, `<strong id="csat-percent">50%</strong>`) {
		t.Fatalf("counts page:\n%s", counts)
	}
	b.lang = "de"
	de := wantStatus(t, b.get("/console/counts?lang=de"), 200).body
	if !strings.Contains(de, "Kundenzufriedenheit") || !strings.Contains(de, `<td>Kurse</td><td class="num">1</td><td class="num">1</td><td class="num">50 %</td>`) {
		t.Fatalf("German counts page:\n%s", de)
	}
	if q := wantStatus(t, b.get("/console/queue"), 200).body; !strings.Contains(q, ">Handlungsbedarf</span>") {
		t.Fatalf("German badge missing:\n%s", q)
	}

	// The reply clears the flag: no badge, and the solved case leaves the
	// open queue.
	cpage := wantStatus(t, b.get("/console/cases/"+unhappy+"?lang=en"), 200)
	commentID := regexp.MustCompile(`name="commentId" value="([^"]+)"`).FindStringSubmatch(cpage.body)[1]
	wantStatus(t, b.do("POST", "/console/cases/"+unhappy+"/reply", url.Values{"csrf": {tok}, "commentId": {commentID}, "body": {"Sorry, we look again."}}), http.StatusSeeOther)
	q = wantStatus(t, b.get("/console/queue"), 200).body
	if badge.MatchString(q) || strings.Contains(q, "Export keeps failing") {
		t.Fatalf("queue after the reply:\n%s", q)
	}
	if cp := wantStatus(t, b.get("/console/cases/"+unhappy), 200).body; strings.Contains(cp, `id="needs-attention"`) || !strings.Contains(cp, `id="case-rating"`) {
		t.Fatalf("case page after the reply:\n%s", cp)
	}
}

func TestSatisfactionCountsEmpty(t *testing.T) {
	e := newEnv(t)
	b := e.browser()
	b.agent()
	p := wantStatus(t, b.get("/console/counts"), 200).body
	if !strings.Contains(p, `id="csat-empty"`) || !strings.Contains(p, `<strong id="csat-percent">–</strong>`) {
		t.Fatalf("counts without ratings:\n%s", p)
	}
}
