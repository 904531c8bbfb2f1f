package queries

func openShiftRules() []*Rule {
	return []*Rule{
		{
			ID: "openshift-user-token", Description: "OpenShift user or OAuth access token", Severity: Critical,
			Provider: "OpenShift", Peers: []string{"openshift-user-token"},
			Keywords:   []string{"sha256~"},
			Regex:      `(sha256~[A-Za-z0-9_-]{43})` + valueEnd,
			Validators: []Validator{digitAndLetter},
			MinEntropy: 4.0, PreviewPrefix: 7,
			TruePositives: []string{
				`OC_TOKEN=sha256~Wdz5wrjSvYo2H-DHme1gBdPujsq1NiTfud2v6fHygwd`,
				`Authorization: Bearer sha256~a3nvLO9vY7tB-92B44TKARfvBnpcuELOInOcOI-JVMT`,
				`oc login --token=sha256~sha256~3NUw_QuMiNREyuGf8j8RsJ4mYaUW6KPAnuIANKOeoIW --server=https://api.ocp.acme.internal:6443`,
			},
			FalsePositives: []string{
				`OC_TOKEN=sha256~<your-token>`,
				`OC_TOKEN=sha256~7dCButm40ofc5NJIEZMkQGKMI2PWw1zWbN4PdIeW`,
			},
		},
	}
}
