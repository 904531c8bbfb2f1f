package queries

import "strings"

// NuGet package source credentials written in clear in NuGet.Config:
// <add key="ClearTextPassword" value="…" /> (Password holds the DPAPI-encrypted form, which
// still works for the user who made it).
func nugetConfigRules() []*Rule {
	return []*Rule{
		{
			ID: "nuget-config-password", Description: "NuGet.Config package source password", Severity: High,
			Provider: "NuGet", Peers: []string{"nuget-config-password"},
			Keywords:   []string{"ClearTextPassword", `key="Password"`, `key=\"Password\"`},
			Regex:      `<add\s+key=\\?"(?:ClearText)?Password\\?"\s+value=\\?"([^"<>\\]{8,512})\\?"\s*/>`,
			Validators: []Validator{notEnvReference, notNuGetDocExample},
			MinEntropy: 2.5,
			TruePositives: []string{
				`      <add key="ClearTextPassword" value="Vb8nKw3Tq5-Dov1w034qO" />`,
				`{"msg":"restore","config":"<packageSourceCredentials><acme><add key=\"Username\" value=\"ci\" /><add key=\"ClearTextPassword\" value=\"BYoD0hN450itDEF3\" /></acme></packageSourceCredentials>"}`,
			},
			FalsePositives: []string{
				`<add key="ClearTextPassword" value="%NUGET_PASSWORD%" />`,
				`<add key="ClearTextPassword" value="33f!!lloppa" />`,
				`<add key="ClearTextPassword" value="${NUGET_PASSWORD}" />`,
				`<add key="Username" value="ci-publisher-account" />`,
			},
		},
	}
}

// notEnvReference refuses a value that is only a reference to an environment variable
// (%NUGET_PASSWORD%, as NuGet.Config allows): the secret is elsewhere.
func notEnvReference(secret string) string {
	if len(secret) > 2 && secret[0] == '%' && secret[len(secret)-1] == '%' && !strings.ContainsAny(secret[1:len(secret)-1], "% ") {
		return reasonPlaceholder
	}
	return ""
}

// notNuGetDocExample refuses the passwords of the NuGet.Config reference's examples.
func notNuGetDocExample(secret string) string {
	switch secret {
	case "33f!!lloppa", "hal+9ooo_da!sY":
		return reasonPlaceholder
	}
	return ""
}
