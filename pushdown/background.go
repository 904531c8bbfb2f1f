package pushdown

import (
	"bytes"
	_ "embed"
)

// backgroundFile is about 192 KiB of ordinary log lines (JSON, logfmt, access logs, stack
// traces; no secret, no decoy), one per line, made once by the benchmark's corpus generator
// and shipped as data so that planning at run time does not need the generator
// (TestBackgroundFresh rewrites it with -update). The size gives a 0.1 % resolution and
// keeps planning well under a second.
//
//go:embed background.log
var backgroundFile []byte

// Background is the sample of ordinary logs on which the planner measures how often a
// literal occurs (CostModel.Sample). The lines share the embedded data: read them, never
// write to them.
func Background() [][]byte {
	return bytes.Split(bytes.TrimSuffix(backgroundFile, []byte("\n")), []byte("\n"))
}
