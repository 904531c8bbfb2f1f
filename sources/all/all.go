// Package all registers every store type of this build: a new store type is one package
// under sources/ (registering itself in init) and one line here.
package all

import (
	_ "github.com/leakwatch/leakwatch/sources/elasticsearch"   // elasticsearch, opensearch
	_ "github.com/leakwatch/leakwatch/sources/file"            // file
	_ "github.com/leakwatch/leakwatch/sources/filepermissions" // file_permissions
	_ "github.com/leakwatch/leakwatch/sources/loki"            // loki
)
