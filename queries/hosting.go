package queries

// Hosting and deployment platforms.
func hostingRules() []*Rule {
	ctx := func(id, desc, name string, body string, sev Severity, validators []Validator, entropy float64, tps, fps []string) *Rule {
		return &Rule{
			ID: id, Description: desc, Severity: sev,
			Keywords:       []string{name},
			IgnoreCase:     true,
			Regex:          assigned(credentialName(name), `(`+body+`)(?:[^A-Za-z0-9_-]|$)`),
			Validators:     validators,
			MinEntropy:     entropy,
			TruePositives:  tps,
			FalsePositives: fps,
		}
	}
	return []*Rule{
		{
			ID: "heroku-api-key", Description: "Heroku API key (HRKU- format)", Severity: Critical,
			Keywords: []string{"HRKU-"}, Regex: `(HRKU-[A-Za-z0-9_-]{58,64})`, MinEntropy: 4.0, PreviewPrefix: 5,
			TruePositives: []string{
				`HEROKU_API_KEY=HRKU-AA8DPBVrNyNpTSeRV4mSs1OFQgzkgVA0FjjtIG4FmI4DDSaacmnOvonTvn`,
				`{"msg":"heroku release","auth":"Bearer HRKU-AAtJbVVYqoeTLZ9r9nUmA87p1KU3nENzoIlrtWD3nOYOhn2teqxQ_P-sV3"}`,
			},
			FalsePositives: []string{`HEROKU_API_KEY=HRKU-<your key>`},
		},
		ctx("heroku-api-key-legacy", "Heroku API key (legacy UUID) next to its name", "heroku",
			`[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`, Critical, nil, 3.0, []string{
				`HEROKU_API_KEY=487aff4c-edd9-4cab-a196-eb470c722414`,
				`heroku config:set --heroku-api-key 15e59016-aad0-b6b8-cf26-a5207edfe3b0`,
				`{"heroku_api_key":"e31e6178-5824-4ada-a6a8-2a65dfc2b241","app":"acme-web"}`,
			}, []string{`HEROKU_API_KEY=00000000-0000-0000-0000-000000000000`, `heroku_app_id=acme-web`}),
		ctx("vercel-token", "Vercel access token next to its name", "vercel", `[A-Za-z0-9]{24}`, High,
			[]Validator{digitAndLetter}, 3.5, []string{
				`VERCEL_TOKEN=GAyc0CGOC5liIIDxX2F7C4im`,
				`<key>VERCEL_TOKEN</key><string>yf2xV0gqo86PMopuNvpFexLW</string>`,
				`{"ci":"deploy","vercel_token":"zfjw70WgwkZaFkbgtKFnGLK8"}`,
			}, []string{`VERCEL_TOKEN=${{ secrets.VERCEL_TOKEN }}`, `vercel_project=acmewebsiteproductionmain`}),
		{
			ID: "supabase-access-token", Description: "Supabase personal access token", Severity: Critical,
			Keywords: []string{"sbp_"}, Regex: `(sbp_[a-f0-9]{40})`, MinEntropy: 3.2, PreviewPrefix: 4,
			TruePositives: []string{
				`SUPABASE_ACCESS_TOKEN=sbp_28f1b4629818b93eac2417a48c742ff342adce58`,
				`{"msg":"supabase link","token":"sbp_3a325cc83fb7ac523345a97ff77c503db193fa7a"}`,
			},
			FalsePositives: []string{`SUPABASE_ACCESS_TOKEN=sbp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`},
		},
		{
			ID: "supabase-secret-key", Description: "Supabase secret API key (publishable keys are public)", Severity: Critical,
			Keywords: []string{"sb_secret_"}, Regex: `(sb_secret_[A-Za-z0-9_-]{31})` + valueEnd, MinEntropy: 3.8, PreviewPrefix: 10,
			TruePositives: []string{
				`SUPABASE_SECRET_KEY=sb_secret_Doj4Ha-aZCaT6T1pJXnN28dZdYgXMTS`,
				`{"headers":{"apikey":"sb_secret_ObYrmFazOO4SfxOz7BdBvPZ8joSmzSa"}}`,
			},
			FalsePositives: []string{`SUPABASE_PUBLISHABLE_KEY=sb_publishable_aUldsHnyWvwISRvIc4mtgwAaE_cI7rk`, `SUPABASE_SECRET_KEY=sb_secret_...`, `supabase_api_key: sb_secret_9uM4GhB0STF5R4K3HxQtlg_bzWW6DR`},
		},
		{
			ID: "netlify-access-token", Description: "Netlify personal access token", Severity: High,
			Keywords: []string{"nfp_"}, Regex: `(nfp_[A-Za-z0-9]{36})`, MinEntropy: 3.8, PreviewPrefix: 4,
			TruePositives: []string{
				`NETLIFY_AUTH_TOKEN=nfp_mjTmoHhb5zZ3zqzOWZIoeFKu7g9PPBXReokH`,
				`{"msg":"netlify deploy","token":"nfp_5N1IUHTIrVds8qb88CuuaidJZpHpTByeOxJO"}`,
			},
			FalsePositives: []string{`NETLIFY_AUTH_TOKEN=nfp_<token>`},
		},
		{
			ID: "flyio-token", Description: "Fly.io access token (macaroon)", Severity: Critical,
			// Tokens flyctl makes start fm1r_, fm1a_ or fm2_; whatever follows the FlyV1 scheme
			// is sent as a credential, so any long token after it is one.
			Keywords: []string{"FlyV1 "}, Regex: `FlyV1 ((?:fm[12][ar]?_)?[A-Za-z0-9+/=,_-]{100,1000})`, MinEntropy: 4.0,
			Validators: []Validator{mixedCase},
			TruePositives: []string{
				`FLY_API_TOKEN=FlyV1 fm2_lJPECAAAAAAAApU1POpNU5gCCJK5un7TxsfD/dJUGqQ6PXciPtK/bHqpq/ei8ElnFKUNrtnwYZ4gpVNW81aRfReIokM2rNNFwckckhc2lPHpS911kCC2+Oj1WHxTqaRyafSbT1mohbc4nCtN5N72Iu2sWsji5XDDO6Y,fm2_lJPEt3FEApCVQ0vR/LVEXfhppVVENiXdYuucZYuse7o0bKD2GMywgr0V2PfK87P2oFjZUAuEOC3v+gh+hLYCFKp6huc+LG`,
				`{"level":"debug","headers":{"Authorization":"FlyV1 fm2_/4v8m5zUFe1ym3XaH0LmeHKmCmRa2L+R+vZOfCUC7W/oNhTLf0sDbS2Ypj2gObFziuu/enZo4u04ugcduKXzFhgRMJw8qMA2kXW7J5aEwr/sjriBjdotnYD4q2ovIh94ephDgc88sQ4Q5lcLWD9ISUV7+cCvrfxFXoEX15APLFs+7Bdwu4zm=="}}`,
			},
			FalsePositives: []string{`FLY_API_TOKEN=FlyV1 fm2_...`},
		},
		{
			// flyctl prints and stores the macaroon without the scheme (fly tokens create, the
			// FLY_ACCESS_TOKEN of a config file); the token after "FlyV1 " is flyio-token's.
			ID: "flyio-token-bare", Description: "Fly.io access token (macaroon) without its FlyV1 scheme", Severity: Critical,
			Provider: "Fly.io",
			Peers:    []string{"flyio-access-token"},
			Keywords: []string{"fm1r_", "fm1a_", "fm2_", "fo1_"}, Regex: `(?:^|[^ ]|[^1] )(fm(?:1[ar]|2)_[A-Za-z0-9+/=,_-]{100,1000}|fo1_[A-Za-z0-9_-]{40,64})`, MinEntropy: 4.0,
			Validators: []Validator{mixedCase}, PreviewPrefix: 4,
			TruePositives: []string{
				`FLY_ACCESS_TOKEN=fm2_lJPECAAAAAAAApU1POpNU5gCCJK5un7TxsfD/dJUGqQ6PXciPtK/bHqpq/ei8ElnFKUNrtnwYZ4gpVNW81aRfReIokM2rNNFwckckhc2lPHpS911kCC2+Oj1WHxTqaRyafSbT1mohbc4nCtN5N72Iu2sWsji5XDDO6Y`,
				`flyctl auth token: fo1_Qm7xZ2nVb8LkR4tYw9HdJc3Fp5sT6gA1eU0iO9kX2zW`,
				`{"msg":"deploy token created","token":"fm1r_lJPECAAAAAAAAMqcxBBLMJKXYKJiT0CI58XmukX/wrVodHlwczovL2FwaS5mbHkuaW8vdjGWAJLOAAFmXh8Lk7lodHRwczovL2FwaS5mbHkuaW8vYWFhL3YxxDy5OfA2M6K6aLEoEDKx"}`,
			},
			FalsePositives: []string{`FLY_ACCESS_TOKEN=fm2_...`, `FLY_ACCESS_TOKEN=fm2_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`},
		},
		{
			ID: "render-api-key", Description: "Render API key", Severity: High,
			Keywords: []string{"rnd_"}, Regex: `(rnd_[A-Za-z0-9]{28,32})`, MinEntropy: 3.8, PreviewPrefix: 4,
			TruePositives: []string{
				`RENDER_API_KEY=rnd_wWEAX4CP4Dj9LnzSBJRVb0SaIxGlp7Z6`,
				`{"auth":"Bearer rnd_TOtxEmzjUUC9V6JUR4JUpVa8ppMc5twB"}`,
			},
			FalsePositives: []string{`RENDER_API_KEY=rnd_<key>`, `ground_Xp2S6JiJ3ysRUP94ZIoOMmYsWRkMJQRv`},
		},
	}
}
