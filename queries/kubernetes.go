package queries

// Kubernetes Secret objects written into a log: an audit event or a `kubectl get -o json`
// line, or a manifest whose lines a log carries as one value (\n escapes). The values under
// data: are base64, not encryption. One finding per object: the first data entry.
func kubernetesRules() []*Rule {
	return []*Rule{
		{
			ID: "kubernetes-secret-data", Description: "Kubernetes Secret object with its data", Severity: High,
			Provider: "Kubernetes", Peers: []string{"kubernetes-secret-yaml"},
			Keywords: []string{`"kind":"Secret"`, `"kind": "Secret"`, "kind: Secret", `kind: "Secret"`, "kind: 'Secret'", "kind: secret", `kind: "secret"`},
			// The kind and the data may come in either order, so the kind is asked of the line
			// and the regex looks for the data block's first entry.
			KeywordAnywhere: true,
			Regex: `(?:^|[^A-Za-z0-9]|\\[nt])\\?["']?data\\?["']?\s*:\s*\{?(?:\s|\\[nt]|#[^\\"\n]*)*\\?["']?[A-Za-z0-9_.-]{1,253}\\?["']?\s*:\s*` +
				// a YAML block scalar (.dockercfg: |) puts the value on the next lines
				`(?:[|>][-+]?(?:\s|\\[nrt])+)?\\?["']?` +
				`([A-Za-z0-9+/]{8,}={0,2})(?:\\?["',}\s]|\\[nrt]|$)`,
			Validators: []Validator{base64Value},
			MinEntropy: 2.5,
			TruePositives: []string{
				`{"kind":"Event","verb":"create","requestObject":{"apiVersion":"v1","kind":"Secret","metadata":{"name":"db-creds","namespace":"shop"},"data":{"password":"Tm9rM3ZaOXFMMnBXN3hS","username":"c2hvcA=="},"type":"Opaque"}}`,
				`{"msg":"applied manifest","manifest":"apiVersion: v1\nkind: Secret\nmetadata:\n  name: api-token\ntype: Opaque\ndata:\n  token: cjhfUXo3TG0yVnc5S3A0WGQ2Qm4xWWcz\n"}`,
				// a block scalar: the value on the next line
				`{"msg":"applied manifest","manifest":"apiVersion: v1\nkind: Secret\ntype: kubernetes.io/dockercfg\ndata:\n  .dockercfg: |\n    eyJyZWdpc3RyeS5hY21lLmlvIjp7ImF1dGgiOiJaR1Z3Ykc5NUxXSnZkRHBrV2tkM2R6TTVaM1pyZW1oSGMyUTBSekpJWlE9PSIsImVtYWlsIjoib3BzQGFjbWUuaW8ifX0=\n"}`,
			},
			FalsePositives: []string{
				`{"apiVersion":"v1","kind":"Secret","metadata":{"name":"db-creds"},"type":"Opaque"}`,
				`{"kind":"ConfigMap","data":{"config":"bG9nX2xldmVsPWluZm8="}}`,
				`kind: Secret data: {password: <base64-encoded-password>}`,
				`{"manifest":"kind: Secret\ndata:\n  .dockercfg: |\n    <base64-encoded-dockercfg>\n"}`,
			},
		},
	}
}

// base64Value requires a value that decodes as base64, as Secret data does.
func base64Value(secret string) string {
	if _, ok := decodeB64Any(secret); !ok {
		return reasonStructure
	}
	return ""
}
