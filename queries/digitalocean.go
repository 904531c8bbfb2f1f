package queries

func digitalOceanRules() []*Rule {
	do := func(id, prefix, desc string, tps, fps []string) *Rule {
		return &Rule{
			ID: id, Description: desc, Severity: Critical,
			Keywords:       []string{prefix},
			Regex:          `(` + prefix + `[0-9a-f]{64})`,
			MinEntropy:     3.0,
			PreviewPrefix:  len(prefix),
			TruePositives:  tps,
			FalsePositives: fps,
		}
	}
	return []*Rule{
		do("digitalocean-pat", "dop_v1_", "DigitalOcean personal access token", []string{
			`DIGITALOCEAN_ACCESS_TOKEN=dop_v1_ccf824af23833b82ee8e92f0338666b78e37b24c1039969d8cde2a762163a74d`,
			`{"level":"debug","msg":"doctl auth","Authorization":"Bearer dop_v1_37a88e65d941346f38071be4fcaf18e62b0ef5d36c917ac2446574a8c118dbb5"}`,
		}, []string{`DIGITALOCEAN_TOKEN=dop_v1_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`}),
		do("digitalocean-oauth-token", "doo_v1_", "DigitalOcean OAuth access token", []string{
			`access_token=doo_v1_ce9cca8749b04dee02d958a024849d2cce8b3adef2725d8589623021499d21f5&token_type=bearer`,
			`{"access_token":"doo_v1_a6021e5e67964b283ae85751ee738149f7c29055b862684b5267a64c80b57cd6","expires_in":2592000}`,
		}, []string{`token=doo_v1_<token>`}),
		do("digitalocean-refresh-token", "dor_v1_", "DigitalOcean OAuth refresh token", []string{
			`refresh_token=dor_v1_d59d04698e1c277817d30739d5f220473a6d750cfcd07eb8ea7c0a08b0e87462`,
			`{"refresh_token":"dor_v1_639fe66e9f1b6142f20ba77ba32f29fa25d439e68a66e425b58bcccf3a08bf31"}`,
		}, []string{`refresh_token=dor_v1_${REFRESH}`}),
	}
}
