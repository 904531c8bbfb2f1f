package config

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// yamlKeys lists every yaml key of Config, recursively.
func yamlKeys(t *testing.T) []string {
	t.Helper()
	var out []string
	var walk func(reflect.Type)
	seen := map[reflect.Type]bool{}
	walk = func(ty reflect.Type) {
		for ty.Kind() == reflect.Pointer || ty.Kind() == reflect.Slice {
			ty = ty.Elem()
		}
		if ty.Kind() != reflect.Struct || seen[ty] {
			return
		}
		seen[ty] = true
		for i := 0; i < ty.NumField(); i++ {
			f := ty.Field(i)
			tag := strings.Split(f.Tag.Get("yaml"), ",")[0]
			if tag == "" || tag == "-" {
				continue
			}
			out = append(out, tag)
			walk(f.Type)
		}
	}
	walk(reflect.TypeOf(Config{}))
	return out
}

func fmtAll(c *Config) string {
	return fmt.Sprintf("%v %+v %#v", *c, *c.Alerting.Slack, *c.Alerting.Slack)
}
