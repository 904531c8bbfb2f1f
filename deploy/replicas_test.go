package deploy_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/leakwatch/leakwatch/internal/config"
)

// The two-replica overlay (deploy/kubernetes/replicas): its kustomization names the base and
// every file it holds, the Deployment patch runs two replicas without the PVC, the
// PodDisruptionBudget selects the base's pods, and its config loads with the state in
// PostgreSQL read from the mounted DSN Secret.
func TestKubernetesReplicasOverlay(t *testing.T) {
	dir := []string{"deploy", "kubernetes", "replicas"}
	k := yamlDoc(t, append(dir, "kustomization.yaml")...)
	var res []string
	for _, r := range list(k, "resources") {
		res = append(res, r.(string))
	}
	files, err := filepath.Glob(repoPath(append(dir, "*.yaml")...))
	if err != nil {
		t.Fatal(err)
	}
	patched := map[string]bool{}
	deletesPVC := false
	for _, p := range list(k, "patches") {
		if path := str(p, "path"); path != "" {
			patched[path] = true
		}
		if strings.Contains(str(p, "patch"), "$patch: delete") && strings.Contains(str(p, "patch"), "kind: PersistentVolumeClaim") {
			deletesPVC = true
		}
	}
	if !slices.Contains(res, "../") {
		t.Errorf("overlay resources %v do not include the base (../)", res)
	}
	for _, f := range files {
		b := filepath.Base(f)
		if b != "kustomization.yaml" && !slices.Contains(res, b) && !patched[b] {
			t.Errorf("%s is neither a resource nor a patch of the overlay", b)
		}
	}
	if !deletesPVC {
		t.Error("the overlay keeps the base's PVC: replicas on PostgreSQL share no volume")
	}

	base := k8sObjects(t)
	dep := yamlDoc(t, append(dir, "deployment.yaml")...)
	if n, _ := dig(dep, "spec", "replicas").(int); n < 2 {
		t.Errorf("overlay Deployment replicas %v, want 2 or more", dig(dep, "spec", "replicas"))
	}
	if s := str(dep, "spec", "strategy", "type"); s != "RollingUpdate" {
		t.Errorf("overlay strategy %q, want RollingUpdate (nothing to hand over between pods)", s)
	}
	if str(dep, "metadata", "name") != str(base["Deployment"], "metadata", "name") {
		t.Error("the Deployment patch does not name the base's Deployment")
	}
	mounts := map[string]string{}
	for _, c := range list(dep, "spec", "template", "spec", "containers") {
		for _, m := range list(c, "volumeMounts") {
			mounts[str(m, "mountPath")] = str(m, "name")
		}
	}
	vols := map[string]any{}
	for _, v := range list(dep, "spec", "template", "spec", "volumes") {
		vols[str(v, "name")] = v
	}
	if dig(vols["data"], "emptyDir") == nil || dig(vols["data"], "persistentVolumeClaim") != nil {
		t.Errorf("overlay data volume %v: want an emptyDir in place of the PVC", vols["data"])
	}
	secret := yamlDoc(t, append(dir, "postgres-secret.yaml")...)
	const mount = "/run/secrets/leakwatch-postgres"
	if v := vols[mounts[mount]]; str(v, "secret", "secretName") != str(secret, "metadata", "name") {
		t.Errorf("%s is not the DSN Secret %s", mount, str(secret, "metadata", "name"))
	}

	pdb := yamlDoc(t, append(dir, "pdb.yaml")...)
	podLabels, _ := dig(base["Deployment"], "spec", "template", "metadata", "labels").(map[string]any)
	if str(pdb, "kind") != "PodDisruptionBudget" || str(pdb, "apiVersion") != "policy/v1" || !subset(dig(pdb, "spec", "selector", "matchLabels"), podLabels) {
		t.Error("the PodDisruptionBudget does not select the leakwatch pods (policy/v1)")
	}
	if n, _ := dig(pdb, "spec", "minAvailable").(int); n != 1 {
		t.Errorf("PDB minAvailable %v, want 1", dig(pdb, "spec", "minAvailable"))
	}

	// The overlay's config: the base's credentials plus the DSN, all from mounted files.
	raw := str(yamlDoc(t, append(dir, "configmap.yaml")...), "data", "config.yaml")
	tmp := t.TempDir()
	creds, _ := dig(base["Secret"], "stringData").(map[string]any)
	for name, v := range creds {
		writeSecret(t, filepath.Join(tmp, "creds", name), v.(string))
	}
	dsn := str(secret, "stringData", "dsn")
	if !strings.HasPrefix(dsn, "REPLACE_WITH_") {
		t.Errorf("DSN Secret value must be an obvious placeholder (REPLACE_WITH_…)")
	}
	writeSecret(t, filepath.Join(tmp, "pg", "dsn"), dsn)
	raw = strings.ReplaceAll(raw, "/run/secrets/leakwatch/", tmp+"/creds/")
	raw = strings.ReplaceAll(raw, mount+"/", tmp+"/pg/")
	cfg, err := config.Parse([]byte(raw), noEnv)
	if err != nil {
		t.Fatalf("overlay config.yaml: %v", err)
	}
	if cfg.State.Driver != config.DriverPostgres || cfg.State.DSNFile != tmp+"/pg/dsn" {
		t.Errorf("overlay state %+v: want driver postgres with dsn_file from the mounted Secret", cfg.State)
	}
	if got, err := cfg.State.ResolvedDSN(); err != nil || got != dsn {
		t.Errorf("overlay DSN not read from the Secret: %v", err)
	}
}

func writeSecret(t *testing.T, path, v string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(v+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
}

// The compose demo keeps its state in the stack's PostgreSQL service.
func TestComposePostgres(t *testing.T) {
	c := yamlDoc(t, "deploy", "compose", "docker-compose.yaml")
	pg := dig(c, "services", "postgres")
	if img := str(pg, "image"); !strings.HasPrefix(img, "postgres:") {
		t.Fatalf("compose postgres service image %q", img)
	}
	if !slices.Contains(list(c, "services", "leakwatch", "depends_on"), any("postgres")) {
		t.Error("leakwatch does not depend on postgres")
	}
	cfg, err := config.Parse(readFile(t, "deploy", "compose", "leakwatch", "config.yaml"), noEnv)
	if err != nil {
		t.Fatal(err)
	}
	dsn, err := cfg.State.ResolvedDSN()
	if err != nil || cfg.State.Driver != config.DriverPostgres {
		t.Fatalf("compose leakwatch state %+v: %v", cfg.State, err)
	}
	env := dig(pg, "environment")
	want := "postgres://" + str(env, "POSTGRES_USER") + ":" + str(env, "POSTGRES_PASSWORD") + "@postgres:5432/" + str(env, "POSTGRES_DB")
	if !strings.HasPrefix(dsn, want) {
		t.Errorf("leakwatch's DSN does not match the postgres service's user, password and database")
	}
}
