// Package serverpreset is the support server the app is set up for, so
// that the vendor's customers sign in with their e-mail and password only
// and never type an address. In order, the first that is set wins:
//
//   - the --server URL command-line flag (support, tests);
//   - the SUPPORTPORTAL_SERVER environment variable (managed machines);
//   - server-url.txt next to the program: the Windows installer writes it
//     when run with /SERVER=URL (IT departments deploying one installer);
//   - the address built into the program (make SERVER_URL=…, the ldflag
//     -X supportportal/app.DefaultServer=…).
//
// The sign-in form's "Advanced" field still lets a person choose another.
package serverpreset

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"supportportal/internal/syncer"
)

// EnvVar names the environment variable.
const EnvVar = "SUPPORTPORTAL_SERVER"

// FileName is the file next to the program the installer may write.
const FileName = "server-url.txt"

// Where a preset came from.
const (
	SourceFlag    = "--server"
	SourceEnv     = EnvVar
	SourceFile    = FileName
	SourceBuiltIn = "built-in"
)

// maxFile bounds what is read of FileName.
const maxFile = 4096

// Sources are the places a preset can come from.
type Sources struct {
	Flag    string // --server
	Env     string // $SUPPORTPORTAL_SERVER
	ExeDir  string // the program's folder ("" to not look)
	BuiltIn string // app.DefaultServer
}

// Preset is the server the app is set up for.
type Preset struct {
	URL    string // normalised; "" when none is set up
	Source string // one of the Source constants
}

// Resolve returns the preset: the first source that is set, its address
// normalised and checked like one typed into the form (https, or http to
// this machine only). An address that fails the check is an error naming
// its source, and there is no preset then: the person types one rather
// than the app quietly using a lower-ranked source.
func Resolve(s Sources) (Preset, error) {
	file, err := readFile(s.ExeDir)
	if err != nil {
		return Preset{}, err
	}
	for _, c := range []struct{ v, src string }{{s.Flag, SourceFlag}, {s.Env, SourceEnv}, {file, SourceFile}, {s.BuiltIn, SourceBuiltIn}} {
		if c.v == "" {
			continue
		}
		u, err := syncer.NormalizeServerURL(c.v)
		if err != nil {
			return Preset{}, fmt.Errorf("server address from %s: %w", c.src, err)
		}
		return Preset{URL: u, Source: c.src}, nil
	}
	return Preset{}, nil
}

// readFile returns the first line of dir/FileName that is neither empty
// nor a # comment, "" when there is no such file.
func readFile(dir string) (string, error) {
	if dir == "" {
		return "", nil
	}
	path := filepath.Join(dir, FileName)
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return "", nil
	} else if err != nil {
		return "", fmt.Errorf("server address from %s: %w", path, err)
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxFile+1))
	if err != nil {
		return "", fmt.Errorf("server address from %s: %w", path, err)
	}
	if len(b) > maxFile {
		return "", fmt.Errorf("server address from %s: the file is longer than %d bytes", path, maxFile)
	}
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf")) // Notepad's byte-order mark
	for line := range bytes.Lines(b) {
		line = bytes.TrimSpace(line)
		if len(line) == 0 || line[0] == '#' {
			continue
		}
		return string(line), nil
	}
	return "", nil
}
