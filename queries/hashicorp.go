package queries

// HashiCorp Vault and Terraform Cloud / HCP Terraform.
func hashicorpRules() []*Rule {
	return []*Rule{{
		ID:            "vault-service-token",
		Description:   "HashiCorp Vault service token",
		Severity:      Critical,
		Keywords:      []string{"hvs."},
		Regex:         `(hvs\.[A-Za-z0-9_-]{24,250})`,
		MinEntropy:    3.8,
		PreviewPrefix: 4,
		TruePositives: []string{
			`VAULT_TOKEN=hvs.CAESI-Umal3yfyokqkNN3km6Hi_4kGHyt61Q_usnVBSuMpfGbweLDXUDA8kh5cMDHfdOB_ui2spPSuQZ7NTEwlF7ALL`,
			`{"level":"debug","msg":"vault login ok","X-Vault-Token":"hvs.2CMkRsr6d50Y9ZSO5EnIkybh"}`,
		},
		FalsePositives: []string{`VAULT_TOKEN=hvs.xxxxxxxxxxxxxxxxxxxxxxxx`, `pkg=github.com/ahvs.sUDrJnjz66xCpm1UbAEVhxTT`},
	}, {
		ID:            "vault-batch-token",
		Description:   "HashiCorp Vault batch token",
		Severity:      High,
		Keywords:      []string{"hvb."},
		Regex:         `(hvb\.[A-Za-z0-9_-]{24,400})`,
		MinEntropy:    3.8,
		PreviewPrefix: 4,
		TruePositives: []string{
			`X-Vault-Token: hvb.AAAAAQpAc6mipd5oRadsKPOj-WApUfW1sUffM3LLvUaW6-fvoHC8c-R4gHWgTfub0hqBkXUV_yCZ30FzKIQZtuGVNyW_Fv2iVwdmCMSFCJ5LbUFBlvkzsKhDVGaBlxAN_lsClGq0`,
			`{"auth":{"client_token":"hvb.AAAAAQLIZ0ls06cYY6y2uhPsZx_H6Xq0RqSn7FWDRa1j6QxMxz4mvDQkjNsYPUDGVmWVxVDHdjqLxVgaGKS7RndBc96uKo9zQXhIvdn-H2zNFapK5n-JeYVxBafEQv"}}`,
		},
		FalsePositives: []string{`token=hvb.<batch-token>`},
	}, {
		ID:          "vault-legacy-token",
		Description: "HashiCorp Vault token in the legacy s. format, next to its name",
		Severity:    Critical,
		Keywords:    []string{"vault_token", "x-vault-token", "vaulttoken"},
		IgnoreCase:  true,
		Regex:       assigned(`(?:`+cased("vault_token")+`|`+cased("x-vault-token")+`|`+cased("vault", "token")+`)`, `(s\.[A-Za-z0-9]{24})(?:[^A-Za-z0-9]|$)`),
		Validators:  []Validator{mixedCase},
		MinEntropy:  3.5,
		TruePositives: []string{
			`VAULT_TOKEN=s.b6LWOxWu0xsrZE4Vv8gT92iq`,
			`docker run -e VAULT_TOKEN:=s.OheG8fBuLgU5gkzkYxnifhbv app`,
			`req.Header.Set("X-Vault-Token", "s.VvIcJW5r7U9bJLVRAlV7hcaA")`,
			`X-Vault-Token: s.8FbD2IMKXtM2Zbx7Z8dS3WiH`,
		},
		FalsePositives: []string{`VAULT_TOKEN=s.${TOKEN}`, `vault_token: s.abcdefghijklmnopqrstuvwx`},
	}, {
		ID:          "terraform-cloud-token",
		Description: "Terraform Cloud / HCP Terraform API token",
		Severity:    Critical,
		Keywords:    []string{".atlasv1."},
		Regex:       `([A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9_=-]{60,70})`,
		MinEntropy:  4.0,
		TruePositives: []string{
			`TF_TOKEN_app_terraform_io=FSWo4GvhbwYZEa.atlasv1.l3WIw5o3CLafXAj54Lz82tVWZcxmkZBzH6-lctnL3aVPqUdpixKDTfQVAx-YokR9LML`,
			`credentials "app.terraform.io" { token = "7B3s1vgzH933JJ.atlasv1.-G-r0hoFmOo-uNtvPmNAiB5X0GDAG2ktEN59ZeUKkVJivjNkpL_9HtGdFzchaAnxXDF" }`,
		},
		FalsePositives: []string{`token = "xxxxxxxxxxxxxx.atlasv1.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"`},
	}}
}
