package helm_test

import (
	"fmt"
	"strings"
	"testing"

	monitoringv1 "github.com/prometheus-operator/prometheus-operator/pkg/apis/monitoring/v1"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	policyv1 "k8s.io/api/policy/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	metavalidation "k8s.io/apimachinery/pkg/apis/meta/v1/validation"
	"k8s.io/apimachinery/pkg/runtime"
	kjson "k8s.io/apimachinery/pkg/runtime/serializer/json"
	"k8s.io/apimachinery/pkg/util/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"k8s.io/client-go/applyconfigurations"
	clientgoscheme "k8s.io/client-go/kubernetes/scheme"
	"sigs.k8s.io/yaml"
)

// The rendered manifests are checked offline against what ships with the Kubernetes client
// libraries of one release (k8s.io/client-go v0.37.2, see go.mod):
//   - the structural schema of every built-in kind (client-go's applyconfigurations schema,
//     generated from the Kubernetes OpenAPI; the one server-side apply validates with): an
//     unknown field, a misplaced one or a value of the wrong type is an error;
//   - a strict decode into the API's Go types (as kube-apiserver's fieldValidation=Strict),
//     which also holds the Prometheus Operator's ServiceMonitor and PrometheusRule types;
//   - the checks of Kubernetes' validation a manifest can fail on its own: object names and
//     label keys and values, port and container names, environment variable names, volume
//     references, a selector that matches its pods.
type kubeValidator struct {
	scheme  *runtime.Scheme
	decoder *kjson.Serializer
}

func newKubeValidator(t *testing.T) *kubeValidator {
	t.Helper()
	s := runtime.NewScheme()
	if err := clientgoscheme.AddToScheme(s); err != nil {
		t.Fatal(err)
	}
	if err := monitoringv1.AddToScheme(s); err != nil {
		t.Fatal(err)
	}
	return &kubeValidator{scheme: s, decoder: kjson.NewSerializerWithOptions(kjson.DefaultMetaFactory, s, s,
		kjson.SerializerOptions{Yaml: true, Strict: true})}
}

var typeConverter = applyconfigurations.NewTypeConverter(clientgoscheme.Scheme)

// validate returns every problem found in one object.
func (v *kubeValidator) validate(obj map[string]any) []string {
	var errs []string
	add := func(format string, a ...any) { errs = append(errs, fmt.Sprintf(format, a...)) }
	u := &unstructured.Unstructured{Object: obj}
	gvk := u.GroupVersionKind()
	if gvk.Kind == "" || gvk.Version == "" {
		return []string{"apiVersion and kind are required"}
	}
	if !v.scheme.Recognizes(gvk) {
		return []string{fmt.Sprintf("%s is not a kind of the Kubernetes API or the Prometheus Operator", gvk)}
	}
	if gvk.Group != monitoringv1.SchemeGroupVersion.Group {
		if _, err := typeConverter.ObjectToTyped(u); err != nil {
			add("schema: %v", err)
		}
	}
	raw, err := yaml.Marshal(obj)
	if err != nil {
		return append(errs, err.Error())
	}
	typed, _, err := v.decoder.Decode(raw, nil, nil)
	if err != nil {
		return append(errs, fmt.Sprintf("strict decode: %v", err))
	}
	acc, err := metaAccessor(typed)
	if err != nil {
		return append(errs, err.Error())
	}
	if acc.GetName() == "" {
		add("metadata.name is required")
	}
	for _, m := range validation.IsDNS1123Subdomain(acc.GetName()) {
		add("metadata.name %q: %s", acc.GetName(), m)
	}
	if ns := acc.GetNamespace(); ns != "" {
		for _, m := range validation.IsDNS1123Label(ns) {
			add("metadata.namespace %q: %s", ns, m)
		}
	}
	for _, e := range metavalidation.ValidateLabels(acc.GetLabels(), field.NewPath("metadata", "labels")) {
		add("%v", e)
	}
	switch o := typed.(type) {
	case *appsv1.Deployment:
		errs = append(errs, validateDeployment(o)...)
	case *policyv1.PodDisruptionBudget:
		if o.Spec.Selector == nil || len(o.Spec.Selector.MatchLabels) == 0 {
			add("PodDisruptionBudget: spec.selector is required")
		}
		if o.Spec.MinAvailable != nil && o.Spec.MaxUnavailable != nil {
			add("PodDisruptionBudget: minAvailable and maxUnavailable are exclusive")
		}
	case *corev1.Service:
		for _, p := range o.Spec.Ports {
			for _, m := range validation.IsValidPortName(p.Name) {
				add("Service port name %q: %s", p.Name, m)
			}
			if p.Port < 1 || p.Port > 65535 {
				add("Service port %d out of range", p.Port)
			}
		}
	case *corev1.ConfigMap:
		for k := range o.Data {
			for _, m := range validation.IsConfigMapKey(k) {
				add("ConfigMap key %q: %s", k, m)
			}
		}
	case *monitoringv1.ServiceMonitor:
		if o.Spec.Selector.Size() == 0 || len(o.Spec.Endpoints) == 0 {
			add("ServiceMonitor: selector and endpoints are required")
		}
	case *monitoringv1.PrometheusRule:
		for _, g := range o.Spec.Groups {
			for _, r := range g.Rules {
				if (r.Alert == "") == (r.Record == "") || r.Expr.String() == "" {
					add("PrometheusRule group %s: a rule needs alert or record, and expr", g.Name)
				}
			}
		}
	}
	return errs
}

func metaAccessor(o runtime.Object) (metav1.Object, error) {
	m, ok := o.(metav1.Object)
	if !ok {
		return nil, fmt.Errorf("%T has no metadata", o)
	}
	return m, nil
}

func validateDeployment(d *appsv1.Deployment) []string {
	var errs []string
	add := func(format string, a ...any) { errs = append(errs, fmt.Sprintf(format, a...)) }
	if d.Spec.Selector == nil {
		return []string{"Deployment: spec.selector is required"}
	}
	sel, err := metav1.LabelSelectorAsSelector(d.Spec.Selector)
	if err != nil {
		add("Deployment selector: %v", err)
	} else if sel.Empty() || !sel.Matches(labelSet(d.Spec.Template.Labels)) {
		add("Deployment: spec.selector does not match the pod template's labels")
	}
	if d.Spec.Strategy.Type == appsv1.RecreateDeploymentStrategyType && d.Spec.Strategy.RollingUpdate != nil {
		add("Deployment: rollingUpdate with strategy Recreate")
	}
	pod := d.Spec.Template.Spec
	vols := map[string]bool{}
	for _, v := range pod.Volumes {
		for _, m := range validation.IsDNS1123Label(v.Name) {
			add("volume %q: %s", v.Name, m)
		}
		if vols[v.Name] {
			add("volume %q twice", v.Name)
		}
		vols[v.Name] = true
		sources := 0
		for _, set := range []bool{v.ConfigMap != nil, v.Secret != nil, v.EmptyDir != nil, v.PersistentVolumeClaim != nil, v.Projected != nil, v.HostPath != nil} {
			if set {
				sources++
			}
		}
		if sources != 1 {
			add("volume %q has %d sources, want 1", v.Name, sources)
		}
	}
	if len(pod.Containers) == 0 {
		add("pod has no container")
	}
	for _, c := range pod.Containers {
		for _, m := range validation.IsDNS1123Label(c.Name) {
			add("container name %q: %s", c.Name, m)
		}
		if c.Image == "" {
			add("container %s: image is required", c.Name)
		}
		ports := map[string]bool{}
		for _, p := range c.Ports {
			for _, m := range validation.IsValidPortName(p.Name) {
				add("container port name %q: %s", p.Name, m)
			}
			ports[p.Name] = true
		}
		for _, e := range c.Env {
			for _, m := range validation.IsEnvVarName(e.Name) {
				add("env %q: %s", e.Name, m)
			}
			if e.Value != "" && e.ValueFrom != nil {
				add("env %s: value and valueFrom are exclusive", e.Name)
			}
		}
		mounts := map[string]bool{}
		for _, m := range c.VolumeMounts {
			if !vols[m.Name] {
				add("container %s mounts volume %q, which the pod does not have", c.Name, m.Name)
			}
			if !strings.HasPrefix(m.MountPath, "/") || mounts[m.MountPath] {
				add("container %s: mountPath %q is not absolute or is used twice", c.Name, m.MountPath)
			}
			mounts[m.MountPath] = true
		}
		for name, p := range map[string]*corev1.Probe{"liveness": c.LivenessProbe, "readiness": c.ReadinessProbe} {
			if p == nil {
				continue
			}
			handlers := 0
			if p.HTTPGet != nil {
				handlers++
				if port := p.HTTPGet.Port; port.StrVal != "" && !ports[port.StrVal] {
					add("%s probe port %q is not a container port", name, port.StrVal)
				}
			}
			if p.Exec != nil {
				handlers++
			}
			if p.TCPSocket != nil || p.GRPC != nil {
				handlers++
			}
			if handlers != 1 {
				add("%s probe has %d handlers, want 1", name, handlers)
			}
		}
	}
	return errs
}

type labelSet map[string]string

func (l labelSet) Has(k string) bool   { _, ok := l[k]; return ok }
func (l labelSet) Get(k string) string { return l[k] }
func (l labelSet) Lookup(k string) (string, bool) {
	v, ok := l[k]
	return v, ok
}

func TestRenderedManifestsValidate(t *testing.T) {
	v := newKubeValidator(t)
	for name, rd := range renderModes(t) {
		for _, o := range rd.objs {
			for _, e := range v.validate(o) {
				t.Errorf("%s: %s/%s: %s", name, str(o, "kind"), str(o, "metadata", "name"), e)
			}
		}
	}
}

// The validator itself refuses what the API server would: each broken copy of the rendered
// Deployment, Service and PDB is reported.
func TestValidatorRefusesBrokenManifests(t *testing.T) {
	v := newKubeValidator(t)
	objs := byKind(renderModes(t)["postgres"].objs)
	cases := []struct {
		name, kind string
		breakIt    func(o map[string]any)
		want       string
	}{
		{"unknown field", "Deployment/leakwatch", func(o map[string]any) { o["spec"].(map[string]any)["replica"] = 2 }, "replica"},
		{"wrong type", "Deployment/leakwatch", func(o map[string]any) { o["spec"].(map[string]any)["replicas"] = "two" }, "replicas"},
		{"misplaced field", "Deployment/leakwatch", func(o map[string]any) {
			dig(o, "spec", "template", "spec", "containers", 0).(map[string]any)["readOnlyRootFilesystem"] = true
		}, "readOnlyRootFilesystem"},
		{"missing volume", "Deployment/leakwatch", func(o map[string]any) {
			c := dig(o, "spec", "template", "spec", "containers", 0).(map[string]any)
			c["volumeMounts"] = append(c["volumeMounts"].([]any), map[string]any{"name": "nope", "mountPath": "/nope"})
		}, `volume "nope"`},
		{"selector mismatch", "Deployment/leakwatch", func(o map[string]any) {
			dig(o, "spec", "selector", "matchLabels").(map[string]any)["app.kubernetes.io/name"] = "other"
		}, "does not match"},
		{"bad label", "Service/leakwatch", func(o map[string]any) {
			dig(o, "metadata", "labels").(map[string]any)["app.kubernetes.io/version"] = "not a label value!"
		}, "metadata.labels"},
		{"bad quantity", "Deployment/leakwatch", func(o map[string]any) {
			dig(o, "spec", "template", "spec", "containers", 0, "resources", "limits").(map[string]any)["memory"] = "lots"
		}, "quantities"},
		{"PDB without selector", "PodDisruptionBudget/leakwatch", func(o map[string]any) { delete(o["spec"].(map[string]any), "selector") }, "selector"},
		{"ServiceMonitor unknown field", "ServiceMonitor/leakwatch", func(o map[string]any) { o["spec"].(map[string]any)["endpoint"] = []any{} }, "endpoint"},
		{"not a kind", "Service/leakwatch", func(o map[string]any) { o["kind"] = "Servise" }, "not a kind"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			o := deepCopy(t, objs[c.kind])
			if o == nil {
				t.Fatalf("no %s rendered", c.kind)
			}
			c.breakIt(o)
			errs := v.validate(o)
			if !strings.Contains(strings.Join(errs, "\n"), c.want) {
				t.Errorf("errors %q do not mention %s", errs, c.want)
			}
		})
	}
}

func deepCopy(t *testing.T, o map[string]any) map[string]any {
	t.Helper()
	if o == nil {
		return nil
	}
	b, err := yaml.Marshal(o)
	if err != nil {
		t.Fatal(err)
	}
	var out map[string]any
	if err := yaml.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	return out
}
