package queries

// Mapbox tokens: pk. public tokens are meant for browsers; sk. secret tokens are not.
func mapboxRules() []*Rule {
	return []*Rule{
		{
			ID: "mapbox-secret-token", Description: "Mapbox secret access token", Severity: High,
			Provider: "Mapbox", Peers: []string{},
			Keywords:   []string{"sk.eyJ1Ijoi"},
			Regex:      `(sk\.eyJ1Ijoi[A-Za-z0-9_-]{20,300}\.[A-Za-z0-9_-]{22})` + valueEnd,
			Validators: []Validator{digitAndLetter},
			MinEntropy: 4.0, PreviewPrefix: 11,
			TruePositives: []string{
				`MAPBOX_SECRET_TOKEN=sk.eyJ1IjoiE7XwNEQzLOSXO9bUyfpwlpnU4hlh7jc5WsTMYk0knPRdgAlhQK96DXrJVP7X.s05Q-zzGBY8ihHFjiB1Zdz`,
				`GET /v1/account?key=sk.eyJ1IjoiwFCoNR1QYa7Apw3VoRnqRccZyOKglIRh2XePutTa18HgEjBtPGu-MKSqqrXM.WgZw2VBN4ODB0q0VbRg6Qu&page=2 HTTP/1.1 401`,
			},
			FalsePositives: []string{
				`MAPBOX_SECRET_TOKEN=sk.eyJ1Ijoi<your-token>`,
				`MAPBOX_SECRET_TOKEN=sk.eyJ1IjoiTPpuvHPHzy6TMj162pt.2a515iCxlmGpfOTRwyWZyZ`,
			},
		},
		{
			ID: "mapbox-api-token", Description: "Mapbox public access token next to its name", Severity: Low,
			Provider: "Mapbox", Peers: []string{"mapbox-api-token"},
			Keywords:   []string{"mapbox", "MAPBOX", "Mapbox", "MapBox"},
			Regex:      assigned(namedCredential(`(?:mapbox|MAPBOX|Mapbox|MapBox)`), `(pk\.[A-Za-z0-9_-]{60,300}\.[A-Za-z0-9_-]{22})`+valueEnd),
			Validators: []Validator{digitAndLetter},
			MinEntropy: 3.5,
			TruePositives: []string{
				`MAPBOX_ACCESS_TOKEN=pk.i9iipdglpzix2zxvs5smbjvm4lhky067j7kdlqevw30oagakvfc37g3ab91o.49mtd7ygk59guv1syiftqf`,
				`  mapboxToken: "pk.6kmvgvkomzk5ffiu0ltggx13yh9uqt28v9ke6glj9eqdumd5fa5f9exbg6h5.eer55n6slaq1vlqeb0z491"`,
			},
			FalsePositives: []string{
				`MAPBOX_ACCESS_TOKEN=${MAPBOX_ACCESS_TOKEN}`,
				`MAPBOX_ACCESS_TOKEN=pk.abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwx.abcdefghijklmnopqrstuv`,
			},
		},
	}
}
