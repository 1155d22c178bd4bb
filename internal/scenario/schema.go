package scenario

import (
	"encoding/json"
	"reflect"
	"strings"
)

// obj is a JSON Schema node.
type obj = map[string]any

// JSONSchema is the JSON Schema (draft 2020-12) of a scenario file,
// generated from the step kinds' definitions, for editors: point yaml-language-server at
// it with `# yaml-language-server: $schema=scenario.schema.json`.
func JSONSchema() []byte {
	schema := obj{
		"$schema":              "https://json-schema.org/draft/2020-12/schema",
		"title":                "proofrun scenario",
		"type":                 "object",
		"additionalProperties": false,
		"required":             []string{"id"},
		"oneOf":                []obj{{"required": []string{"steps"}}, {"required": []string{"matrix"}}},
		"properties": obj{
			"id":       obj{"type": "string", "pattern": validID.String(), "description": "unique across the pack"},
			"title":    obj{"type": "string"},
			"domain":   obj{"type": "string", "description": "one of the domains of requirements.yaml"},
			"state":    obj{"type": "string", "description": "the proof state category: one of the states of requirements.yaml"},
			"proves":   stringList("requirement ids from requirements.yaml"),
			"tags":     stringList(""),
			"actor":    obj{"type": "string", "description": "a key of config actors"},
			"deferred": obj{"type": "string", "description": "a documented product-decision gap: run, but reported as deferred"},
			"serial":   obj{"type": "boolean", "description": "run alone, after the parallel scenarios: it counts or changes the target's records"},
			"allow": obj{"type": "object", "additionalProperties": false, "properties": obj{
				"console": stringList("regexes on console and exception text"),
				"status": obj{"type": "array", "items": obj{"type": "object", "additionalProperties": false,
					"properties": obj{"url": obj{"type": "string"}, "code": obj{"type": "integer"}}}},
			}},
			"vars":   obj{"type": "object", "additionalProperties": obj{"type": []string{"string", "number", "boolean"}}},
			"steps":  obj{"type": "array", "minItems": 1, "items": obj{"$ref": "#/$defs/step"}},
			"matrix": matrixSchema(),
		},
		"$defs": obj{"step": stepSchema()},
	}
	out, err := json.MarshalIndent(schema, "", "  ")
	if err != nil { // the schema is built of maps and strings only
		panic(err)
	}
	return out
}

func stringList(desc string) obj {
	o := obj{"type": "array", "items": obj{"type": "string"}}
	if desc != "" {
		o["description"] = desc
	}
	return o
}

// stepSchema is one of the step kinds, each a one-key map.
func stepSchema() obj {
	var kinds []obj
	for _, name := range StepKinds() {
		d := Lookup(Kind(name))
		kinds = append(kinds, obj{
			"type": "object", "description": d.Doc, "additionalProperties": false,
			"required": []string{name}, "properties": obj{name: argsSchema(d)},
		})
	}
	return obj{"oneOf": kinds}
}

// argsSchema is the value of a step: its map form, or a scalar shorthand.
func argsSchema(d *Def) obj {
	if len(d.fields) == 0 {
		return obj{"type": []string{"object", "null"}, "maxProperties": 0}
	}
	props := obj{}
	for _, f := range d.fields {
		props[f.key] = fieldSchema(f, d.Enums[f.key])
	}
	m := obj{"type": "object", "additionalProperties": false, "properties": props}
	var required []string
	var alternatives []obj
	for _, req := range d.Required {
		alts := strings.Split(req, "|")
		if len(alts) == 1 {
			required = append(required, req)
			continue
		}
		var anyOf []obj
		for _, a := range alts {
			anyOf = append(anyOf, obj{"required": []string{a}})
		}
		alternatives = append(alternatives, obj{"anyOf": anyOf})
	}
	if required != nil {
		m["required"] = required
	}
	if alternatives != nil {
		m["allOf"] = alternatives
	}
	if d.Shorthand == "" {
		return m
	}
	return obj{"oneOf": []obj{{"type": "string", "description": "shorthand for {" + d.Shorthand + ": ...}"}, m}}
}

// fieldSchema is one argument's schema, by its Go type.
func fieldSchema(f argField, enum []string) obj {
	switch {
	case enum != nil:
		return obj{"enum": enum}
	case f.typ == statusType:
		return obj{"type": "integer", "minimum": 100, "maximum": 599}
	case f.typ.Kind() == reflect.Bool || f.typ == boolPtr:
		return obj{"type": "boolean"}
	case f.typ == anyList:
		return obj{"type": "array"}
	case f.typ == anyMap:
		return obj{"type": "object"}
	}
	return obj{"type": "string"}
}

func matrixSchema() obj {
	probe := func(kind Kind) obj { return argsSchema(Lookup(kind)) }
	return obj{
		"type": "object", "additionalProperties": false, "required": []string{"actors", "cases"},
		"properties": obj{
			"actors": obj{"type": "array", "minItems": 1, "items": obj{"type": "string"}},
			"cases": obj{"type": "array", "minItems": 1, "items": obj{
				"type": "object", "additionalProperties": false, "required": []string{"name", "expect"},
				"oneOf": []obj{{"required": []string{"visit"}}, {"required": []string{"request"}}},
				"properties": obj{
					"name":    obj{"type": "string"},
					"visit":   probe("visit"),
					"request": probe("request"),
					"expect": obj{"type": "object", "description": "actor: expected HTTP status",
						"additionalProperties": obj{"type": "integer", "minimum": 100, "maximum": 599}},
				},
			}},
		},
	}
}
