package datadir

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

func TestResolveOrder(t *testing.T) {
	base := t.TempDir()
	fromFlag, fromEnv := filepath.Join(base, "from-flag"), filepath.Join(base, "from-env")
	t.Setenv(EnvVar, fromEnv)
	if got, _ := Resolve(fromFlag); got != fromFlag {
		t.Errorf("flag ignored: %s", got)
	}
	if got, _ := Resolve(""); got != fromEnv {
		t.Errorf("env ignored: %s", got)
	}
	t.Setenv(EnvVar, "")
	config, err := os.UserConfigDir()
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := Resolve(""); got != filepath.Join(config, AppFolder) {
		t.Errorf("default = %s, want in %s", got, config)
	}
	if got, _ := Resolve(filepath.Join("relative", "dir")); !filepath.IsAbs(got) {
		t.Errorf("relative flag not made absolute: %s", got)
	}
}

// The default data folder is in the user's own config folder, which each
// platform names in its own variable (%AppData% on Windows, the roaming
// profile); without it the app says so instead of writing somewhere else.
func TestDefaultNeedsTheUserConfigFolder(t *testing.T) {
	base := t.TempDir()
	t.Setenv(EnvVar, "")
	var vars []string
	var want string
	switch runtime.GOOS {
	case "windows":
		vars, want = []string{"AppData"}, filepath.Join(base, AppFolder)
	case "darwin":
		vars, want = []string{"HOME"}, filepath.Join(base, "Library", "Application Support", AppFolder)
	default:
		vars, want = []string{"XDG_CONFIG_HOME", "HOME"}, filepath.Join(base, AppFolder)
	}
	t.Setenv(vars[0], base)
	if got, err := Resolve(""); err != nil || got != want {
		t.Fatalf("Resolve = %q, %v; want %q", got, err, want)
	}
	for _, v := range vars {
		t.Setenv(v, "")
	}
	got, err := Resolve("")
	if err == nil || !strings.Contains(err.Error(), "--data-dir") {
		t.Fatalf("without %v: %q, %v; want an error naming --data-dir", vars, got, err)
	}
}

// Two spellings of one folder are one data folder (one app instance);
// two folders are two. Windows (and macOS by default) ignore case in
// names, Linux does not.
func TestIdentity(t *testing.T) {
	base := filepath.Join(t.TempDir(), "Profile")
	if err := os.Mkdir(base, 0o700); err != nil {
		t.Fatal(err)
	}
	same := []string{base, base + string(filepath.Separator), filepath.Join(base, "..", "Profile"), filepath.Join(base, ".")}
	for _, s := range same {
		t.Run(s, func(t *testing.T) {
			if Identity(s) != Identity(base) {
				t.Errorf("Identity(%q) = %q, Identity(%q) = %q", s, Identity(s), base, Identity(base))
			}
		})
	}
	if Identity(base) == Identity(base+"2") {
		t.Error("two folders share an identity")
	}
	wd, _ := os.Getwd()
	if Identity(".") != Identity(wd) {
		t.Errorf("relative %q, absolute %q", Identity("."), Identity(wd))
	}
	other := filepath.Join(filepath.Dir(base), "PROFILE")
	fi1, _ := os.Stat(base)
	fi2, err := os.Stat(other)
	sameFolder := err == nil && os.SameFile(fi1, fi2)
	if runtime.GOOS == "windows" && !sameFolder {
		t.Errorf("%s and %s are two folders on Windows?", base, other)
	}
	if runtime.GOOS == "linux" && sameFolder {
		t.Errorf("%s and %s are one folder on Linux?", base, other)
	}
	if got := Identity(other) == Identity(base); got != sameFolder {
		t.Errorf("Identity(%q) == Identity(%q) is %v; they are one folder: %v", other, base, got, sameFolder)
	}
}
