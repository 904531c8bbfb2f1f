package layers

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

const module = "github.com/leakwatch/leakwatch/"

// deps is every package pkg imports, directly or not (pkg relative to the module root), or
// only its own imports when direct.
func deps(t *testing.T, pkg string, direct bool) []string {
	t.Helper()
	args := []string{"list", "-deps", "-f", "{{.ImportPath}}", "./" + pkg}
	if direct {
		args = []string{"list", "-f", `{{join .Imports "\n"}}`, "./" + pkg}
	}
	cmd := exec.Command("go", args...)
	cmd.Dir = "../.."
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list -deps ./%s: %v\n%s", pkg, err, stderr.String())
	}
	return strings.Fields(string(out))
}

// TestLayers: what each layer may reach. A rule lists the prefixes a package's whole
// dependency tree must not contain (module-relative for leakwatch's own packages).
func TestLayers(t *testing.T) {
	backends := []string{"sources/loki", "sources/elasticsearch", "sources/file", "sources/filepermissions", "sources/all"}
	notifiers := []string{"alerting"}
	cases := []struct {
		pkg    string
		direct bool // only the package's own imports: what it reaches through others is theirs
		forbid []string
		why    string
	}{
		{"internal/state/...", false, concat([]string{"internal/config", "sources", "pushdown", "queries", "detector", "internal/httpclient", "github.com/aws/"}, notifiers),
			"the state is opened with the Options its caller fills and stores what it is given"},
		{"internal/config", false, concat([]string{"internal/state", "internal/engine", "github.com/aws/"}, backends, notifiers),
			"config finds store types through the registry; its blocks belong to their backends"},
		{"alerting/...", false, []string{"internal/state", "internal/config", "sources", "detector", "queries"},
			"notifiers receive alerts; the daemon and internal/alertstore read the state for them"},
		{"pushdown", false, []string{"queries", "detector", "sources", "internal/"},
			"the planner takes the four fields of a rule it reads, so stores never depend on the catalogue"},
		{"queries", false, []string{"detector", "sources", "pushdown", "internal/"},
			"the catalogue is data with its validators"},
		{"sources", false, concat([]string{"queries", "detector", "internal/"}, backends),
			"the root interfaces and the registry know no backend"},
		{"internal/engine", false, concat([]string{"internal/corpus", "internal/config", "internal/daemon", "internal/app"}, backends, notifiers),
			"the engine plans from shipped data and reaches stores through capabilities"},
		{"internal/purge", false, concat([]string{"github.com/aws/"}, backends),
			"a store's delete protocol is its backend's, behind sources.Purger"},
		{"internal/daemon", true, []string{"sources/loki", "sources/elasticsearch", "sources/file", "sources/filepermissions"},
			"the daemon looks store types up; internal/app links them"},
	}
	for _, c := range cases {
		for _, d := range deps(t, c.pkg, c.direct) {
			for _, f := range c.forbid {
				if !strings.HasPrefix(f, "github.com/") {
					f = module + f // the module's own packages; the standard library has an internal/ too
				}
				if d == f || strings.HasPrefix(d, strings.TrimSuffix(f, "/")+"/") {
					t.Errorf("%s reaches %s: %s", c.pkg, d, c.why)
				}
			}
		}
	}
}

func concat(ls ...[]string) []string {
	var out []string
	for _, l := range ls {
		out = append(out, l...)
	}
	return out
}

// typeNameCompare is a comparison or case on a store type's name as a string.
var typeNameCompare = regexp.MustCompile(`(==|!=)\s*"(loki|file|file_permissions|elasticsearch|opensearch)"|case\s+"(loki|file|file_permissions|elasticsearch|opensearch)"|TypeName\("`)

// TestNoTypeNameComparisons: outside sources/ (where each type registers its own name) code
// asks the registry's traits and capabilities, never which type a source is by name.
func TestNoTypeNameComparisons(t *testing.T) {
	root := "../.."
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		if d.IsDir() {
			switch {
			case d.Name() == "testdata", strings.HasPrefix(d.Name(), ".") && rel != ".":
				return filepath.SkipDir
			case rel == "sources" || strings.HasPrefix(rel, "sources"+string(filepath.Separator)):
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for i, line := range strings.Split(string(b), "\n") {
			if typeNameCompare.MatchString(line) {
				t.Errorf("%s:%d compares a store type's name: ask sources.TraitsOf or a capability instead\n\t%s", rel, i+1, strings.TrimSpace(line))
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestArchitectureNamesEveryPackage: docs/architecture.md's package table names every
// package of the module (by its path, or by its last element in a group such as
// `alerting/{slack,webhook,logalert}`), so a new package comes with its line there.
func TestArchitectureNamesEveryPackage(t *testing.T) {
	doc, err := os.ReadFile("../../docs/architecture.md")
	if err != nil {
		t.Fatal(err)
	}
	text := string(doc)
	cmd := exec.Command("go", "list", "./...")
	cmd.Dir = "../.."
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list ./...: %v", err)
	}
	for _, full := range strings.Fields(string(out)) {
		rel := strings.TrimPrefix(full, module)
		if rel == strings.TrimSuffix(module, "/") {
			continue
		}
		parts := strings.Split(rel, "/")
		named := false
		// By its path, its last one or two elements (`lokifake/pipeline` in the sources/loki
		// row), or inside a group (`alerting/{slack,webhook,logalert}`).
		for _, name := range []string{rel, parts[len(parts)-1], strings.Join(parts[max(0, len(parts)-2):], "/")} {
			named = named || strings.Contains(text, "`"+name+"`") || strings.Contains(text, "`"+name+" ")
		}
		group := regexp.MustCompile("`[^`\n]*[{,]" + regexp.QuoteMeta(parts[len(parts)-1]) + "[,}][^`\n]*`")
		if named || group.MatchString(text) {
			continue
		}
		t.Errorf("docs/architecture.md does not name package %s: add its line to the package table", rel)
	}
}
