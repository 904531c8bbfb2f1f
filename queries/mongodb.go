package queries

// MongoDB Atlas service accounts (the connection URI is in connections.go).
func mongoDBRules() []*Rule {
	return []*Rule{
		{
			ID: "mongodb-atlas-service-account-secret", Description: "MongoDB Atlas service account secret", Severity: Critical,
			Provider: "MongoDB", Peers: []string{"mongodb-atlas-service-account-secret"},
			Keywords:   []string{"mdb_sa_sk_"},
			Regex:      `(mdb_sa_sk_[A-Za-z0-9_-]{40})` + valueEnd,
			Validators: []Validator{digitAndLetter},
			MinEntropy: 3.8, PreviewPrefix: 10,
			TruePositives: []string{
				`MONGODB_ATLAS_CLIENT_SECRET=mdb_sa_sk_gwUw_ftV1VelCQ5tNb83yuydPxiWqWxk0LiMUlHC`,
				`Authorization: Bearer mdb_sa_sk_bDvFDzllXwMooto5_dylAp7FYcIedPgKPP6_Vse7`,
			},
			FalsePositives: []string{
				`MONGODB_ATLAS_CLIENT_SECRET=mdb_sa_sk_<your-token>`,
				`MONGODB_ATLAS_CLIENT_SECRET=mdb_sa_sk_0VD7oqzL-dxvPbDsa7t8PO6EHZfQafHqOZuwR`,
			},
		},
		{
			ID: "mongodb-atlas-service-account-id", Description: "MongoDB Atlas service account client id", Severity: Low,
			Provider: "MongoDB", Peers: []string{"mongodb-atlas-service-account-id"},
			Keywords:   []string{"mdb_sa_id_"},
			Regex:      `(mdb_sa_id_[a-f0-9]{24})` + valueEnd,
			Validators: []Validator{digitAndLetter},
			MinEntropy: 3.0, PreviewPrefix: 10,
			TruePositives: []string{
				`MONGODB_ATLAS_CLIENT_ID=mdb_sa_id_5b63797fea0cf601e1385706`,
				`{"level":"error","msg":"client init","token":"mdb_sa_id_e40528b206860e9ab050caa5"}`,
			},
			FalsePositives: []string{
				`MONGODB_ATLAS_CLIENT_ID=mdb_sa_id_<your-token>`,
				`MONGODB_ATLAS_CLIENT_ID=mdb_sa_id_f4c9f8991bacdee3cad8d`,
			},
		},
	}
}
