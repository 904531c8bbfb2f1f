package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus/testutil"
	"github.com/prometheus/common/version"

	"github.com/leakwatch/leakwatch/internal/metrics"
)

// TestVersionFromBuild: the variables the Dockerfile sets with -ldflags -X reach both
// `leakwatch version` and leakwatch_build_info.
func TestVersionFromBuild(t *testing.T) {
	saved := []string{version.Version, version.Revision, version.Branch, version.BuildDate}
	t.Cleanup(func() {
		version.Version, version.Revision, version.Branch, version.BuildDate = saved[0], saved[1], saved[2], saved[3]
	})
	version.Version, version.Revision, version.Branch, version.BuildDate = "1.4.2", "0123abcd", "release-1.4", "20261202-01:02:03"

	var out bytes.Buffer
	if code := cmdVersion(context.Background(), nil, cli{stdout: &out, stderr: &out}); code != 0 {
		t.Fatalf("exit %d", code)
	}
	for _, want := range []string{"leakwatch, version 1.4.2", "branch: release-1.4", "revision: 0123abcd", "build date:       20261202-01:02:03", "go version:"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("version output lacks %q:\n%s", want, out.String())
		}
	}

	m := metrics.New()
	want := `
# HELP leakwatch_build_info A metric with a constant '1' value labeled by version, revision, branch, goversion from which leakwatch was built, and the goos and goarch for the build.
# TYPE leakwatch_build_info gauge
leakwatch_build_info{branch="release-1.4",goarch="` + version.GoArch + `",goos="` + version.GoOS + `",goversion="` + version.GoVersion + `",revision="0123abcd",store="sqlite",tags="` + version.GetTags() + `",version="1.4.2"} 1
`
	if err := testutil.GatherAndCompare(m.Registry, strings.NewReader(want), "leakwatch_build_info"); err != nil {
		t.Error(err)
	}
}
