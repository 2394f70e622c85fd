// Package kbbench generates a deterministic knowledge-base corpus of
// support articles and search queries drawn from it, for benchmarks.
package kbbench

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"supportportal/internal/portal"
)

// Real support vocabulary; the generator adds product-specific terms made
// from these so that the vocabulary has a realistic long tail.
var baseWords = strings.Fields(`account access activate activation address admin administrator alert
api application approve archive assign attach attachment audit authenticate authentication
authorization backup banner batch billing browser bug cache calendar cancel case category certificate
change channel chart checkout client close cloud column comment company component configuration
configure connect connection console contact contract cookie copy course create credential csv
customer dashboard data database date deactivate default delete deploy description device disable
display document domain download draft duplicate edit email enable enrollment error event export
failure feature field file filter folder form format gateway grade group guest help history
import install instance integration invoice issue job key language launch layout learner license
limit link list locale lock log login logout mailbox manager mapping message migrate mobile module
monitor network notification option order organization owner package page password payment
permission phone plugin policy portal preference priority privacy profile proxy quiz quota record
redirect refresh region register release report request reset restore role rule schedule schema
score screenshot search section security server session setting share signature single slow
solution sort space status storage subcategory subject submit subscription support sync system tab
table template tenant test theme ticket time timeout token trial update upgrade upload user
validate version video view webhook widget workflow zone`)

var verbs = strings.Fields(`add remove change configure reset export import enable disable update
create delete upload download assign sync restore migrate review approve schedule connect`)

var fillers = strings.Fields(`the a to of and in for on with your this that is are can when if you
it from by be as or not will after before then only each all new`)

var stopQuestion = strings.Fields(`hi hello i am we are trying to figure out how can I do the a
please thanks why does it not when our my is there any way that`)

// Corpus is a generated set of articles.
type Corpus struct {
	Words    []string // vocabulary, most frequent first
	Articles []portal.ArticleInput
}

// zipf picks vocabulary indexes with a long-tailed distribution.
type gen struct {
	r     *rand.Rand
	z     *rand.Zipf
	words []string
}

func (g *gen) word() string { return g.words[g.z.Uint64()] }

func (g *gen) sentence(n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteByte(' ')
		}
		switch {
		case i%3 == 1:
			b.WriteString(fillers[g.r.IntN(len(fillers))])
		case i%5 == 0 && i > 0:
			b.WriteString(verbs[g.r.IntN(len(verbs))])
		default:
			b.WriteString(g.word())
		}
	}
	s := b.String()
	return strings.ToUpper(s[:1]) + s[1:] + "."
}

// Generate returns n articles of about 2 KB each, deterministically.
func Generate(n int, seed uint64) Corpus {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	words := append([]string(nil), baseWords...)
	// Long tail: compound product terms ("webhookgateway") and suffixed
	// forms ("uploads", "configured"), ~6,000 words in all.
	suffixes := []string{"s", "ed", "ing", "er", "ment", "able"}
	for len(words) < 6000 {
		a, b := baseWords[r.IntN(len(baseWords))], baseWords[r.IntN(len(baseWords))]
		if r.IntN(3) == 0 {
			words = append(words, a+suffixes[r.IntN(len(suffixes))])
		} else {
			words = append(words, a+b)
		}
	}
	g := &gen{r: r, z: rand.NewZipf(r, 1.07, 8, uint64(len(words)-1)), words: words}
	cats := make([]string, 0, 60)
	for i := 0; i < 12; i++ {
		top := strings.ToUpper(baseWords[i*7][:1]) + baseWords[i*7][1:]
		for j := 0; j < 5; j++ {
			sub := baseWords[(i*7+j*13+3)%len(baseWords)]
			cats = append(cats, top+"/"+strings.ToUpper(sub[:1])+sub[1:])
		}
	}
	base := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	c := Corpus{Words: words, Articles: make([]portal.ArticleInput, n)}
	for i := range c.Articles {
		title := g.sentence(4 + r.IntN(4))
		title = strings.TrimSuffix(title, ".")
		var body strings.Builder
		for body.Len() < 1900 {
			body.WriteString(g.sentence(8 + r.IntN(12)))
			if r.IntN(4) == 0 {
				body.WriteString("\n\n")
			} else {
				body.WriteByte(' ')
			}
		}
		locale := "en"
		if i%10 == 9 {
			locale = "de" // a tenth are translations of the article before
		}
		src := fmt.Sprintf("gen-%d", i)
		if locale == "de" {
			src = fmt.Sprintf("gen-%d", i-1)
		}
		c.Articles[i] = portal.ArticleInput{
			SourceID: src, Locale: locale, Title: title, Summary: g.sentence(15 + r.IntN(10)),
			Body: body.String(), BodyFormat: portal.BodyMarkdown, CategoryPath: cats[r.IntN(len(cats))],
			Tags:        []string{g.word(), g.word()},
			PublishedAt: base.Add(time.Duration(i) * time.Minute), UpdatedAt: base.Add(time.Duration(i) * time.Minute),
		}
	}
	return c
}

// Markdown renders an article in the import file format.
func Markdown(a portal.ArticleInput) string {
	return fmt.Sprintf("---\nid: %s\ntitle: %q\nsummary: %q\ncategory: %s\nlocale: %s\ntags: [%s]\n---\n%s\n",
		a.SourceID, a.Title, a.Summary, a.CategoryPath, a.Locale, strings.Join(a.Tags, ", "), a.Body)
}

// Query is a benchmark query and the article it was drawn from.
type Query struct {
	Kind, Text, SourceID string
}

// Queries draws n queries of mixed kinds from the corpus's English articles.
func Queries(c Corpus, n int, seed uint64) []Query {
	r := rand.New(rand.NewPCG(seed, 7))
	var out []Query
	for len(out) < n {
		a := c.Articles[r.IntN(len(c.Articles))]
		if a.Locale != "en" {
			continue
		}
		tw := strings.Fields(strings.ToLower(a.Title))
		bw := strings.Fields(strings.ToLower(strings.NewReplacer(".", "", "\n", " ").Replace(a.Body)))
		pick := func(ws []string) string { return ws[r.IntN(len(ws))] }
		long := func(ws []string) string {
			for range 20 {
				if w := pick(ws); len(w) >= 5 {
					return w
				}
			}
			return "attachment"
		}
		switch len(out) % 5 {
		case 0:
			out = append(out, Query{"word", long(tw), a.SourceID})
		case 1:
			k := 2 + r.IntN(3)
			i := r.IntN(max(1, len(bw)-k))
			out = append(out, Query{"phrase", strings.Join(bw[i:min(len(bw), i+k)], " "), a.SourceID})
		case 2:
			w := long(tw)
			out = append(out, Query{"prefix", w[:3+r.IntN(len(w)-3)], a.SourceID})
		case 3:
			w := []byte(long(tw))
			w[1+r.IntN(len(w)-2)] = byte('a' + r.IntN(26))
			out = append(out, Query{"typo", string(w), a.SourceID})
		case 4:
			var q []string
			for len(q) < 30 {
				switch r.IntN(3) {
				case 0:
					q = append(q, pick(stopQuestion))
				case 1:
					q = append(q, pick(tw))
				default:
					q = append(q, pick(bw))
				}
			}
			out = append(out, Query{"question", strings.Join(q, " ") + "?", a.SourceID})
		}
	}
	return out
}
