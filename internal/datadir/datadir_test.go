package datadir

import (
	"path/filepath"
	"testing"
)

func TestResolveOrder(t *testing.T) {
	t.Setenv(EnvVar, "/tmp/from-env")
	if got, _ := Resolve("/tmp/from-flag"); got != "/tmp/from-flag" {
		t.Errorf("flag ignored: %s", got)
	}
	if got, _ := Resolve(""); got != "/tmp/from-env" {
		t.Errorf("env ignored: %s", got)
	}
	t.Setenv(EnvVar, "")
	t.Setenv("XDG_CONFIG_HOME", "/tmp/xdg")
	t.Setenv("HOME", "/tmp/home")
	if got, _ := Resolve(""); got != filepath.Join("/tmp/xdg", AppFolder) {
		t.Errorf("default = %s", got)
	}
	if got, _ := Resolve("relative/dir"); !filepath.IsAbs(got) {
		t.Errorf("relative flag not made absolute: %s", got)
	}
}
