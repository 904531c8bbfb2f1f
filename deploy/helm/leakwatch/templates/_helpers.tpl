{{/* Names and labels, as `helm create` makes them. */}}
{{- define "leakwatch.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "leakwatch.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "leakwatch.selectorLabels" -}}
app.kubernetes.io/name: {{ include "leakwatch.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "leakwatch.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "leakwatch.selectorLabels" . }}
app.kubernetes.io/version: {{ include "leakwatch.tag" . | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "leakwatch.tag" -}}
{{- default .Chart.AppVersion .Values.image.tag }}
{{- end }}

{{- define "leakwatch.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (include "leakwatch.tag" .) }}
{{- end }}
{{- end }}

{{- define "leakwatch.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "leakwatch.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "leakwatch.configMapName" -}}
{{- default (include "leakwatch.fullname" .) .Values.existingConfigMap }}
{{- end }}

{{- define "leakwatch.configKey" -}}
{{- if .Values.existingConfigMap }}{{ .Values.existingConfigMapKey }}{{ else }}config.yaml{{ end }}
{{- end }}

{{/* Where the chart mounts what it is given. */}}
{{- define "leakwatch.dataDir" -}}/var/lib/leakwatch{{- end }}
{{- define "leakwatch.credentialsDir" -}}/run/secrets/leakwatch{{- end }}
{{- define "leakwatch.postgresDir" -}}/run/secrets/leakwatch-postgres{{- end }}
{{- define "leakwatch.webDir" -}}/etc/leakwatch-web{{- end }}
{{- define "leakwatch.probeDir" -}}/run/secrets/leakwatch-probe{{- end }}

{{/*
The daemon's config.yaml: the user's `config` with the keys the chart owns set from the
chart's own values (the schema refuses them in `config`).
*/}}
{{- define "leakwatch.config" -}}
{{- $cfg := deepCopy .Values.config }}
{{- $_ := set $cfg "data_dir" (include "leakwatch.dataDir" .) }}
{{- $_ = set $cfg "listen" ":9847" }}
{{- if eq .Values.mode "postgres" }}
{{- $state := dict "driver" "postgres" "dsn_file" (printf "%s/%s" (include "leakwatch.postgresDir" .) .Values.postgres.secretKey) "lease_duration" .Values.postgres.leaseDuration }}
{{- $_ = set $cfg "state" $state }}
{{- end }}
{{- if .Values.webConfig.existingSecret }}
{{- $_ = set $cfg "web_config_file" (printf "%s/%s" (include "leakwatch.webDir" .) .Values.webConfig.key) }}
{{- end }}
{{- toYaml $cfg }}
{{- end }}

{{/* Checks the schema cannot express. */}}
{{- define "leakwatch.validate" -}}
{{- if and (eq .Values.mode "postgres") (not .Values.postgres.existingSecret) }}
{{- fail "mode postgres needs postgres.existingSecret: the name of a Secret whose key postgres.secretKey holds the DSN" }}
{{- end }}
{{- if and .Values.webConfig.basicAuth.enabled (not .Values.webConfig.existingSecret) }}
{{- fail "webConfig.basicAuth.enabled needs webConfig.existingSecret: the web config file with basic_auth_users" }}
{{- end }}
{{- if and .Values.webConfig.basicAuth.enabled (or (not .Values.webConfig.basicAuth.username) (not .Values.webConfig.basicAuth.passwordSecret.name)) }}
{{- fail "webConfig.basicAuth.enabled needs webConfig.basicAuth.username and webConfig.basicAuth.passwordSecret.name (the Secret holding that user's password)" }}
{{- end }}
{{- end }}
