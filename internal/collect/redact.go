package collect

import (
	"encoding/json"
	"reflect"

	"github.com/proofrun/proofrun/internal/redact"
)

// redactJSON returns the JSON b of record v with every string field redacted.
// It redacts the decoded strings rather than the encoded bytes, because JSON
// escaping (quotes, backslashes, <, >, &) can hide a secret from a byte match;
// the final byte pass is a second net.
func redactJSON(r *redact.Redactor, b []byte, v any) ([]byte, error) {
	cp := reflect.New(reflect.TypeOf(v).Elem())
	if err := json.Unmarshal(b, cp.Interface()); err != nil {
		return nil, err
	}
	redactValue(r, cp.Elem())
	out, err := json.Marshal(cp.Interface())
	if err != nil {
		return nil, err
	}
	return r.Bytes(out), nil
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
