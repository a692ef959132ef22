/**
 * Watchfire's default notification templates, under the names Alertmanager's default.tmpl and
 * email.tmpl use, so user templates that call them (or override them) keep working. The text
 * ones render exactly what Alertmanager's do; the HTML email carries the same content in
 * simpler markup.
 */
export const DEFAULT_TEMPLATES = String.raw`
{{- define "__alertmanager" }}Alertmanager{{ end }}
{{- define "__alertmanagerURL" }}{{ printf "%s/#/alerts?receiver=%s" .ExternalURL (urlquery .Receiver) }}{{ end }}

{{- define "__subject" -}}
[{{ toUpper .Status }}{{ if eq .Status "firing" }}:{{ len .Alerts.Firing }}{{ end }}]
{{- " " }}{{ join " " .GroupLabels.SortedPairs.Values }}
{{- " " }}{{ if gt (len .CommonLabels) (len .GroupLabels) -}}
  ({{ with .CommonLabels.Remove .GroupLabels.Names }}{{ join " " .Values }}{{ end }})
{{- end }}
{{- end }}

{{- define "__description" }}{{ end }}

{{- define "__text_alert_list" }}
{{- range . -}}
Labels:{{ "\n" }}
{{- range .Labels.SortedPairs }}{{ printf " - %s = %s\n" .Name .Value }}{{ end -}}
Annotations:{{ "\n" }}
{{- range .Annotations.SortedPairs }}{{ printf " - %s = %s\n" .Name .Value }}{{ end -}}
Source: {{ .GeneratorURL }}{{ "\n" }}
{{- end }}
{{- end }}

{{- define "slack.default.title" }}{{ template "__subject" . }}{{ end }}
{{- define "slack.default.username" }}{{ template "__alertmanager" . }}{{ end }}
{{- define "slack.default.fallback" }}{{ template "slack.default.title" . }} | {{ template "slack.default.titlelink" . }}{{ end }}
{{- define "slack.default.callbackid" }}{{ end }}
{{- define "slack.default.pretext" }}{{ end }}
{{- define "slack.default.titlelink" }}{{ template "__alertmanagerURL" . }}{{ end }}
{{- define "slack.default.iconemoji" }}{{ end }}
{{- define "slack.default.iconurl" }}{{ end }}
{{- define "slack.default.text" }}{{ end }}
{{- define "slack.default.footer" }}{{ end }}

{{- define "pagerduty.default.description" }}{{ template "__subject" . }}{{ end }}
{{- define "pagerduty.default.client" }}{{ template "__alertmanager" . }}{{ end }}
{{- define "pagerduty.default.clientURL" }}{{ template "__alertmanagerURL" . }}{{ end }}
{{- define "pagerduty.default.instances" }}{{ template "__text_alert_list" . }}{{ end }}

{{- define "opsgenie.default.message" }}{{ template "__subject" . }}{{ end }}
{{- define "opsgenie.default.source" }}{{ template "__alertmanagerURL" . }}{{ end }}

{{- define "email.default.subject" }}{{ template "__subject" . }}{{ end }}

{{- define "__email_alert_block" -}}
<tr><td class="alert">
{{- range .Labels.SortedPairs }}{{ .Name }} = {{ .Value }}<br>{{ end }}
{{- if .Annotations }}<strong>Annotations</strong><br>{{ end }}
{{- range .Annotations.SortedPairs }}{{ .Name }} = {{ .Value }}<br>{{ end -}}
<a href="{{ .GeneratorURL }}">Source</a><br>
</td></tr>
{{ end }}

{{- define "email.default.html" -}}
<!DOCTYPE html>
<html>
<head>
<meta name="viewport" content="width=device-width">
<meta http-equiv="Content-Type" content="text/html; charset=UTF-8">
<title>{{ template "__subject" . }}</title>
<style>
body { font-family: 'Helvetica Neue', Helvetica, Arial, sans-serif; font-size: 14px; background-color: #f6f6f6; }
.main { background-color: #fff; border: 1px solid #e9e9e9; border-radius: 3px; }
.firing { background-color: #e6522c; color: #fff; padding: 20px; font-size: 16px; }
.resolved { background-color: #68b90f; color: #fff; padding: 20px; font-size: 16px; }
.alert { padding: 0 20px 20px; border-top: 1px solid #f0f0f0; }
a.button { color: #fff; background-color: #348eda; padding: 10px 20px; border-radius: 5px; text-decoration: none; font-weight: bold; }
</style>
</head>
<body>
<table class="main" width="100%" cellpadding="0" cellspacing="0">
<tr><td class="{{ if .Alerts.Firing }}firing{{ else }}resolved{{ end }}">
{{ len .Alerts }} alert{{ if gt (len .Alerts) 1 }}s{{ end }} for {{ range .GroupLabels.SortedPairs }}{{ .Name }}={{ .Value }} {{ end }}
</td></tr>
<tr><td class="alert"><a class="button" href="{{ template "__alertmanagerURL" . }}">View in {{ template "__alertmanager" . }}</a></td></tr>
{{ if .Alerts.Firing -}}
<tr><td class="alert"><strong>[{{ len .Alerts.Firing }}] Firing</strong></td></tr>
{{ range .Alerts.Firing }}{{ template "__email_alert_block" . }}{{ end -}}
{{ end -}}
{{ if .Alerts.Resolved -}}
<tr><td class="alert"><strong>[{{ len .Alerts.Resolved }}] Resolved</strong></td></tr>
{{ range .Alerts.Resolved }}{{ template "__email_alert_block" . }}{{ end -}}
{{ end -}}
</table>
<p><a href="{{ .ExternalURL }}">Sent by {{ template "__alertmanager" . }}</a></p>
</body>
</html>
{{ end }}
`
