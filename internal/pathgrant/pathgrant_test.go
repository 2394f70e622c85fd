package pathgrant_test

import (
	"errors"
	"fmt"
	"testing"

	"supportportal/internal/pathgrant"
	"supportportal/internal/portal"
)

func TestTokensResolveOnlyToGrantedPaths(t *testing.T) {
	g := pathgrant.New()
	files := g.Grant([]string{"/home/ann/log.txt", "", "/home/ann/shot.png"})
	if len(files) != 2 || files[0].Name != "log.txt" || files[1].Name != "shot.png" || files[0].Token == files[1].Token || len(files[0].Token) != 32 {
		t.Fatalf("granted %+v", files)
	}
	got, err := g.Resolve([]string{files[1].Token, files[0].Token})
	if err != nil || len(got) != 2 || got[0] != "/home/ann/shot.png" || got[1] != "/home/ann/log.txt" {
		t.Fatalf("resolved %v %v", got, err)
	}
	var pe *portal.Error
	for _, bad := range [][]string{{"/home/ann/log.txt"}, {files[0].Token, "nope"}, {""}} {
		t.Run(fmt.Sprint(bad), func(t *testing.T) {
			got, err := g.Resolve(bad)
			if !errors.As(err, &pe) || pe.Reason != portal.ReasonPathNotGranted || got != nil {
				t.Errorf("Resolve(%q) = %v, %v", bad, got, err)
			}
		})
	}
	// The oldest grants go once there are more than MaxGrants.
	for i := 0; i < pathgrant.MaxGrants; i++ {
		g.Grant([]string{fmt.Sprint("/f", i)})
	}
	if _, err := g.Resolve([]string{files[0].Token}); err == nil {
		t.Fatal("a grant beyond MaxGrants was kept")
	}
}
