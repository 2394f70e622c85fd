package kbbench

import (
	"bufio"
	"encoding/json"
	"fmt"
	"math"
	"os"
)

// Judged is a question with the article that answers it, for measuring
// ranking: the zulip-help set (testdata/zulip-help/queries.jsonl) and the
// starter questions (testdata/starter-questions.jsonl) use this format.
type Judged struct {
	ID   string `json:"id"`   // the answering article's source id
	Q    string `json:"q"`    // the question as a user types it
	Kind string `json:"kind"` // description, typo, or a language for the starter set
}

// LoadJudged reads a JSON-lines file of judged questions.
func LoadJudged(path string) ([]Judged, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []Judged
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for n := 1; sc.Scan(); n++ {
		if len(sc.Bytes()) == 0 {
			continue
		}
		var j Judged
		if err := json.Unmarshal(sc.Bytes(), &j); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", path, n, err)
		}
		if j.ID == "" || j.Q == "" {
			return nil, fmt.Errorf("%s:%d: id and q are required", path, n)
		}
		out = append(out, j)
	}
	return out, sc.Err()
}

// Scores are known-item ranking measures over the first K hits.
type Scores struct {
	N      int
	MRR    float64 // mean reciprocal rank of the judged article (0 when absent)
	Recall float64 // share of questions with the judged article in the top K
	NDCG   float64 // with one relevant article: mean 1/log2(rank+1)
	Top3   float64 // share with the judged article in the top 3
}

// K is the depth the measures look at.
const K = 10

// Score rates ranked id lists against their judged ids: ranked[i] holds
// the source ids returned for judged[i], best first.
func Score(judged []Judged, ranked [][]string) Scores {
	var s Scores
	for i, j := range judged {
		s.N++
		for r, id := range ranked[i][:min(K, len(ranked[i]))] {
			if id == j.ID {
				s.MRR += 1 / float64(r+1)
				s.Recall++
				s.NDCG += 1 / math.Log2(float64(r+2))
				if r < 3 {
					s.Top3++
				}
				break
			}
		}
	}
	if s.N > 0 {
		n := float64(s.N)
		s.MRR, s.Recall, s.NDCG, s.Top3 = s.MRR/n, s.Recall/n, s.NDCG/n, s.Top3/n
	}
	return s
}
