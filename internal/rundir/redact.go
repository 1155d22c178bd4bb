package rundir

import (
	"encoding/json"
	"reflect"

	"github.com/proofrun/proofrun/internal/proof"
	"github.com/proofrun/proofrun/internal/redact"
)

// redactJSON returns the JSON b of record v with every string field redacted.
// It redacts the decoded strings, then the encoded bytes as a second net; a
// byte match that would break the JSON (a mask eating a closing quote) is
// dropped, the strings being redacted already.
func redactJSON(r *redact.Redactor, b []byte, v any) ([]byte, error) {
	cp, err := redactedCopy(r, b, v)
	if err != nil {
		return nil, err
	}
	out, err := json.Marshal(cp)
	if err != nil {
		return nil, err
	}
	if again := r.Bytes(out); json.Valid(again) {
		return again, nil
	}
	return out, nil
}

// redactedCopy decodes the JSON b of record v (a pointer) into a new record
// of v's type with every string redacted.
func redactedCopy(r *redact.Redactor, b []byte, v any) (any, error) {
	cp := reflect.New(reflect.TypeOf(v).Elem())
	if err := json.Unmarshal(b, cp.Interface()); err != nil {
		return nil, err
	}
	redactValue(r, cp.Elem())
	return cp.Interface(), nil
}

// Redacted returns copies of rows with every string redacted, as Append
// writes them: for the terminal, which shows rows as they are appended. A
// row that cannot be copied is shown by its id and result alone, never
// unredacted.
func (r *Run) Redacted(rows []proof.Row) []proof.Row {
	if r.redact == nil {
		return rows
	}
	out := make([]proof.Row, len(rows))
	for i := range rows {
		out[i] = proof.Row{ScenarioID: rows[i].ScenarioID, Result: rows[i].Result}
		b, err := json.Marshal(&rows[i])
		if err != nil {
			continue
		}
		if cp, err := redactedCopy(r.redact, b, &rows[i]); err == nil {
			out[i] = *cp.(*proof.Row)
		}
	}
	return out
}

// redactValue masks secrets in every string reachable from v.
func redactValue(r *redact.Redactor, v reflect.Value) {
	switch v.Kind() {
	case reflect.String:
		if v.CanSet() {
			v.SetString(r.String(v.String()))
		}
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			redactValue(r, v.Elem())
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				redactValue(r, v.Field(i))
			}
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			redactValue(r, v.Index(i))
		}
	case reflect.Map:
		for _, k := range v.MapKeys() {
			e := reflect.New(v.Type().Elem()).Elem()
			e.Set(v.MapIndex(k))
			redactValue(r, e)
			v.SetMapIndex(k, e)
		}
	}
}
