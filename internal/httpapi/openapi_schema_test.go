package httpapi

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"

	"supportportal/internal/portal"
	"supportportal/internal/servercore"
	"supportportal/internal/syncproto"
)

// schemaTypes are the Go types api/openapi.yaml's schemas describe.
var schemaTypes = map[string]any{
	"Error":                    apiError{},
	"Profile":                  syncproto.Profile{},
	"Person":                   syncproto.Person{},
	"Attachment":               syncproto.Attachment{},
	"StatusChange":             portal.StatusChange{},
	"CaseSummary":              syncproto.CaseSummary{},
	"CasePage":                 syncproto.CasePage{},
	"Case":                     syncproto.Case{},
	"Comment":                  syncproto.Comment{},
	"CaseDetail":               syncproto.CaseDetail{},
	"Mutation":                 syncproto.Mutation{},
	"CaseCreatePayload":        syncproto.CaseCreate{},
	"CommentAddPayload":        syncproto.CommentAdd{},
	"ArticleFeedbackPayload":   syncproto.ArticleFeedback{},
	"DeflectionPayload":        syncproto.Deflection{},
	"PortalUserRequestPayload": syncproto.PortalUserRequest{},
	"PortalUserAccessPayload":  syncproto.PortalUserAccess{},
	"SettingsUpdatePayload":    syncproto.SettingsUpdate{},
	"CaseRatePayload":          syncproto.CaseRate{},
	"Satisfaction":             portal.Satisfaction{},
	"MutationResult":           syncproto.MutationResult{},
	"ChangePage":               syncproto.ChangePage{},
	"NewUserRequest":           portalUserRequestBody{},
	"AccessRequestInput":       portal.AccessRequest{},
	"AccountUser":              servercore.AccountUser{},
	"PersonRef":                servercore.PersonRef{},
	"UserRequest":              servercore.UserRequest{},
	"Account":                  servercore.Account{},
	"Approval":                 servercore.Approval{},
	"Decision":                 servercore.Decision{},
	"AuditEntry":               servercore.AuditEntry{},
	"AuditPage":                servercore.AuditPage{},
	"KBCategory":               syncproto.KBCategory{},
	"KBArticle":                syncproto.KBArticle{},
	"KBArticlePage":            syncproto.KBArticlePage{},
}

// schemaSubsets describe part of a type: what a client writes of it.
var schemaSubsets = map[string]any{
	"ArticleInput": syncproto.KBArticle{},
}

// schemaValues are schemas of a single value, not of an object.
var schemaValues = []string{"CaseStatus", "ProductRole", "RequestStatus"}

type schema = map[string]any

// properties returns an object schema's properties (allOf and $ref
// followed) with the basic type of each: string, integer, number,
// boolean, array or object.
func properties(t *testing.T, all map[string]schema, s schema) map[string]string {
	t.Helper()
	out := map[string]string{}
	if ref, ok := s["$ref"].(string); ok {
		return properties(t, all, all[strings.TrimPrefix(ref, "#/components/schemas/")])
	}
	if parts, ok := s["allOf"].([]any); ok {
		for _, p := range parts {
			for k, v := range properties(t, all, p.(schema)) {
				out[k] = v
			}
		}
	}
	props, _ := s["properties"].(schema)
	for name, p := range props {
		out[name] = basicType(all, p.(schema))
	}
	return out
}

func basicType(all map[string]schema, s schema) string {
	if ref, ok := s["$ref"].(string); ok {
		return basicType(all, all[strings.TrimPrefix(ref, "#/components/schemas/")])
	}
	if t, ok := s["type"].(string); ok {
		return t
	}
	if _, ok := s["allOf"]; ok {
		return "object"
	}
	if _, ok := s["oneOf"]; ok {
		return "object"
	}
	return ""
}

// jsonFields returns the JSON fields of a struct type (embedded structs
// flattened, "-" left out) with the basic type each encodes as.
func jsonFields(t reflect.Type) map[string]string {
	out := map[string]string{}
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" {
			continue
		}
		if name == "" && f.Anonymous {
			for k, v := range jsonFields(f.Type) {
				out[k] = v
			}
			continue
		}
		if name == "" {
			name = f.Name
		}
		out[name] = goBasicType(f.Type)
	}
	return out
}

func goBasicType(t reflect.Type) string {
	if t == reflect.TypeOf(json.RawMessage{}) {
		return "object"
	}
	if t == reflect.TypeOf(time.Time{}) {
		return "string"
	}
	switch t.Kind() {
	case reflect.Pointer:
		return goBasicType(t.Elem())
	case reflect.String:
		return "string"
	case reflect.Int, reflect.Int32, reflect.Int64:
		return "integer"
	case reflect.Float64:
		return "number"
	case reflect.Bool:
		return "boolean"
	case reflect.Slice:
		return "array"
	case reflect.Struct, reflect.Map:
		return "object"
	}
	return t.Kind().String()
}

// Each schema of api/openapi.yaml names the JSON fields of the Go type it
// describes, no more and no fewer, each with the type the field encodes
// as; a schema added to the file must be given its type here.
func TestOpenAPISchemasMatchTypes(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "..", "api", "openapi.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Components struct {
			Schemas map[string]schema `yaml:"schemas"`
		} `yaml:"components"`
	}
	if err := yaml.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	all := doc.Components.Schemas
	if len(all) < len(schemaTypes) {
		t.Fatalf("only %d schemas", len(all))
	}
	for name, s := range all {
		v, full := schemaTypes[name]
		if !full {
			v = schemaSubsets[name]
		}
		if v == nil {
			if !slices.Contains(schemaValues, name) {
				t.Errorf("schema %s describes no Go type; add it to schemaTypes", name)
			}
			continue
		}
		props := properties(t, all, s)
		fields := jsonFields(reflect.TypeOf(v))
		for p, pt := range props {
			ft, ok := fields[p]
			if !ok {
				t.Errorf("schema %s has %s, which %T does not", name, p, v)
			} else if pt != ft {
				t.Errorf("schema %s: %s is %s, but %T encodes it as %s", name, p, pt, v, ft)
			}
		}
		if !full {
			continue
		}
		for f := range fields {
			if _, ok := props[f]; !ok {
				t.Errorf("%T has %s, which schema %s does not", v, f, name)
			}
		}
	}
	for name := range schemaTypes {
		if _, ok := all[name]; !ok {
			t.Errorf("schema %s is not in api/openapi.yaml", name)
		}
	}
}
