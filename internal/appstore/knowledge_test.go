package appstore_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"math"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"supportportal/internal/appstore"
	"supportportal/internal/must"
	"supportportal/internal/portal"
)

var ctx = context.Background()

func art(src, locale, cat, title, summary, body string, tags ...string) portal.ArticleInput {
	return portal.ArticleInput{SourceID: src, Locale: locale, CategoryPath: cat, Title: title, Summary: summary, Body: body, Tags: tags}
}

// fixture is a small knowledge base with near-miss distractors so that
// ranking tests mean something.
func fixture(t testing.TB) (*appstore.DB, *appstore.Knowledge) {
	t.Helper()
	db := openTemp(t)
	kb := appstore.NewKnowledge(db)
	arts := []portal.ArticleInput{
		art("attach", "en", "Cases/Attachments", "Adding attachments to a case",
			"Attach screenshots and log files so support can reproduce the problem.",
			"Open the case, choose **Add file** and pick one or more files. Screenshots help a lot. Attached files are limited to 20 MB each.", "files", "screenshots"),
		art("attach", "de", "Cases/Attachments", "Anhänge zu einem Fall hinzufügen",
			"Hängen Sie Screenshots und Protokolldateien an.",
			"Öffnen Sie den Fall, wählen Sie **Datei hinzufügen** und wählen Sie Dateien aus. Anhänge dürfen je 20 MB groß sein."),
		art("password", "en", "Access/Sign in", "Resetting your password",
			"Forgot your password? Request a reset link by email.",
			"On the sign-in page choose *Forgot password*. We email you a link that is valid for one hour. Follow it and choose a new password."),
		art("users", "en", "Access/Users", "The four-user limit",
			"Each customer account can have up to four portal users.",
			"If your team needs more people, use a shared mailbox or distribution list. To make room, deactivate one user in My Account."),
		art("create", "en", "Cases", "Creating a case",
			"Describe your problem so the right engineer picks it up.",
			"Fill in the Subject, choose the Component Category and Subcategory, and write a Description. While you type, the panel beside the form suggests articles that may already answer your question."),
		art("settings", "en", "Account", "Changing language, locale and time zone",
			"My Settings controls how the portal shows dates and text.",
			"Open My Settings to choose the language of the portal, the locale used for dates and numbers, and your time zone."),
		art("export", "en", "Reports", "Exporting reports to spreadsheets",
			"Export any report as a spreadsheet file.",
			"Reports can be exported. The export contains every column of the report. Attachments of cases are not part of the export."),
	}
	if _, err := kb.ImportBatch(ctx, []portal.CategoryInput{{Path: "Cases", Names: map[string]string{"en": "Cases", "de": "Fälle"}}}, arts); err != nil {
		t.Fatalf("import: %v", err)
	}
	return db, kb
}

func search(t testing.TB, kb *appstore.Knowledge, text string) portal.SearchResults {
	t.Helper()
	res, err := kb.Search(ctx, portal.SearchQuery{Text: text})
	if err != nil {
		t.Fatalf("search %q: %v", text, err)
	}
	return res
}

func firstSource(res portal.SearchResults) string {
	if len(res.Hits) == 0 {
		return ""
	}
	return res.Hits[0].SourceID
}

func TestSearchRanking(t *testing.T) {
	_, kb := fixture(t)
	cases := []struct{ q, want string }{
		{"Adding attachments to a case", "attach"}, // exact title
		{"attachments", "attach"},                  // title beats body mention
		{"atachments", "attach"},                   // one typo (9+ letters allow two)
		{"attachmnet", "attach"},                   // transposition
		{"pasword", "password"},                    // one typo, 7 letters
		{"attaching", "attach"},                    // stemmed form
		{"resets", "password"},                     // stemmed form
		{"passw", "password"},                      // prefix of the word being typed
		{"deactivate user", "users"},
		{"how many portal usres can we have", "users"}, // a typo in a whole question
		{"how many portal users can we have", "users"},
		{"Hi, I'm trying to figure out how I can add more colleagues to the portal because our team has grown and it says we have reached the limit of users, what should we do about it please?", "users"},
		{"I forgot what my password was and I cannot sign in anymore, how do I get a new one sent to my email address so that I can log in to the portal again today?", "password"},
	}
	for _, c := range cases {
		t.Run(c.q, func(t *testing.T) {
			res := search(t, kb, c.q)
			if got := firstSource(res); got != c.want {
				t.Errorf("search %q: first = %q, want %q (%d hits)", c.q, got, c.want, len(res.Hits))
			}
		})
	}
}

func TestSearchCorrectionsReported(t *testing.T) {
	_, kb := fixture(t)
	res := search(t, kb, "pasword reset")
	if res.Corrections["pasword"] != "password" {
		t.Fatalf("corrections = %v", res.Corrections)
	}
	// Short words are not corrected: "cas" is not "case".
	res = search(t, kb, "xyz ")
	if res.Total != 0 || len(res.Corrections) != 0 {
		t.Fatalf("xyz: %+v", res)
	}
}

// NoCorrect ("search for the original words") searches the words as typed:
// no correction is made or reported, while inflections and the completion
// of a word being typed still count.
func TestSearchNoCorrectSearchesWordsAsTyped(t *testing.T) {
	_, kb := fixture(t)
	corrected := search(t, kb, "pasword")
	if corrected.Corrections["pasword"] != "password" || firstSource(corrected) != "password" {
		t.Fatalf("corrected search: corrections %v, first %q", corrected.Corrections, firstSource(corrected))
	}
	for _, q := range []string{"pasword", "pasword ", "pasword reset", "attachmnet"} {
		t.Run(q, func(t *testing.T) {
			res, err := kb.Search(ctx, portal.SearchQuery{Text: q, NoCorrect: true})
			if err != nil {
				t.Fatalf("search %q: %v", q, err)
			}
			if len(res.Corrections) != 0 {
				t.Errorf("%q: corrections %v, want none", q, res.Corrections)
			}
			for _, h := range res.Hits {
				if strings.Contains(h.Snippet, "<mark>password") || strings.Contains(h.Snippet, "<mark>attach") {
					t.Errorf("%q: hit %q marks a corrected word: %s", q, h.SourceID, h.Snippet)
				}
			}
			if q == "pasword" || q == "pasword " || q == "attachmnet" {
				if res.Total != 0 || len(res.Hits) != 0 {
					t.Errorf("%q: %d hits (total %d), want none: no article has the word as typed", q, len(res.Hits), res.Total)
				}
			}
		})
	}
	// Words as typed still find their inflections and completions.
	for q, want := range map[string]string{"attaching": "attach", "passw": "password", "resets": "password"} {
		t.Run(q, func(t *testing.T) {
			res, err := kb.Search(ctx, portal.SearchQuery{Text: q, NoCorrect: true})
			if err != nil {
				t.Fatalf("search %q: %v", q, err)
			}
			if got := firstSource(res); got != want {
				t.Errorf("NoCorrect %q: first %q, want %q", q, got, want)
			}
		})
	}
}

func TestSearchSnippetIsSafeHTML(t *testing.T) {
	db, kb := fixture(t)
	_ = db
	_, err := kb.ImportBatch(ctx, nil, []portal.ArticleInput{
		art("xss", "en", "", "Script tags in titles", "", "Some <script>alert(1)</script> text about zebrafish & \ue000forged\ue001 markers."),
	})
	if err != nil {
		t.Fatal(err)
	}
	res := search(t, kb, "zebrafish")
	if len(res.Hits) != 1 {
		t.Fatalf("hits = %d", len(res.Hits))
	}
	snip := res.Hits[0].Snippet
	if !strings.Contains(snip, "<mark>zebrafish</mark>") {
		t.Errorf("snippet lacks mark: %q", snip)
	}
	rest := strings.ReplaceAll(strings.ReplaceAll(snip, "<mark>", ""), "</mark>", "")
	if strings.ContainsAny(rest, "<>") || strings.Contains(snip, "forged</mark>") {
		t.Errorf("snippet has markup besides <mark>: %q", snip)
	}
}

func TestSnippetHTML(t *testing.T) {
	for in, want := range map[string]string{
		"a \ue000b\ue001 <c>":       "a <mark>b</mark> &lt;c&gt;",
		"\ue000open":                "<mark>open</mark>",
		"close\ue001 \ue000\ue000x": "close <mark>x</mark>",
		"bad \xff utf8":             "bad \ufffd utf8",
		"Heading\nText\n\nmore":     "Heading<br>Text<br>more",
	} {
		t.Run(in, func(t *testing.T) {
			if got := appstore.SnippetHTML(in); got != want {
				t.Errorf("SnippetHTML(%q) = %q, want %q", in, got, want)
			}
		})
	}
}

// Every one of these must return normally: user text never reaches the FTS
// query syntax raw.
var hostile = []string{
	``, ` `, `"`, `""`, `"unbalanced`, `'`, `*`, `**`, `attach*`, `-`, `-attach`, `--`, `:`, `title:attach`,
	`title : x`, `(`, `)`, `(attach`, `attach)`, `()`, `AND`, `OR`, `NOT`, `NEAR`, `attach AND`, `OR attach`,
	`NOT attach`, `NEAR(attach case, 2)`, `attach NEAR case`, `a OR b AND NOT c`, `^attach`, `{title}: x`,
	`+`, `attach + case`, `\`, `\"`, `%`, `_`, `'; DROP TABLE kb_article; --`, `😀`, `📎 attachment 📎`,
	`👩‍👩‍👧‍👦`, `مرفقات الحالة`, `קובץ מצורף`, "\u202eattach\u202c", "\x00", "attach\x00case", "\x01\x02\x1b[31m",
	"\t\n\r", "\ufeff", "\ue000mark\ue001", "\xff\xfe invalid utf8", strings.Repeat("attachment ", 1000),
	strings.Repeat("x", 10240), strings.Repeat(`"*(:-`, 2048), strings.Repeat("ä", 5000), "NEAR/3", "NEAR(",
	"a\"b", "case\"\"", "attach* OR ((password", "ärger über äöü ß", "İstanbul ǅ ﬁle", "0", "1e9", "-1",
}

func TestSearchHostileInput(t *testing.T) {
	_, kb := fixture(t)
	for _, q := range hostile {
		for _, cat := range []string{"", "no-such-category"} {
			res, err := kb.Search(ctx, portal.SearchQuery{Text: q, CategoryID: cat, Limit: 5})
			if cat != "" {
				if portal.ErrorCode(err) != portal.ENotFound {
					t.Errorf("search %.40q with bad category: err = %v", q, err)
				}
				continue
			}
			if err != nil {
				t.Errorf("search %.40q: %v", q, err)
			}
			if res.Hits == nil {
				t.Errorf("search %.40q: nil hits", q)
			}
		}
		if _, err := kb.Suggest(ctx, "en", q, q); err != nil {
			t.Errorf("suggest %.40q: %v", q, err)
		}
	}
}

func TestSearchCategoryFilterAndPaging(t *testing.T) {
	_, kb := fixture(t)
	cats, err := kb.Categories(ctx, "en")
	if err != nil {
		t.Fatal(err)
	}
	var casesID string
	for _, c := range cats {
		if c.Path == "Cases" {
			casesID = c.ID
			// create + attach(en; de hidden in English UI)
			if c.ArticleCount != 2 || len(c.Children) != 1 || c.Children[0].Path != "Cases/Attachments" {
				t.Errorf("Cases = %+v", c)
			}
		}
	}
	// "case" appears in Cases articles and in the Reports export article.
	all := search(t, kb, "case")
	res, err := kb.Search(ctx, portal.SearchQuery{Text: "case", CategoryID: casesID})
	if err != nil {
		t.Fatal(err)
	}
	if res.Total != 2 || all.Total <= res.Total {
		t.Fatalf("category total = %d, all = %d", res.Total, all.Total)
	}
	for _, h := range res.Hits {
		if !strings.HasPrefix(h.CategoryPath, "Cases") {
			t.Errorf("hit outside category: %s", h.CategoryPath)
		}
	}
	p1, _ := kb.Search(ctx, portal.SearchQuery{Text: "case", Limit: 1})
	p2, _ := kb.Search(ctx, portal.SearchQuery{Text: "case", Limit: 1, Offset: 1})
	if len(p1.Hits) != 1 || len(p2.Hits) != 1 || p1.Hits[0].ID == p2.Hits[0].ID || p1.Total != all.Total {
		t.Fatalf("paging: %+v / %+v", p1, p2)
	}
	past, _ := kb.Search(ctx, portal.SearchQuery{Text: "case", Offset: 100})
	if len(past.Hits) != 0 || past.Total != all.Total {
		t.Fatalf("past the end: %+v", past)
	}
}

func TestSearchLocaleFallback(t *testing.T) {
	_, kb := fixture(t)
	// German UI: the German version of "attach", English of the rest.
	res, err := kb.Search(ctx, portal.SearchQuery{Text: "Anhänge", Language: "de"})
	if err != nil || firstSource(res) != "attach" || res.Hits[0].Locale != "de" {
		t.Fatalf("de search: %+v %v", res, err)
	}
	res, _ = kb.Search(ctx, portal.SearchQuery{Text: "password", Language: "de"})
	if firstSource(res) != "password" || res.Hits[0].Locale != "en" {
		t.Fatalf("fallback to English: %+v", res)
	}
	// A German stem: "Anhang" finds "Anhänge".
	res, _ = kb.Search(ctx, portal.SearchQuery{Text: "anhang", Language: "de"})
	if firstSource(res) != "attach" {
		t.Fatalf("german stem: %+v", res)
	}
	// English UI never shows the German version.
	res, _ = kb.Search(ctx, portal.SearchQuery{Text: "Anhänge", Language: "en"})
	for _, h := range res.Hits {
		if h.Locale != "en" {
			t.Fatalf("English UI got %s", h.Locale)
		}
	}
}

func TestSuggestWeighsSubject(t *testing.T) {
	_, kb := fixture(t)
	hits, err := kb.Suggest(ctx, "en", "password reset", "I also have a problem with report export and attachments")
	if err != nil {
		t.Fatal(err)
	}
	if len(hits) == 0 || hits[0].SourceID != "password" || len(hits) > 5 {
		t.Fatalf("suggest: %+v", hits)
	}
	hits, _ = kb.Suggest(ctx, "en", "", "")
	if len(hits) != 0 {
		t.Fatalf("empty suggest: %+v", hits)
	}
}

func TestReimportUpdatesInPlace(t *testing.T) {
	_, kb := fixture(t)
	before := search(t, kb, "resetting password").Hits[0]
	a := art("password", "en", "Access/Sign in", "Resetting your password", "Forgot your password? Request a reset link by email.",
		"New body mentioning quokkas.")
	out, err := kb.ImportBatch(ctx, nil, []portal.ArticleInput{a, art("attach", "de", "Cases/Attachments", "Anhänge zu einem Fall hinzufügen",
		"Hängen Sie Screenshots und Protokolldateien an.",
		"Öffnen Sie den Fall, wählen Sie **Datei hinzufügen** und wählen Sie Dateien aus. Anhänge dürfen je 20 MB groß sein.")})
	if err != nil {
		t.Fatal(err)
	}
	if out[0] != portal.ImportUpdated || out[1] != portal.ImportUnchanged {
		t.Fatalf("outcomes = %v", out)
	}
	res := search(t, kb, "quokkas")
	if res.Total != 1 || res.Hits[0].ID != before.ID {
		t.Fatalf("updated article: %+v (id before %s)", res, before.ID)
	}
	if n, _ := kb.ArticleCount(ctx); n != 7 {
		t.Fatalf("count = %d", n)
	}
	v, err := kb.Article(ctx, "en", before.ID)
	if err != nil || v.Version != 2 || !strings.Contains(v.BodyHTML, "quokkas") {
		t.Fatalf("view: %+v %v", v, err)
	}
}

// Articles are indexed in bulk per batch rather than by a trigger (see
// importer.indexPending); an update of an article inserted earlier in the
// same batch, and a translation that changes the filter tokens of an
// article from an earlier batch, must still leave both indexes consistent.
func TestImportKeepsIndexConsistent(t *testing.T) {
	db, kb := fixture(t)
	_, err := kb.ImportBatch(ctx, nil, []portal.ArticleInput{
		art("new", "en", "Cases", "Wombat care", "Summary", "First body about wombats."),
		art("new", "en", "Cases", "Wombat care", "Summary", "Second body about numbats."),
		art("password", "de", "Access/Sign in", "Passwort zurücksetzen", "Passwort vergessen?", "Wählen Sie Passwort vergessen."),
	})
	if err != nil {
		t.Fatal(err)
	}
	checkIndexes(t, db)
	if res := search(t, kb, "numbats"); res.Total != 1 {
		t.Fatalf("numbats: %+v", res)
	}
	if res := search(t, kb, "wombats"); res.Total != 1 { // the title still says wombat
		t.Fatalf("wombats: %+v", res)
	}
	res, _ := kb.Search(ctx, portal.SearchQuery{Text: "passwort", Language: "de"})
	if firstSource(res) != "password" || res.Hits[0].Locale != "de" {
		t.Fatalf("de translation: %+v", res)
	}
	res, _ = kb.Search(ctx, portal.SearchQuery{Text: "password reset link", Language: "de"})
	for _, h := range res.Hits {
		if h.SourceID == "password" {
			t.Fatalf("the German translation must hide the English version: %+v", res)
		}
	}
}

// checkIndexes runs FTS5's integrity check of both full-text indexes
// against the articles.
func checkIndexes(t *testing.T, db *appstore.DB) {
	t.Helper()
	for _, tbl := range []string{"kb_fts", "kb_head"} {
		if _, err := inFile(t, db).Exec(`INSERT INTO ` + tbl + `(` + tbl + `, rank) VALUES ('integrity-check', 1)`); err != nil {
			t.Fatalf("%s: %v", tbl, err)
		}
	}
}

// A store created before articles were indexed in bulk has an insert
// trigger that would index them a second time; import removes it.
func TestImportDropsOldInsertTrigger(t *testing.T) {
	db := openTemp(t)
	if _, err := inFile(t, db).Exec(`CREATE TRIGGER kb_article_ai AFTER INSERT ON kb_article BEGIN
		INSERT INTO kb_fts (rowid, title, summary, headings_text, body_text, tags_text, vis)
		VALUES (new.rowid, new.title, new.summary, new.headings_text, new.body_text, new.tags_text, new.vis);
		INSERT INTO kb_head (rowid, title, summary, tags_text, vis)
		VALUES (new.rowid, new.title, new.summary, new.tags_text, new.vis);
	END`); err != nil {
		t.Fatal(err)
	}
	kb := appstore.NewKnowledge(db)
	if _, err := kb.ImportBatch(ctx, nil, []portal.ArticleInput{art("w", "en", "", "Wombat care", "", "Wombats.")}); err != nil {
		t.Fatal(err)
	}
	checkIndexes(t, db)
	if res := search(t, kb, "wombat"); res.Total != 1 {
		t.Fatalf("wombat: %+v", res)
	}
}

func TestArticleViewLanguageAndRecent(t *testing.T) {
	_, kb := fixture(t)
	en := search(t, kb, "attachments").Hits[0]
	// Opening the English id in a German UI shows the German version.
	v, err := kb.Article(ctx, "de", en.ID)
	if err != nil || v.Locale != "de" || len(v.Translations) != 2 {
		t.Fatalf("de view: %+v %v", v, err)
	}
	if strings.Join(v.CategoryNames, "/") != "Fälle/Attachments" {
		t.Errorf("category names = %v", v.CategoryNames)
	}
	if !strings.Contains(v.BodyHTML, "<strong>Datei hinzufügen</strong>") {
		t.Errorf("body html = %s", v.BodyHTML)
	}
	// An article with no German version falls back to English.
	pw := search(t, kb, "password").Hits[0]
	v2, err := kb.Article(ctx, "de", pw.ID)
	if err != nil || v2.Locale != "en" {
		t.Fatalf("fallback view: %+v %v", v2, err)
	}
	if _, err := kb.Article(ctx, "en", "0190c6a8-0000-7000-8000-000000000000"); portal.ErrorCode(err) != portal.ENotFound {
		t.Fatalf("unknown id: %v", err)
	}
	rec, err := kb.Recent(ctx, "en", 10)
	if err != nil || len(rec) != 2 || rec[0].SourceID != "password" || rec[1].SourceID != "attach" || rec[1].Locale != "en" {
		t.Fatalf("recent: %+v %v", rec, err)
	}
}

func TestFeedbackStoredAndQueued(t *testing.T) {
	db, kb := fixture(t)
	id := search(t, kb, "password").Hits[0].ID
	if err := kb.Feedback(ctx, id, true); err != nil {
		t.Fatal(err)
	}
	if err := kb.Feedback(ctx, id, false); err != nil {
		t.Fatal(err)
	}
	// Nothing in the app reads the votes back; the stored rows have them.
	var n, helpful int
	must.Do(inFile(t, db).QueryRow(`SELECT count(*), sum(helpful) FROM kb_feedback WHERE article_id = ?`, id).Scan(&n, &helpful))
	if n != 2 || helpful != 1 {
		t.Fatalf("feedback rows = %d helpful = %d", n, helpful)
	}
	ms, err := db.PendingMutations(ctx, 100)
	if err != nil {
		t.Fatal(err)
	}
	var got []map[string]any
	for _, m := range ms {
		if m.Kind != "article.feedback" {
			t.Errorf("kind = %s", m.Kind)
		}
		var p map[string]any
		must.Do(json.Unmarshal(m.Payload, &p))
		got = append(got, p)
	}
	if len(got) != 2 || got[0]["articleId"] != id || got[0]["helpful"] != true || got[1]["helpful"] != false {
		t.Fatalf("outbox = %v", got)
	}
	if err := kb.Feedback(ctx, "nope", true); portal.ErrorCode(err) != portal.ENotFound {
		t.Fatalf("unknown article: %v", err)
	}
}

func TestArticlesListing(t *testing.T) {
	_, kb := fixture(t)
	page, err := kb.Articles(ctx, "de", "", 0, 3)
	if err != nil {
		t.Fatal(err)
	}
	if page.Total != 6 || len(page.Items) != 3 {
		t.Fatalf("page = %+v", page)
	}
	if _, err := kb.Articles(ctx, "en", "missing", 0, 10); portal.ErrorCode(err) != portal.ENotFound {
		t.Fatalf("missing category: %v", err)
	}
}

func TestImportValidation(t *testing.T) {
	_, kb := fixture(t)
	for i, a := range []portal.ArticleInput{
		art("", "en", "", "t", "", ""),
		art("x", "english", "", "t", "", ""),
		art("x", "en", "", "  ", "", ""),
	} {
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			if _, err := kb.ImportBatch(ctx, nil, []portal.ArticleInput{a}); portal.ErrorCode(err) != portal.EInvalid {
				t.Errorf("%+v: err = %v", a, err)
			}
		})
	}
	_ = fmt.Sprint
}

// In a large knowledge base a word found in most articles ("course" in an
// LMS vendor's) does not narrow a search that has rarer words: an article
// about the rare words is found even without the common one, and the
// common word alone still searches.
func TestSearchIgnoresWordsInMostArticlesBesideRarerOnes(t *testing.T) {
	db := openTemp(t)
	kb := appstore.NewKnowledge(db)
	var arts []portal.ArticleInput
	for i := range 1200 {
		body := fmt.Sprintf("Every course has settings number %d.", i)
		if i < 3 { // the common word and the rare one, in passing
			body += " Teachers see the course in their gradebook."
		}
		arts = append(arts, art(fmt.Sprintf("filler-%d", i), "en", "Courses", fmt.Sprintf("Course topic %d", i),
			"About a course.", body))
	}
	arts = append(arts, art("gradebook", "en", "Reports", "Gradebook export stops early",
		"When the export of grades stops.", "The gradebook export stops at ten percent; choose All terms first."))
	if _, err := kb.ImportBatch(ctx, nil, arts); err != nil {
		t.Fatal(err)
	}
	if got := firstSource(search(t, kb, "course gradebook")); got != "gradebook" {
		t.Fatalf("course gradebook: first = %q", got)
	}
	if res := search(t, kb, "course"); res.Total < 1000 {
		t.Fatalf("the common word alone found %d articles", res.Total)
	}
}

// A heading or list item ends with a break in the indexed text and in the
// snippet, in Markdown and HTML bodies alike, instead of running into the
// next sentence ("Which one to use Use the Help Documents").
func TestTextBreaksAfterHeadingsAndListItems(t *testing.T) {
	_, kb := fixture(t)
	html := art("html", "en", "", "Wombat feeding in HTML", "", "<h2>Which wombat to feed</h2><p>Feed the oldest wombat first.</p><ul><li>Carrots</li><li>Grass</li></ul>")
	html.BodyFormat = portal.BodyHTML
	_, err := kb.ImportBatch(ctx, nil, []portal.ArticleInput{
		art("md", "en", "", "Quokka feeding in Markdown", "", "## Which quokka to feed\n\nFeed the oldest quokka first.\n\n- Carrots\n- Grass\n"),
		html,
	})
	if err != nil {
		t.Fatal(err)
	}
	for q, want := range map[string]string{
		"quokka": "Which <mark>quokka</mark> to feed<br>Feed the oldest <mark>quokka</mark> first.<br>Carrots<br>Grass",
		"wombat": "Which <mark>wombat</mark> to feed<br>Feed the oldest <mark>wombat</mark> first.<br>Carrots<br>Grass",
	} {
		t.Run(q, func(t *testing.T) {
			res := search(t, kb, q)
			if len(res.Hits) != 1 || res.Hits[0].Snippet != want {
				t.Errorf("search %q: snippet %q, want %q (%d hits)", q, firstSnippet(res), want, len(res.Hits))
			}
		})
	}
}

func firstSnippet(res portal.SearchResults) string {
	if len(res.Hits) == 0 {
		return ""
	}
	return res.Hits[0].Snippet
}

// A corrected word weighs less than the heaviest word of the question found
// as typed, even when the correction is the rarer word (higher idf).
func TestSearchCorrectionWeighsLessThanExactWord(t *testing.T) {
	_, kb := fixture(t)
	arts := []portal.ArticleInput{
		art("rare", "en", "", "Quokka enclosure", "", "The quokka enclosure opens at nine."),
		art("exact", "en", "", "Feeding timetable", "", "The timetable lists every feeding."),
	}
	for i := 0; i < 8; i++ { // "timetable" in 3 of 10 articles, "quokka" in one
		body := "A map of the buses."
		if i < 2 {
			body = "A timetable of the buses."
		}
		arts = append(arts, art(fmt.Sprintf("t%d", i), "en", "", fmt.Sprintf("Bus %d", i), "", body))
	}
	if _, err := kb.ImportBatch(ctx, nil, arts); err != nil {
		t.Fatal(err)
	}
	res := search(t, kb, "quokak feeding timetable")
	if res.Corrections["quokak"] != "quokka" {
		t.Fatalf("corrections = %v", res.Corrections)
	}
	if got := firstSource(res); got != "exact" {
		t.Errorf("first hit %q, want the article with the words as typed (hits %+v)", got, res.Hits)
	}
	res = search(t, kb, "quokak timetable")
	var rare, exact int
	for i, h := range res.Hits {
		switch h.SourceID {
		case "rare":
			rare = i
		case "exact":
			exact = i
		}
	}
	if len(res.Hits) < 2 || res.Hits[0].Score < 0 || rare < exact {
		t.Errorf("quokak timetable: the corrected word outranked the exact one: %+v", res.Hits)
	}
}

// The server's popularity prior puts the more popular of two equally
// matching articles first, in either import order, and follows a new prior
// on a re-import of unchanged text; it never lifts a popular article over
// a clearly better text match.
func TestSearchPopularityPrior(t *testing.T) {
	twin := func(src string, pop float64) portal.ArticleInput {
		a := art(src, "en", "Sign in", "Sign-in troubles", "", "If the sign-in page keeps loading, clear the browser cache.")
		a.Popularity = pop
		return a
	}
	for _, order := range [][2]string{{"plain", "popular"}, {"popular", "plain"}} {
		t.Run(order[0]+" first", func(t *testing.T) {
			_, kb := fixture(t)
			pops := map[string]float64{"plain": 0, "popular": 0.4}
			if _, err := kb.ImportBatch(ctx, nil, []portal.ArticleInput{twin(order[0], pops[order[0]]), twin(order[1], pops[order[1]])}); err != nil {
				t.Fatal(err)
			}
			res := search(t, kb, "sign-in page keeps loading")
			if len(res.Hits) < 2 || res.Hits[0].SourceID != "popular" || res.Hits[1].SourceID != "plain" {
				t.Fatalf("order %v: hits %+v, want popular then plain", order, res.Hits)
			}
			if ratio := res.Hits[0].Score / res.Hits[1].Score; ratio < 1.039 || ratio > 1.041 {
				t.Errorf("order %v: score ratio %.4f, want 1 + 0.1*0.4", order, ratio)
			}
			// Pages of one: the prior reaches past the page, and the second
			// page holds the other article.
			for i, want := range []string{"popular", "plain"} {
				page, err := kb.Search(ctx, portal.SearchQuery{Text: "sign-in page keeps loading", Offset: i, Limit: 1})
				if err != nil || len(page.Hits) != 1 || page.Hits[0].SourceID != want {
					t.Errorf("order %v page %d: %+v %v, want %s", order, i, page.Hits, err, want)
				}
			}
			// Same text, new prior: the other one is now the popular one.
			outcomes, err := kb.ImportBatch(ctx, nil, []portal.ArticleInput{twin("plain", 0.9), twin("popular", 0)})
			if err != nil {
				t.Fatal(err)
			}
			if outcomes[0] != portal.ImportUnchanged || outcomes[1] != portal.ImportUnchanged {
				t.Errorf("re-import outcomes %v, want unchanged (only the prior changed)", outcomes)
			}
			if got := firstSource(search(t, kb, "sign-in page keeps loading")); got != "plain" {
				t.Errorf("order %v after new prior: first %q, want plain", order, got)
			}
		})
	}

	// A clearly better text match wins over the most popular article.
	_, kb := fixture(t)
	popular := art("cache", "en", "Browser", "Browser settings", "", "Some pages load slowly; clearing the cache can help.")
	popular.Popularity = 1
	if _, err := kb.ImportBatch(ctx, nil, []portal.ArticleInput{popular,
		art("slow", "en", "Browser", "Pages load slowly", "Why pages load slowly and what helps.", "Pages load slowly when the network is busy.")}); err != nil {
		t.Fatal(err)
	}
	res := search(t, kb, "pages load slowly")
	if firstSource(res) != "slow" {
		t.Fatalf("first %q, want the better text match (hits %+v)", firstSource(res), res.Hits)
	}
}

func TestImportRefusesPopularityOutOfRange(t *testing.T) {
	_, kb := fixture(t)
	for _, p := range []float64{-0.1, 1.5, math.NaN(), math.Inf(1)} {
		t.Run(fmt.Sprint(p), func(t *testing.T) {
			a := art("p", "en", "", "Prior", "", "Body.")
			a.Popularity = p
			_, err := kb.ImportBatch(ctx, nil, []portal.ArticleInput{a})
			var pe *portal.Error
			if !errors.As(err, &pe) || pe.Reason != portal.ReasonInvalidPopularity {
				t.Errorf("popularity %v: err %v, want invalid_popularity", p, err)
			}
		})
	}
	if res := search(t, kb, "prior"); res.Total != 0 {
		t.Errorf("refused article was stored: %+v", res.Hits)
	}
}

// Headings are a field of their own: a word in an article's heading ranks
// it above an article that has the word once in a body of the same
// length, and the heading text is stored for the index.
func TestSearchHeadingsField(t *testing.T) {
	db := openTemp(t)
	kb := appstore.NewKnowledge(db)
	filler := " Some more words so that both bodies are of the same length here."
	_, err := kb.ImportBatch(ctx, nil, []portal.ArticleInput{
		art("body", "en", "", "Working with the portal", "", "You can archive a case when it is done."+filler),
		art("heading", "en", "", "Working with cases", "", "## Archive a case\n\nWhen a case is done, it can go."+filler),
		art("html", "en", "", "Other things", "", ""),
	})
	if err != nil {
		t.Fatal(err)
	}
	var headings string
	if err := inFile(t, db).QueryRow(`SELECT headings_text FROM kb_article WHERE source_id = 'heading'`).Scan(&headings); err != nil || headings != "Archive a case" {
		t.Fatalf("headings_text = %q, %v", headings, err)
	}
	res := search(t, kb, "archive")
	if got := sources(res); !slices.Equal(got, []string{"heading", "body"}) {
		t.Fatalf("archive: %v, want the article with the heading first", got)
	}
	// HTML bodies have their h1–h6 extracted as well.
	_, err = kb.ImportBatch(ctx, nil, []portal.ArticleInput{{SourceID: "html", Locale: "en", Title: "Other things",
		Body: "<h2>Unarchive  a case</h2><p>Open it again.</p>", BodyFormat: portal.BodyHTML}})
	if err != nil {
		t.Fatal(err)
	}
	if err := inFile(t, db).QueryRow(`SELECT headings_text FROM kb_article WHERE source_id = 'html'`).Scan(&headings); err != nil || headings != "Unarchive a case" {
		t.Fatalf("html headings_text = %q, %v", headings, err)
	}
}

func sources(res portal.SearchResults) []string {
	var out []string
	for _, h := range res.Hits {
		out = append(out, h.SourceID)
	}
	return out
}

// Migrations 0008 and 0009 fill the headings of articles stored by older
// builds, rebuild the index with them and count the index's words.
func TestMigrationFillsHeadings(t *testing.T) {
	path := filepath.Join(t.TempDir(), "old.db")
	if err := appstore.CreateAtVersion(ctx, path, 6); err != nil {
		t.Fatal(err)
	}
	old, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := old.Exec(`INSERT INTO kb_article (id, source_id, locale, title, body, body_text, content_hash, published_at, updated_at)
		VALUES ('a1', 'old', 'en', 'Old article', '# Wombat feeding' || char(10) || char(10) || 'Text.', 'Wombat feeding' || char(10) || 'Text.', 'h', '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z');
		INSERT INTO kb_fts (rowid, title, summary, body_text, tags_text, vis) SELECT rowid, title, summary, body_text, tags_text, vis FROM kb_article;
		INSERT INTO kb_head (rowid, title, summary, tags_text, vis) SELECT rowid, title, summary, tags_text, vis FROM kb_article;`); err != nil {
		t.Fatal(err)
	}
	old.Close()
	db, err := appstore.Open(ctx, path, appstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var headings string
	if err := inFile(t, db).QueryRow(`SELECT headings_text FROM kb_article WHERE id = 'a1'`).Scan(&headings); err != nil || headings != "Wombat feeding" {
		t.Fatalf("headings_text = %q, %v", headings, err)
	}
	if _, err := inFile(t, db).Exec(`INSERT INTO kb_fts (kb_fts, rank) VALUES ('integrity-check', 1)`); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := inFile(t, db).QueryRow(`SELECT count(*) FROM kb_fts WHERE kb_fts MATCH 'headings_text : feeding'`).Scan(&n); err != nil || n != 1 {
		t.Fatalf("headings match: %d, %v", n, err)
	}
	// Migration 0009 counts the stored articles' words.
	if stored, index := termLists(t, db); stored["feeding"] != 1 || !maps.Equal(stored, index) {
		t.Fatalf("kb_term after migration: %v, index %v", stored, index)
	}
	if res := search(t, appstore.NewKnowledge(db), "wombat"); firstSource(res) != "old" {
		t.Fatalf("wombat: %+v", res)
	}
}

// termList reads kb_term, and the same counted from the index (kb_vocab)
// without filter tokens: they must agree after every kind of change.
func termLists(t *testing.T, db *appstore.DB) (stored, index map[string]int) {
	t.Helper()
	read := func(q string) map[string]int {
		rows, err := inFile(t, db).Query(q)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		m := map[string]int{}
		for rows.Next() {
			var w string
			var n int
			if err := rows.Scan(&w, &n); err != nil {
				t.Fatal(err)
			}
			m[w] = n
		}
		return m
	}
	return read(`SELECT term, df FROM kb_term`),
		read(`SELECT term, doc FROM kb_vocab WHERE term NOT GLOB 'kbhide*' AND term NOT GLOB 'kbcat*'`)
}

// The word list search loads (kb_term) is kept by import, update and the
// removal of a server's articles, and matches what the index holds.
func TestTermListFollowsIndex(t *testing.T) {
	db, kb := fixture(t)
	check := func(step string) {
		t.Helper()
		stored, index := termLists(t, db)
		if len(index) == 0 || !maps.Equal(stored, index) {
			for w, n := range index {
				if stored[w] != n {
					t.Errorf("%s: %q: kb_term %d, index %d", step, w, stored[w], n)
				}
			}
			for w, n := range stored {
				if _, ok := index[w]; !ok {
					t.Errorf("%s: %q: kb_term %d, not in the index", step, w, n)
				}
			}
			t.FailNow()
		}
	}
	check("import")
	// An update replaces the article's words; diacritics fold as in the index.
	if _, err := kb.ImportBatch(ctx, nil, []portal.ArticleInput{
		art("password", "en", "Access/Sign in", "Résetting your passwörd", "Naïve café façade", "## Ünïcode heading\n\nBody 42 words_with_underscores."),
	}); err != nil {
		t.Fatal(err)
	}
	check("update")
	if _, err := kb.ImportBatchFrom(ctx, "https://old.example", nil, []portal.ArticleInput{
		art("remote", "en", "Remote", "Wombat husbandry", "", "Numbats and wombats."),
	}); err != nil {
		t.Fatal(err)
	}
	check("server import")
	if err := db.ForgetAccountData(ctx, "https://new.example"); err != nil {
		t.Fatal(err)
	}
	if stored, _ := termLists(t, db); stored["husbandry"] != 0 {
		t.Fatalf("husbandry still counted: %d", stored["husbandry"])
	}
	check("server switch")
}

// The first search after opening a store reads its word list from kb_term,
// not from the index: a word taken out of kb_term is unknown to search
// (spelling, stems and document frequencies all come from the list).
func TestSearchUsesStoredTermList(t *testing.T) {
	db, _ := fixture(t)
	if res := search(t, appstore.NewKnowledge(db), "distribution"); firstSource(res) != "users" {
		t.Fatalf("distribution: %+v", res)
	}
	if _, err := inFile(t, db).Exec(`DELETE FROM kb_term WHERE term = 'distribution'`); err != nil {
		t.Fatal(err)
	}
	kb := appstore.NewKnowledge(db)
	res, err := kb.Search(ctx, portal.SearchQuery{Text: "distribution", NoCorrect: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) != 0 {
		t.Fatalf("distribution without its kb_term row: %+v", sources(res))
	}
}

// largeKB is a knowledge base over the size (1,000 articles) from which
// questions are ranked by rankTop: filler articles sharing common words,
// and a few with rare ones.
func largeKB(t *testing.T) (*appstore.DB, *appstore.Knowledge) {
	t.Helper()
	db := openTemp(t)
	kb := appstore.NewKnowledge(db)
	common := strings.Fields("account user settings export report case page email password portal team list")
	var arts []portal.ArticleInput
	for i := 0; i < 1100; i++ {
		w := func(k int) string { return common[(i*7+k*3)%len(common)] }
		arts = append(arts, art(fmt.Sprintf("filler-%d", i), "en", "Misc",
			fmt.Sprintf("About the %s and %s %d", w(0), w(1), i), "",
			fmt.Sprintf("Open the %s %s, then the %s and the %s. The %s shows the %s.", w(2), w(3), w(4), w(5), w(1), w(6))))
	}
	arts = append(arts,
		art("wombat", "en", "Animals/Marsupials", "Feeding a wombat", "Wombats eat grass and roots.",
			"A wombat grazes at night. Give the wombat fresh grass, roots and water; never bread. Report a sick wombat to the team."),
		art("wombat", "de", "Animals/Marsupials", "Einen Wombat füttern", "Wombats fressen Gras.",
			"Ein Wombat grast nachts. Geben Sie dem Wombat frisches Gras und Wasser."),
		art("numbat", "en", "Animals/Other", "Feeding a numbat", "Numbats eat termites.",
			"A numbat eats termites by day. Report a sick numbat to the team; give it water."),
	)
	if _, err := kb.ImportBatch(ctx, nil, arts); err != nil {
		t.Fatal(err)
	}
	return db, kb
}

// A question to a large knowledge base ranks every article with any of its
// words (rankTop): the article holding its rare words comes first however
// many articles share its common ones, with the language and category
// filters of every search.
func TestLongQuestionRanksAllMatches(t *testing.T) {
	db, kb := largeKB(t)
	q := "hello, what should I give my wombat to eat at night, grass or bread? and where do I report the account settings of the team page"
	res, err := kb.Search(ctx, portal.SearchQuery{Text: q, Limit: 5})
	if err != nil {
		t.Fatal(err)
	}
	if firstSource(res) != "wombat" || res.Hits[0].Locale != "en" || res.Total < 1000 || !res.TotalCapped {
		t.Fatalf("question: %v total %d capped %v", sources(res), res.Total, res.TotalCapped)
	}
	if !strings.Contains(res.Hits[0].Snippet, "<mark>") {
		t.Errorf("snippet without a match: %q", res.Hits[0].Snippet)
	}
	// German UI: the German version instead of the English one.
	res, err = kb.Search(ctx, portal.SearchQuery{Text: q, Limit: 20, Language: "de"})
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range res.Hits {
		if h.SourceID == "wombat" && h.Locale != "de" {
			t.Fatalf("de: English wombat shown: %v", sources(res))
		}
	}
	// Category filter: only articles of Animals (and its subcategories).
	var cat string
	if err := inFile(t, db).QueryRow(`SELECT id FROM kb_category WHERE path = 'Animals'`).Scan(&cat); err != nil {
		t.Fatal(err)
	}
	res, err = kb.Search(ctx, portal.SearchQuery{Text: "sick numbat termites water team report page account list", CategoryID: cat, Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	if got := sources(res); !slices.Equal(got, []string{"numbat", "wombat"}) || res.Total != 2 {
		t.Fatalf("category: %v total %d", got, res.Total)
	}
	// An import changes the index: postings read before are not reused.
	if _, err := kb.ImportBatch(ctx, nil, []portal.ArticleInput{
		art("wombat2", "en", "Animals/Marsupials", "Wombat night feeding: grass, roots, never bread", "What a wombat eats at night.",
			"Wombat wombat: grass at night, roots at night, never bread. Give a wombat grass."),
	}); err != nil {
		t.Fatal(err)
	}
	res, err = kb.Search(ctx, portal.SearchQuery{Text: q, Limit: 5})
	if err != nil {
		t.Fatal(err)
	}
	if got := sources(res); len(got) < 2 || !slices.Contains(got[:2], "wombat2") {
		t.Fatalf("after import: %v", got)
	}
	// Suggestions for a case take the same path.
	hits, err := kb.Suggest(ctx, "en", "Sick numbat", "our numbat does not eat its termites any more, what should the team report on the account page?")
	if err != nil {
		t.Fatal(err)
	}
	if len(hits) == 0 || hits[0].SourceID != "numbat" {
		t.Fatalf("suggest: %+v", hits)
	}
}

// A store whose rowids are far apart (an article with a huge rowid) keeps
// the tiers for questions rather than arrays as long as its highest rowid.
func TestLongQuestionSparseRowids(t *testing.T) {
	db, kb := largeKB(t)
	f := inFile(t, db)
	if _, err := f.Exec(`INSERT INTO kb_article (rowid, id, source_id, locale, title, body, body_text, content_hash, published_at, updated_at)
			VALUES (2000000000, 'far', 'far', 'en', 'Quokka care', 'Quokkas smile.', 'Quokkas smile and eat leaves.', 'h', '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z');
		INSERT INTO kb_fts (rowid, title, summary, headings_text, body_text, tags_text, vis)
			SELECT rowid, title, summary, headings_text, body_text, tags_text, vis FROM kb_article WHERE rowid = 2000000000;
		INSERT INTO kb_head (rowid, title, summary, tags_text, vis)
			SELECT rowid, title, summary, tags_text, vis FROM kb_article WHERE rowid = 2000000000;
		INSERT INTO kb_term (term, df) VALUES ('quokka', 1), ('quokkas', 1), ('smile', 1), ('leaves', 1)
			ON CONFLICT (term) DO UPDATE SET df = df + 1;
		UPDATE kb_meta SET generation = generation + 1`); err != nil {
		t.Fatal(err)
	}
	res, err := kb.Search(ctx, portal.SearchQuery{Text: "why does my quokka smile while it eats leaves on the team page of the account", Limit: 5})
	if err != nil {
		t.Fatal(err)
	}
	if firstSource(res) != "far" {
		t.Fatalf("sparse rowids: %v", sources(res))
	}
}
