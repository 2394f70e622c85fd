// Package tz knows the IANA time zones the app offers. The list is embedded
// (generated from the tz database's tzdata.zi, see the Makefile's zones
// target) because Go has no portable way to enumerate zones and Windows has
// no zoneinfo directory; time/tzdata makes every listed zone loadable on
// every platform.
package tz

import (
	_ "embed"
	"sort"
	"strings"
	"sync"
	"time"
	_ "time/tzdata"
)

//go:embed zones.txt
var zonesTxt string

var (
	once  sync.Once
	names []string
	index map[string]struct{}
)

func load() {
	for _, line := range strings.Split(zonesTxt, "\n") {
		if line = strings.TrimSpace(line); line != "" {
			names = append(names, line)
		}
	}
	sort.Strings(names)
	index = make(map[string]struct{}, len(names))
	for _, n := range names {
		index[n] = struct{}{}
	}
}

// Names returns every known zone name, sorted. The caller must not modify it.
func Names() []string {
	once.Do(load)
	return names
}

// Valid reports whether name is a known IANA zone that can be loaded.
func Valid(name string) bool {
	once.Do(load)
	if _, ok := index[name]; !ok {
		return false
	}
	_, err := time.LoadLocation(name)
	return err == nil
}
