package queries

func paddleRules() []*Rule {
	return []*Rule{
		{
			ID: "paddle-live-api-key", Description: "Paddle Billing live API key", Severity: Critical,
			Provider: "Paddle", Peers: []string{"paddle-live-api-key"},
			Keywords:   []string{"pdl_live_apikey_"},
			Regex:      `(pdl_live_apikey_[a-z0-9]{26}_[A-Za-z0-9]{22}_[A-Za-z0-9]{3})` + valueEnd,
			Validators: []Validator{digitAndLetter},
			MinEntropy: 4.0, PreviewPrefix: 16,
			TruePositives: []string{
				`PADDLE_API_KEY=pdl_live_apikey_43rsir91nfoskc6vlb292oudjd_9npXgYot1acSXSpKl16WqV_SBJ`,
				`GET /v1/account?key=pdl_live_apikey_jtrmnx0tkax8kvfovlrfomx2nj_Em3qAHh7vuklU1rPtC6POX_Rzc&page=2 HTTP/1.1 401`,
			},
			FalsePositives: []string{
				`PADDLE_API_KEY=pdl_live_apikey_<your-token>`,
				`PADDLE_API_KEY=pdl_live_apikey_qalg4kwhvvmzn1xmrc98pap_xVFBt43hpMcjw43Ggmg_X`,
			},
		},
	}
}
