package main

import (
	"os"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

// TestMain makes this test binary double as the leakwatch command: testscript scripts and the
// daemon tests run it as a real child process found on $PATH.
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){"leakwatch": main})
}

func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir: "testdata/script",
		Setup: func(e *testscript.Env) error {
			e.Setenv("HOME", e.WorkDir)
			return nil
		},
	})
}

var _ = os.Getenv
