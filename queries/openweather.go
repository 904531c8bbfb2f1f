package queries

func openWeatherRules() []*Rule {
	return []*Rule{
		{
			ID: "openweather-api-key", Description: "OpenWeather API key next to its name", Severity: Medium,
			Provider: "OpenWeather", Peers: []string{"openweather-api-key"},
			Keywords:   []string{"openweather", "OPENWEATHER", "Openweather", "openWeather", "OpenWeather", "pyowm", "PYOWM", "Pyowm"},
			Regex:      assigned(named(`(?:openweather|OPENWEATHER|Openweather|openWeather|OpenWeather|pyowm|PYOWM|Pyowm)`), `([a-z0-9]{32})`+valueEnd),
			Validators: []Validator{digitAndLetter},
			MinEntropy: 3.0,
			TruePositives: []string{
				`OPENWEATHER_API_KEY=2861cb66582ee24971c98db87693f4c2`,
				`ts=2026-12-07T09:14:03Z level=debug msg="retrying call" openweathermap_appid=bef3986bb6b4e430ec6d3b813df274c0`,
			},
			FalsePositives: []string{
				`OPENWEATHER_API_KEY=${OPENWEATHER_API_KEY}`,
				`OPENWEATHER_API_KEY=0123456789abcdef0123456789abcdef`,
			},
		},
	}
}
