package queries

// Package registries.
func packageRules() []*Rule {
	return []*Rule{{
		ID:            "npm-access-token",
		Description:   "npm access token (checksummed)",
		Severity:      Critical,
		Keywords:      []string{"npm_"},
		Regex:         `(npm_[A-Za-z0-9]{36})`,
		Validators:    []Validator{crc32Base62Tail(4)},
		PreviewPrefix: 4,
		TruePositives: []string{
			`//registry.npmjs.org/:_authToken=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`,
			`{"level":"info","msg":"npm publish","env":{"NPM_TOKEN":"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"}}`,
		},
		FalsePositives: []string{
			`NPM_TOKEN=npm_8SsfV7cb4s13hP6nM2KSC39CqTtavo2RhXgD`, // wrong checksum
			`//registry.npmjs.org/:_authToken=${NPM_TOKEN}`,
		},
	}, {
		ID:            "pypi-upload-token",
		Description:   "PyPI API token (macaroon)",
		Severity:      Critical,
		Keywords:      []string{"pypi-AgEIcHlwaS5vcmc"},
		Regex:         `(pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,1000})`,
		MinEntropy:    4.0,
		PreviewPrefix: 5,
		TruePositives: []string{
			`TWINE_PASSWORD=pypi-AgEIcHlwaS5vcmcCJwII-KJUVPePyAQpN4dphUnmp5S7qNq8jl0Ba17U-22PJkCoM-snJgDdI11orInkMBjTV27xcTDaAt9QS3IieHpqUK2vNhYz-hDo0FdQNigZR42hlmlDqUipoSerF3AV8pCQx8cXNl--d`,
			`twine upload --repository-url https://upload.pypi.org/legacy/ -u __token__ -p pypi-AgEIcHlwaS5vcmcCJ8-ffiz6SUAOLnRkLi9tfZo0MgmxUN63BO001jlv6dm9xhwZSoWXC8V8ckp7MslwCz_hlrmpOFbpifLP9kLuCOCjwjAWFwipXYWFoS3e-VtnCO2Od_TwgFzyyq42KLtEr1ILv1K7b_I-zBdVRV0V9FOjGhjgZQBmu dist/*`,
			`https://__token__:pypi-AgEIcHlwaS5vcmcCJmmRWJMIABsny7wYUCDpp4U239-7iSDFlksZns2CVTGA_RG478IL-tqu8jO9xtc9K3YTvOx6s53ovbfe3xsaWimC48xp1UWp32IE2-ZUJOtCoIkFU7xHVnbhq8fgAIqb0h6WqVJ_rtkKr@upload.pypi.org/legacy/`,
		},
		FalsePositives: []string{`TWINE_PASSWORD=pypi-AgEIcHlwaS5vcmc...`},
	}, {
		ID:            "docker-hub-token",
		Description:   "Docker Hub personal or organization access token",
		Severity:      High,
		Keywords:      []string{"dckr_pat_", "dckr_oat_"},
		Regex:         `(dckr_[po]at_[A-Za-z0-9_-]{27,32})`,
		MinEntropy:    3.5,
		PreviewPrefix: 9,
		TruePositives: []string{
			`echo dckr_pat_a6kSyP1TWFAX_wqkwi3i2V6SPH2 | docker login -u acmeci --password-stdin`,
			`{"auths":{"https://index.docker.io/v1/":{"password":"dckr_oat_bcInOP6nQn91IQI1JJDHDNF9t-uJ6Pzi"}}}`,
		},
		FalsePositives: []string{`DOCKERHUB_TOKEN=dckr_pat_<token>`},
	}, {
		ID:            "jfrog-api-key",
		Description:   "JFrog Artifactory API key",
		Severity:      High,
		Keywords:      []string{"AKCp"},
		Regex:         `(AKCp[A-Za-z0-9]{69})`,
		MinEntropy:    4.0,
		PreviewPrefix: 4,
		TruePositives: []string{
			`X-JFrog-Art-Api: AKCpBiQY4xKdkF89ukDLUZlriU4sZMzCudHfOGU9XyTO98Vq9bAOTUzt3SlspCSr9LVVxEdn2`,
			`{"artifactory":{"apiKey":"AKCpBWs7025CoLlUXLW5duY8Apn2sutv4yYnYc8feNiVAWfq8GlV2MNzJnOcohMNWaEmrGAID"}}`,
		},
		FalsePositives: []string{`X-JFrog-Art-Api: AKCpXXXXXXXX`},
	}, {
		ID:            "jfrog-identity-token",
		Description:   "JFrog identity / reference token",
		Severity:      High,
		Keywords:      []string{"cmVmdGtuOjAxOj"},
		Regex:         `(cmVmdGtuOjAxOj[A-Za-z0-9]{50,70})`,
		MinEntropy:    4.0,
		PreviewPrefix: 14,
		TruePositives: []string{
			`Authorization: Bearer cmVmdGtuOjAxOjE3bmePWLh7apFv3gwyAFMMw0rDryhcy6xPlpMgQZPdinphsKnOq9rnptH7sQky`,
			`JFROG_ACCESS_TOKEN=cmVmdGtuOjAxOjE4oJVT6cVmVJOuywQ5BxoNEznRTRdKXadtM56s7lWvaIbCzjzy3VXX`,
		},
		FalsePositives: []string{`token=cmVmdGtuOjAxOj`},
	}, {
		ID:            "rubygems-api-key",
		Description:   "RubyGems API key",
		Severity:      Critical,
		Keywords:      []string{"rubygems_"},
		Regex:         `(rubygems_[a-f0-9]{48})`,
		MinEntropy:    3.2,
		PreviewPrefix: 9,
		TruePositives: []string{
			`GEM_HOST_API_KEY=rubygems_e5b23f41ed9cc32d5869ea7bf3d415c85697b20f5a361713`,
			`{"rubygems_api_key":"rubygems_defc0d210c1fb8ef4230352906d188ae9bc671feebb2c5d3"}`,
		},
		FalsePositives: []string{`GEM_HOST_API_KEY=rubygems_<key>`},
	}, {
		ID:            "nuget-api-key",
		Description:   "NuGet.org API key",
		Severity:      High,
		Keywords:      []string{"oy2"},
		Regex:         `(oy2[a-z0-9]{43})`,
		Validators:    []Validator{digitAndLetter},
		MinEntropy:    3.5,
		PreviewPrefix: 3,
		TruePositives: []string{
			`dotnet nuget push pkg.nupkg --api-key oy2ayssft2a0uxplhtytfssecnz86o68txlmavbpqfflmg --source https://api.nuget.org/v3/index.json`,
			`NUGET_API_KEY=oy2wdsl3qm5qadgwgvuj0j9m9d16iksp3vefy40z0dyfav`,
		},
		FalsePositives: []string{`toy2x41xe7bbtbcb318jvsle15elihetren2smpg57kk9ds`, `NUGET_API_KEY=oy2xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`},
	}}
}
