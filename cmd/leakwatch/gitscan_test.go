package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/leakwatch/leakwatch/internal/fakesecret"
)

// gitRepo is a temporary repository the test works in (it is the working directory).
type gitRepo struct {
	t   *testing.T
	dir string
}

func newGitRepo(t *testing.T) *gitRepo {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed")
	}
	dir := t.TempDir()
	t.Chdir(dir)
	// A user's own git configuration must not change what the test sees.
	t.Setenv("GIT_CONFIG_GLOBAL", os.DevNull)
	t.Setenv("GIT_CONFIG_NOSYSTEM", "1")
	for k, v := range map[string]string{"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
		"GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com"} {
		t.Setenv(k, v)
	}
	r := &gitRepo{t: t, dir: dir}
	r.git("init", "-q", "-b", "main")
	return r
}

func (r *gitRepo) git(args ...string) string {
	r.t.Helper()
	out, err := exec.Command("git", args...).CombinedOutput()
	if err != nil {
		r.t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return strings.TrimSpace(string(out))
}

func (r *gitRepo) write(path, content string) {
	r.t.Helper()
	scanWriteFile(r.t, filepath.Join(r.dir, path), content)
}

// gitFinding is a finding reduced to what the git modes promise: where it is.
type gitFinding struct {
	File   string
	Line   int
	Column int
	Rule   string
	Commit string
}

func scanGitJSON(t *testing.T, args ...string) (int, []gitFinding, string) {
	t.Helper()
	code, stdout, stderr := runCLI(t, nil, append([]string{"scan", "--format", "json"}, args...)...)
	var out []gitFinding
	for _, l := range strings.Split(strings.TrimSpace(stdout), "\n") {
		if l == "" {
			continue
		}
		var f findingJSON
		if err := json.Unmarshal([]byte(l), &f); err != nil {
			t.Fatalf("json line %q: %v", l, err)
		}
		out = append(out, gitFinding{File: f.File, Line: f.Line, Column: f.Column, Rule: f.Rule, Commit: f.Commit})
	}
	return code, out, stderr
}

func TestScanGitModes(t *testing.T) {
	rnd := fakesecret.Fresh()
	tokA, tokB, tokC := fakesecret.GitHub(rnd, "ghp_"), fakesecret.GitHub(rnd, "ghp_"), fakesecret.GitHub(rnd, "ghp_")
	r := newGitRepo(t)
	// Unchanged lines after the edits, so that git pairs a renamed and edited file.
	filler := strings.Repeat("an unchanged line of configuration\n", 20)

	// The base commit: a config holding token A (already in history) and a clean file.
	r.write("app/config.txt", "line one\ntoken="+tokA+"\nline three\n"+filler)
	r.write("notes.md", "nothing here\n")
	r.git("add", ".")
	r.git("commit", "-q", "-m", "base")
	base := r.git("rev-parse", "HEAD")

	t.Run("nothing staged passes", func(t *testing.T) {
		code, fs, stderr := scanGitJSON(t, "--git-staged")
		if code != 0 || len(fs) != 0 {
			t.Fatalf("exit %d, findings %v, stderr %s", code, fs, stderr)
		}
	})

	// Stage: remove token A (a fix), add token B at line 2 of a modified file, and add a new
	// file with token C at line 3, one line after the start of a line holding text.
	r.write("app/config.txt", "line one\nline three\nnew="+tokB+"\n"+filler)
	r.write("new dir/added file.log", "a\nb\n  x "+tokC+"\n")
	r.git("add", ".")
	t.Run("staged: added lines only, at file and line", func(t *testing.T) {
		code, fs, stderr := scanGitJSON(t, "--git-staged")
		want := []gitFinding{
			{File: "app/config.txt", Line: 3, Column: 5, Rule: "github-pat"},
			{File: "new dir/added file.log", Line: 3, Column: 5, Rule: "github-pat"},
		}
		if code != 1 || !slices.Equal(fs, want) {
			t.Fatalf("exit %d, findings %+v, want 1 and %+v; stderr %s", code, fs, want, stderr)
		}
		// The text summary counts files and added lines, not the diff's lines.
		_, _, stderr = runCLI(t, nil, "scan", "--git-staged")
		if !strings.Contains(stderr, "scanned 2 files, 4 added lines,") || !strings.Contains(stderr, "2 findings") {
			t.Fatalf("summary: %s", stderr)
		}
	})

	t.Run("a commit that only removes a token passes", func(t *testing.T) {
		r.git("reset", "-q")
		r.git("checkout", "-q", "--", "app/config.txt")
		os.Remove(filepath.Join(r.dir, "new dir", "added file.log"))
		r.write("app/config.txt", "line one\nline three\n"+filler)
		r.git("add", "app/config.txt")
		code, fs, stderr := scanGitJSON(t, "--git-staged")
		if code != 0 || len(fs) != 0 {
			t.Fatalf("exit %d, findings %+v; stderr %s", code, fs, stderr)
		}
		// The same diff piped as text, as users did before, fails on the removed line:
		// that is what --git-staged fixes.
		diff := r.git("diff", "--cached")
		if code, _, _ := runCLI(t, strings.NewReader(diff), "scan", "-"); code != 1 {
			t.Fatalf("piped diff: exit %d, want 1 (the removed line is scanned)", code)
		}
		r.git("commit", "-q", "-m", "remove token A")
	})

	t.Run("a pure rename adds no line; a rename with an edit reports the new path", func(t *testing.T) {
		r.git("mv", "app/config.txt", "app/settings.txt")
		code, fs, stderr := scanGitJSON(t, "--git-staged")
		if code != 0 || len(fs) != 0 {
			t.Fatalf("pure rename: exit %d, findings %+v; stderr %s", code, fs, stderr)
		}
		r.git("commit", "-q", "-m", "rename")
		// Rename with a change: git still pairs them (the file is mostly unchanged).
		r.git("rm", "-q", "app/settings.txt")
		r.write("app/renamed.txt", "line one\nline three\nkey: "+tokB+"\n"+filler)
		r.git("add", ".")
		if st := r.git("diff", "--cached", "-M", "--name-status"); !strings.HasPrefix(st, "R") {
			t.Fatalf("git does not see a rename: %s", st)
		}
		code, fs, stderr = scanGitJSON(t, "--git-staged")
		want := []gitFinding{{File: "app/renamed.txt", Line: 3, Column: 6, Rule: "github-pat"}}
		if code != 1 || !slices.Equal(fs, want) {
			t.Fatalf("exit %d, findings %+v, want %+v; stderr %s", code, fs, want, stderr)
		}
		r.git("commit", "-q", "-m", "rename and add B")
	})

	t.Run("range: each commit's added lines, at the commit that added them", func(t *testing.T) {
		addedB := r.git("rev-parse", "HEAD")
		// A token added and removed within the range is still in the pushed history.
		r.write("tmp.txt", tokC+"\n")
		r.git("add", ".")
		r.git("commit", "-q", "-m", "add C")
		addedC := r.git("rev-parse", "HEAD")
		r.git("rm", "-q", "tmp.txt")
		r.git("commit", "-q", "-m", "remove C")

		code, fs, stderr := scanGitJSON(t, "--git-range", base+"..HEAD")
		want := []gitFinding{
			{File: "app/renamed.txt", Line: 3, Column: 6, Rule: "github-pat", Commit: addedB},
			{File: "tmp.txt", Line: 1, Column: 1, Rule: "github-pat", Commit: addedC},
		}
		if code != 1 || !slices.Equal(fs, want) {
			t.Fatalf("exit %d, findings %+v, want %+v; stderr %s", code, fs, want, stderr)
		}
		// The last commit alone only removes: it passes.
		if code, fs, stderr := scanGitJSON(t, "--git-range", "HEAD~1..HEAD"); code != 0 || len(fs) != 0 {
			t.Fatalf("removal commit: exit %d, findings %+v; stderr %s", code, fs, stderr)
		}

		// SARIF points at the files, relative to the repository's top level, with the commit.
		_, stdout, _ := runCLI(t, nil, "scan", "--format", "sarif", "--git-range", base+"..HEAD")
		var doc sarifLog
		if err := json.Unmarshal([]byte(stdout), &doc); err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, res := range doc.Runs[0].Results {
			pl := res.Locations[0].PhysicalLocation
			got = append(got, pl.ArtifactLocation.URIBaseID+":"+pl.ArtifactLocation.URI+":"+res.Properties["commit"])
			if pl.Region.StartLine != 3 && pl.Region.StartLine != 1 {
				t.Errorf("SARIF region %+v", pl.Region)
			}
		}
		wantURI := []string{"SRCROOT:app/renamed.txt:" + addedB, "SRCROOT:tmp.txt:" + addedC}
		if !slices.Equal(got, wantURI) {
			t.Fatalf("SARIF locations %v, want %v", got, wantURI)
		}
		if d := doc.Runs[0].OriginalURIBaseIDs[sarifBase].Description.Text; !strings.Contains(d, "repository") {
			t.Fatalf("SRCROOT described as %q", d)
		}
	})

	t.Run("from a subdirectory, paths stay relative to the top level", func(t *testing.T) {
		r.write("app/sub.txt", tokA+"\n")
		r.git("add", ".")
		t.Chdir(filepath.Join(r.dir, "app"))
		code, fs, _ := scanGitJSON(t, "--git-staged")
		if code != 1 || len(fs) != 1 || fs[0].File != "app/sub.txt" {
			t.Fatalf("exit %d, findings %+v", code, fs)
		}
		t.Chdir(r.dir)
		r.git("reset", "-q")
	})

	t.Run("errors exit 2", func(t *testing.T) {
		for _, tc := range []struct {
			args []string
			want string
		}{
			{[]string{"scan", "--git-range", "nosuchref..HEAD"}, "nosuchref"},
			{[]string{"scan", "--git-staged", "file.txt"}, "take no PATH"},
			{[]string{"scan", "--git-staged", "--git-range", "a..b"}, "choose one"},
		} {
			code, _, stderr := runCLI(t, nil, tc.args...)
			if code != 2 || !strings.Contains(stderr, tc.want) {
				t.Errorf("%v: exit %d, stderr %q, want 2 and %q", tc.args, code, stderr, tc.want)
			}
		}
		t.Chdir(t.TempDir())
		if code, _, stderr := runCLI(t, nil, "scan", "--git-staged"); code != 2 || !strings.Contains(stderr, "git work tree") {
			t.Errorf("outside a repository: exit %d, %q", code, stderr)
		}
	})
}

func TestScanDirectorySkipsGit(t *testing.T) {
	rnd := fakesecret.Fresh()
	r := newGitRepo(t)
	r.write(".gitignore", "build/\n")
	r.write("src/main.txt", "clean\n")
	r.write("build/out.log", "token "+fakesecret.GitHub(rnd, "ghp_")+"\n")
	r.git("add", ".")
	r.git("commit", "-q", "-m", "c")
	// A token in git's own files (here a commit message, stored compressed, and a hook
	// sample) must not be found by walking .git: that is history, which --git-range scans.
	r.write(".git/description", "token "+fakesecret.GitHub(rnd, "ghp_")+"\n")

	_, _, stderr := runCLI(t, nil, "scan", ".")
	// .gitignore, src/main.txt and build/out.log: the walk skips .git, but not ignored files.
	if !strings.Contains(stderr, "scanned 3 files,") || !strings.Contains(stderr, "1 finding,") {
		t.Fatalf("scan .: %s", stderr)
	}
	code, _, stderr := runCLI(t, nil, "scan", "--gitignore", ".")
	if code != 0 || !strings.Contains(stderr, "scanned 2 files,") {
		t.Fatalf("scan --gitignore .: exit %d, %s", code, stderr)
	}
	// --exclude still applies to git's list, directories included.
	code, _, stderr = runCLI(t, nil, "scan", "--gitignore", "--exclude", "src", ".")
	if code != 0 || !strings.Contains(stderr, "scanned 1 file,") {
		t.Fatalf("scan --gitignore --exclude src .: exit %d, %s", code, stderr)
	}
	// Naming .git itself still scans it: the user asked.
	if code, _, stderr := runCLI(t, nil, "scan", ".git/description"); code != 1 {
		t.Fatalf("scan .git/description: exit %d, %s", code, stderr)
	}
	t.Chdir(t.TempDir())
	if code, _, stderr := runCLI(t, nil, "scan", "--gitignore", "."); code != 2 || !strings.Contains(stderr, "--gitignore") {
		t.Fatalf("--gitignore outside a repository: exit %d, %s", code, stderr)
	}
}

// TestPreCommitHooks validates .pre-commit-hooks.yaml as the pre-commit framework reads it,
// and runs each hook's entry as a staged-changes gate.
func TestPreCommitHooks(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", ".pre-commit-hooks.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var hooks []map[string]any
	if err := yaml.Unmarshal(data, &hooks); err != nil {
		t.Fatalf(".pre-commit-hooks.yaml: %v", err)
	}
	if len(hooks) == 0 {
		t.Fatal(".pre-commit-hooks.yaml lists no hook")
	}
	// pre-commit's manifest schema: required keys, and the languages it knows that a Go
	// tool can use.
	languages := map[string]bool{"golang": true, "system": true, "docker_image": true}
	known := map[string]bool{"id": true, "name": true, "entry": true, "language": true, "description": true,
		"pass_filenames": true, "always_run": true, "stages": true, "files": true, "types": true,
		"require_serial": true, "minimum_pre_commit_version": true, "args": true, "verbose": true}
	ids := map[string]bool{}
	rnd := fakesecret.Fresh()
	r := newGitRepo(t)
	for i, h := range hooks {
		for _, k := range []string{"id", "name", "entry", "language"} {
			if s, _ := h[k].(string); s == "" {
				t.Fatalf("hook %d: required key %s missing or not a string", i, k)
			}
		}
		for k := range h {
			if !known[k] {
				t.Errorf("hook %s: key %q unknown to pre-commit", h["id"], k)
			}
		}
		id := h["id"].(string)
		if ids[id] {
			t.Errorf("hook id %s twice", id)
		}
		ids[id] = true
		if !languages[h["language"].(string)] {
			t.Errorf("hook %s: language %v", id, h["language"])
		}
		// The staged diff is the input: file names passed by pre-commit would be scanned
		// whole (their removed lines no, their old lines yes), so none are passed.
		if h["pass_filenames"] != false {
			t.Errorf("hook %s: pass_filenames must be false", id)
		}
		if st, ok := h["stages"].([]any); ok {
			for _, s := range st {
				if s != "pre-commit" && s != "pre-push" && s != "manual" {
					t.Errorf("hook %s: stage %v", id, s)
				}
			}
		}
		entry := strings.Fields(h["entry"].(string))
		if entry[0] != "leakwatch" {
			t.Fatalf("hook %s: entry %q does not run leakwatch", id, h["entry"])
		}
		// Run the entry's arguments: clean stage passes, a staged token fails.
		r.write("f.txt", "clean\n")
		r.git("add", ".")
		if code, _, stderr := runCLI(t, nil, entry[1:]...); code != 0 {
			t.Fatalf("hook %s on a clean stage: exit %d, %s", id, code, stderr)
		}
		r.write("f.txt", "clean\nt="+fakesecret.GitHub(rnd, "ghp_")+"\n")
		r.git("add", ".")
		code, stdout, stderr := runCLI(t, nil, entry[1:]...)
		if code != 1 || !strings.HasPrefix(stdout, "f.txt:2:3 github-pat") {
			t.Fatalf("hook %s on a staged token: exit %d, stdout %q, stderr %s", id, code, stdout, stderr)
		}
		r.git("reset", "-q")
	}
}

func TestGitDiffNames(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"b/plain.txt", "b/plain.txt"},
		{"b/with space.txt\t", "b/with space.txt"},
		{`"b/tab\there"`, "b/tab\there"},
		{`"b/quote\"d"`, `b/quote"d`},
		{`"b/caf\303\251"`, "b/café"},
	} {
		got, err := gitPath(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("gitPath(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
	for _, tc := range []struct {
		in                   string
		oldN, newStart, newN int
		bad                  bool
	}{
		{"@@ -3 +3,2 @@ func x()", 1, 3, 2, false},
		{"@@ -0,0 +1 @@", 0, 1, 1, false},
		{"@@ -5,2 +4,0 @@", 2, 4, 0, false},
		{"@@ -x +1 @@", 0, 0, 0, true},
		{"@@ -1", 0, 0, 0, true},
	} {
		o, s, n, err := parseHunk(tc.in)
		if (err != nil) != tc.bad || !tc.bad && (o != tc.oldN || s != tc.newStart || n != tc.newN) {
			t.Errorf("parseHunk(%q) = %d %d %d %v", tc.in, o, s, n, err)
		}
	}
}
