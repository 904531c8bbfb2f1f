package queries

import "regexp"

// PEM private keys. The detector sees one line at a time, so a key is found when its body
// shares the line with the BEGIN line: JSON logs escape newlines as \n, some loggers fold them
// to spaces. A BEGIN line alone (a multi-line PEM in a plain log) carries no key material to
// fingerprint and is not reported.
func privateKeyRules() []*Rule {
	// pemBodyRe is the body of a PEM block on one line: base64, escaped or real line breaks,
	// spaces, and the headers of a legacy encrypted key (first: RE2 prefers earlier alternatives).
	const pemBodyRe = `(?:Proc-Type: 4,ENCRYPTED|DEK-Info: [A-Z0-9-]+,[0-9A-Fa-f]+|\\{1,3}[rn]|[\r\n\t ]|[A-Za-z0-9+/=])+`
	pem := func(id, label, desc string, tps, fps []string) *Rule {
		begin := "-----BEGIN " + label + "-----"
		end := "-----END " + label + "-----"
		return &Rule{
			ID:             id,
			Description:    desc,
			Severity:       Critical,
			Keywords:       []string{"-----BEGIN " + label},
			Regex:          `(` + regexp.QuoteMeta(begin) + pemBodyRe + `(?:` + regexp.QuoteMeta(end) + `)?)`,
			Validators:     []Validator{pemBody},
			MinEntropy:     4.0,
			PreviewPrefix:  len("-----BEGIN " + label),
			TruePositives:  tps,
			FalsePositives: fps,
		}
	}
	return []*Rule{
		pem("private-key-rsa", "RSA PRIVATE KEY", "RSA private key (PKCS#1 PEM)", []string{
			`{"level":"debug","msg":"loaded key","pem":"-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEAi/10uQzZRXY3FCBc/s8PpsGOCn3NImOgb1fMArREAh+OWiWa\nn4y/LLIccQWrd+Zn6resTIqbaVuxD5iY4Eb8wR4OmaDnj3Gz61UypzIEBfu7Dlvo\nLhGLb09U/jR5Ab/e5cVG+rINF4S3+v/jgRCAs7glZoXFpX/q7l/E1wY30s29jf2a\n1EywJ8hUD6q4p0kiyNJx==\n-----END RSA PRIVATE KEY-----\n"}`,
			`TLS_KEY=-----BEGIN RSA PRIVATE KEY----- MIIEowIBAAKCAQEA38cK4nU3C8n7C+w/SGYMyq3fMKTguJBR8H+97z0IXPO6RscK JQVO16B4Pwb94amIZLZ63yf2udhEqXNsM90Anz0z8lvKjNDI0qxUOC5awfXvQ166 24pu39HbIU686liHE9VWFn00kngIWD= -----END RSA PRIVATE KEY-----`,
			`{\"key\":\"-----BEGIN RSA PRIVATE KEY-----\\nProc-Type: 4,ENCRYPTED\\nDEK-Info: AES-128-CBC,721A0D02EDCC4AE46033492C746C6DF9\\n\\n0eN34qqyDX1h2Fjx3Usfl7qELnbhO6ZZzUdGKZTiwg6TX0zFO6OX0G+zNWzAeEVY\\nf0DrlvsDgbimdNwiJvIi+/Exrx6e1EMBRRs+YNt6sZJngofrjZOAZZPBKavmJcrj\\n-----END RSA PRIVATE KEY-----\"}`,
		}, []string{
			`-----BEGIN RSA PRIVATE KEY-----`,
			`msg="refusing to log" value="-----BEGIN RSA PRIVATE KEY----- [REDACTED]"`,
			`-----BEGIN RSA PRIVATE KEY----- found in config file while loading settings`,
		}),
		pem("private-key-pkcs8", "PRIVATE KEY", "Private key (PKCS#8 PEM), including service-account JSON private_key fields", []string{
			`{"type":"service_account","project_id":"acme-prod","private_key":"-----BEGIN PRIVATE KEY-----\nMIIEvgIBADANBgkqhkiG9w0BAQEFAASCc/cJAaX47dUZB1e8VICukZaVHbnJotLq\nzealdvo/lSG+cDz0DF0V73JSVrFRn+5zqpXGV7jXRDXS55nbaj9ymtxtg2/y09yz\nXCcQjfvB9C4vSC+7TRjaZTIvEfaLgZYv/0gEZxwcVt2vDC8xP9oJZFBn53FvWjKR\n-----END PRIVATE KEY-----\n","client_email":"ci@acme-prod.iam.gserviceaccount.com"}`,
			`level=error msg="bad key" key="-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgwjO5spfkoirgoxlbK172YyIpm7zX8UxGCaD9ehlz\nZIhQtp7hgMM2CyhbAt4avLothQXT/zZ7d4cZmADUlMXrru+YL9dY/+dmYF7pmvDT\n-----END PRIVATE KEY-----"`,
		}, []string{
			`-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAIEBicugMHjMcBsULsjJ3\n8ttWKvZVdHhnbVZU9pp71bzvIXHvvQn5e66Bk0d/QzO+/TtJI+wN4nKvK320QWWs\n-----END PUBLIC KEY-----`,
			`"private_key":"-----BEGIN PRIVATE KEY-----\n<your key here>\n-----END PRIVATE KEY-----\n"`,
		}),
		pem("private-key-ec", "EC PRIVATE KEY", "Elliptic-curve private key (SEC1 PEM)", []string{
			`{"msg":"signer","key":"-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIz7uA8ReLPgTmiNBwT/dNrmwwy5hTQsucUrZr2xGp1vPskTTIdUkpT6N\nPgAI63RfDpVXu/mibA3bFppVbktSsJOxevDYfybOhXDm5LMFNsvdVVdOsdIZMkaT\nIXepxeo9mMy07PZg+tF/==\n-----END EC PRIVATE KEY-----"}`,
			`APNS_KEY=-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIhhkfxEmsXkFR86yugCNgw4qCyBVFwhDBj8J8Gv9cAZBbtp0Xz5rrG7K\n/5FiiIn76Qo4Eel2q0OJdHQ014yy+gaMDmp/Fveo8bUu82EGtI0Eu/fNL8U3DtZv==\n-----END EC PRIVATE KEY-----`,
		}, []string{
			`-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----`,
			`-----BEGIN EC PRIVATE KEY-----\n...\n-----END EC PRIVATE KEY-----`,
		}),
		pem("private-key-openssh", "OPENSSH PRIVATE KEY", "OpenSSH private key", []string{
			`{"deploy_key":"-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\nS+Rq+CZS+DuuzqiHXHLQmiM+NpFmqwo6q9yc6f8N7EXni3WesTm3tohe87mqHLw/\nc8D5woJZ/8MyD6e8GnttU/Ef9s6PD1+085hDcMbRzHPgYrrJR5hqveulQfmiGKJW\n-----END OPENSSH PRIVATE KEY-----\n"}`,
			`SSH_PRIVATE_KEY=-----BEGIN OPENSSH PRIVATE KEY----- b3BlbnNzaC1rZXktdjEAAAAACmFlczI1Ni1jdHIAAAAGYmNyeXB0AAAAGAAAABBDBp5xiHuMmPjYOMqM6Eh 58Gz2CVVun3z17f4P+/n4rSuoyFlM0t03Snar2duwTULf++I0Xld/kvMXb1wuViD -----END OPENSSH PRIVATE KEY-----`,
		}, []string{
			`ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIN7uiy2RHTZpc7sjy6rgGiHcfxJZwzBD5g9hFoyK+bea deploy@ci`,
			`-----BEGIN OPENSSH PRIVATE KEY-----\n${SSH_KEY}\n-----END OPENSSH PRIVATE KEY-----`,
		}),
		pem("private-key-encrypted", "ENCRYPTED PRIVATE KEY", "Encrypted private key (PKCS#8 PEM): still a leak, the passphrase is often nearby", []string{
			`{"tls":{"key":"-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIFHzBJBgkqhkiG9w0BBQ0wPDAbBgkqhkiG9w0BBQwwDgQIj0AOuA9+CdZJrfHM\nBXVaEWkkz3aLMttCQtuKSYkf4nwb2taEdLJC22uxUq8OYg34XPch0rL4qPNFTYdI\nl7DLm1RyNsOfM68kytG7lqPc64TlckV30hh16OztvOBS3BBsFmavJOMp52W1xnmb\n-----END ENCRYPTED PRIVATE KEY-----"}}`,
			`KEY_PEM=-----BEGIN ENCRYPTED PRIVATE KEY-----\r\nMIIFHzBJBgkqhkiG9w0BBQ0wPDAbBgkqhkiG9w0BBQwwDgQI6VmKYfY6wyBWq++R\r\nVH2twlhuhmCBjNDfsFK72qmB5fpxAiEwvL4ni5NgrwAb7/NYK+5LYUO1A3jQhjfA\r\n-----END ENCRYPTED PRIVATE KEY-----`,
		}, []string{
			`-----BEGIN ENCRYPTED PRIVATE KEY-----\n****\n-----END ENCRYPTED PRIVATE KEY-----`,
		}),
		pem("private-key-dsa", "DSA PRIVATE KEY", "DSA private key (PEM)", []string{
			`{"key":"-----BEGIN DSA PRIVATE KEY-----\nMIIBuwIBAAKBgQAUb3kKUFhcsgxDXOduXIcvj94PLZV3yBLzvh8sVhyXINVdS0nD\nTmf3exBevPGOhyJEmkV8W1FG2rz6G/MAbtWuE38NQsecEvc6Rg6UyXmqubKgrmA9\n-----END DSA PRIVATE KEY-----"}`,
			`legacy_host_key=-----BEGIN DSA PRIVATE KEY----- MIIBuwIBAAKBgQjsOd96/+COQ1xBSGiSFbbnlsShOkwi2KOC2Y+VubmOSbpls/Yn y4w5Zak6UB393u4g+yOuDjHzeobELhCnW/6hsloe7+h/ekSN+X+bmSuvYNAptVdA -----END DSA PRIVATE KEY-----`,
		}, []string{`-----BEGIN DSA PRIVATE KEY----- (omitted)`}),
		pem("private-key-pgp", "PGP PRIVATE KEY BLOCK", "PGP/GPG private key block", []string{
			`{"signing_key":"-----BEGIN PGP PRIVATE KEY BLOCK-----\n\nlQdGBGVvBqBHOwHx7jpsU1bUAJL9g4WZ2f5hv6dTJJQcVTZQ7jLy/LY6Lvb8NE6o\nOHtU1012u6IkzweGWvTi9UfiXgSJcqlt47Yihf4U3KCcXeFGX/qcCrC4Hkkzf40p\n=hlgg\n-----END PGP PRIVATE KEY BLOCK-----"}`,
			`GPG_PRIVATE_KEY=-----BEGIN PGP PRIVATE KEY BLOCK----- lQWGBGV/mi16ndG2mLWUk7bQIu6jJm14Grnp1IUpo37N1D0ZLODnAmPChSsxqwWp +QOl5Ngh1ZQ/E9pjPOVPrTapeGuXHIA/0ipXEjHuG/A8VjsQGsIADZW59CxqDsmi -----END PGP PRIVATE KEY BLOCK-----`,
		}, []string{
			`-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nmQINBGVuUuhFN4vLhr06N6RsKxEbsOnfQg817xsdM1m6hxX2fWrfQ6JRTpBGMTvB\n0IcvSW76QbOMVVgCfeB4o5tZaC3+WHuj0UhHaJsFP+jthS0tOigFCXOv6uyt65in\n-----END PGP PUBLIC KEY BLOCK-----`,
		}),
		{
			ID:            "putty-private-key",
			Description:   "PuTTY private key file",
			Severity:      Critical,
			Keywords:      []string{"PuTTY-User-Key-File-"},
			Regex:         `(PuTTY-User-Key-File-[23]: [a-z0-9-]+(?:\\[rn]|[\r\n\t ]|[A-Za-z0-9+/=:-]|Encryption: [a-z0-9-]+|Comment: [^\\\r\n]*)+?Private-Lines: \d+(?:\\[rn]|[\r\n\t ])+[A-Za-z0-9+/=]{16,})`,
			PreviewPrefix: 20,
			TruePositives: []string{
				`{"ppk":"PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\nComment: deploy@ci\nPublic-Lines: 2\nAAAAC3NzaC1lZDI1NTE5AAAAIWzhsICHIjjT7enewnk+qZnrhGIOxG+V7qRwUboRS1/l\nPrivate-Lines: 1\nAAAAIKVowUpocPhrjVmlqIVtEFh44Vz2Z14ETo1VsKeJ3+oK\nPrivate-MAC: f0744572a6e2696b04e984566d0d3b839df51ab5723d37aa0b58cac420e00786\n"}`,
				`PPK=PuTTY-User-Key-File-2: ssh-rsa\nEncryption: none\nComment: rsa-key-2026\nPublic-Lines: 1\nAAAAB3NzaC1yc2Ec3C7lX726OaAyivfIAJGhjj7J7Cyd8KFfXia1uYE43cR0oKrU\nPrivate-Lines: 1\nAAABAQ0HCNliPsBuhcAwIprnJ6qg0uFwH31EHBtglibznE4ANru9lqksT5KdjBSD`,
			},
			FalsePositives: []string{`converted PuTTY-User-Key-File-3 to OpenSSH format`},
		},
		{
			ID:            "age-secret-key",
			Description:   "age encryption secret key (Bech32, checksummed)",
			Severity:      Critical,
			Keywords:      []string{"AGE-SECRET-KEY-1"},
			Regex:         `(AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58})`,
			Validators:    []Validator{bech32Checksum},
			PreviewPrefix: 16,
			TruePositives: []string{
				`SOPS_AGE_KEY=AGE-SECRET-KEY-1SL3FP0A5GQLQ9VDXU6NXPKN3RRLY8KSXKLQ8QPKUDT66YVKHTAVQFN5PQR`,
				`{"msg":"decrypt","identity":"# created: 2026-11-02\n# public key: age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p\nAGE-SECRET-KEY-1WHUJAEA2UAVYJ5RX5EAT6SCSUN96X9VZSDX7D9XPUCNHKU45KRGSX8CSQR\n"}`,
			},
			FalsePositives: []string{
				`SOPS_AGE_KEY=AGE-SECRET-KEY-1QQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQ`,
				`public key: age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p`,
				`SOPS_AGE_KEY=AGE-SECRET-KEY-1<your key>`,
			},
		},
	}
}
