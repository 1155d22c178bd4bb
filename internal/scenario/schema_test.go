package scenario_test

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"github.com/santhosh-tekuri/jsonschema/v6"
	"go.yaml.in/yaml/v4"

	"github.com/proofrun/proofrun/internal/scenario"
)

// The schema is generated from the step kinds' definitions, so it is checked
// against what is written independently of them: the pack's scenarios, the
// examples in the README and the step reference, and the reference's table
// of step kinds, all written by hand.
var _ = Describe("JSONSchema", func() {
	const root = "../.."
	var scenarioSchema, stepSchema *jsonschema.Schema

	BeforeEach(func() {
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(scenario.JSONSchema()))
		Expect(err).NotTo(HaveOccurred())
		c := jsonschema.NewCompiler()
		Expect(c.AddResource("scenario.schema.json", doc)).To(Succeed())
		scenarioSchema, err = c.Compile("scenario.schema.json")
		Expect(err).NotTo(HaveOccurred(), "the schema is valid draft 2020-12")
		stepSchema, err = c.Compile("scenario.schema.json#/$defs/step")
		Expect(err).NotTo(HaveOccurred())
	})

	It("accepts every scenario of the pack and of the loader's tests", func() {
		var files []string
		for _, dir := range []string{filepath.Join(root, "scenarios"), "testdata/good"} {
			Expect(filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
				if err == nil && !d.IsDir() && filepath.Ext(path) == ".yaml" && !strings.HasPrefix(d.Name(), "_") &&
					!strings.Contains(path, "/_") && d.Name() != "requirements.yaml" {
					files = append(files, path)
				}
				return err
			})).To(Succeed())
		}
		Expect(len(files)).To(BeNumerically(">", 50))
		used := map[string]bool{}
		for _, path := range files {
			text, err := os.ReadFile(path)
			Expect(err).NotTo(HaveOccurred())
			v := asJSON(text)
			Expect(scenarioSchema.Validate(v)).To(Succeed(), path)
			for _, kind := range stepKindsIn(v) {
				used[kind] = true
			}
		}
		Expect(used).To(HaveKey("invoke"), "the pack is a real sample of the step kinds")
	})

	It("accepts the steps of the loader's test fragments", func() {
		paths, err := filepath.Glob("testdata/good/_shared/*.yaml")
		Expect(err).NotTo(HaveOccurred())
		Expect(paths).NotTo(BeEmpty())
		for _, path := range paths {
			text, err := os.ReadFile(path)
			Expect(err).NotTo(HaveOccurred())
			v := asJSON(text)
			if m, ok := v.(map[string]any); ok { // a fragment with vars
				v = m["steps"]
			}
			steps, ok := v.([]any)
			Expect(ok).To(BeTrue(), path)
			for _, st := range steps {
				Expect(stepSchema.Validate(st)).To(Succeed(), path)
			}
		}
	})

	It("accepts the scenario examples of the README and the step reference", func() {
		n := 0
		for _, doc := range []string{"README.md", "docs/steps.md"} {
			for _, block := range yamlBlocks(filepath.Join(root, doc)) {
				v := asJSON([]byte(block))
				if m, ok := v.(map[string]any); !ok || m["id"] == nil {
					continue // not a scenario (a config example)
				}
				Expect(scenarioSchema.Validate(v)).To(Succeed(), doc+":\n"+block)
				n++
			}
		}
		Expect(n).To(BeNumerically(">=", 2))
	})

	It("rejects the steps the loader rejects for their shape", func() {
		for _, st := range []string{
			"clik: Save",                        // unknown kind
			"click: {text: Save, colour: red}",  // unknown key
			"visit: {path: /a, status: ok}",     // wrong type
			"visit: {path: /a, status: 700}",    // not an HTTP status
			"action: {label: A, expect: maybe}", // outside the closed list
			"fill: {field: Name}",               // a required key missing
			"click: {row: Backup 1}",            // neither of two alternatives
			"confirm: {now: true}",              // a kind without arguments
			"invoke: {method: m, updates: [a]}", // a map that is a list
			"modal: Delete",                     // no shorthand
		} {
			Expect(stepSchema.Validate(asJSON([]byte(st)))).NotTo(Succeed(), st)
		}
	})

	It("names every step kind the step reference documents, with the same keys", func() {
		documented := referenceTable(filepath.Join(root, "docs/steps.md"))
		var kinds []string
		for kind := range documented {
			kinds = append(kinds, kind)
		}
		Expect(kinds).To(ConsistOf(scenario.StepKinds()))
		for _, kind := range scenario.StepKinds() {
			def := scenario.Lookup(scenario.Kind(kind))
			Expect(documented[kind].keys).To(ConsistOf(def.Keys()), kind)
			Expect(documented[kind].shorthand).To(Equal(def.Shorthand != ""), kind)
		}
	})
})

// asJSON reads YAML into the values JSON decoding gives, for the validator.
func asJSON(text []byte) any {
	var v any
	Expect(yaml.Unmarshal(text, &v)).To(Succeed())
	b, err := json.Marshal(v)
	Expect(err).NotTo(HaveOccurred())
	out, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	Expect(err).NotTo(HaveOccurred())
	return out
}

// stepKindsIn lists the step kinds a scenario (as JSON values) uses.
func stepKindsIn(v any) []string {
	m, _ := v.(map[string]any)
	steps, _ := m["steps"].([]any)
	var kinds []string
	for _, st := range steps {
		for k := range st.(map[string]any) {
			kinds = append(kinds, k)
		}
	}
	return kinds
}

var yamlFence = regexp.MustCompile("(?s)```yaml\n(.*?)```")

// yamlBlocks are the ```yaml blocks of a Markdown file.
func yamlBlocks(path string) []string {
	text, err := os.ReadFile(path)
	Expect(err).NotTo(HaveOccurred())
	var blocks []string
	for _, m := range yamlFence.FindAllStringSubmatch(string(text), -1) {
		blocks = append(blocks, m[1])
	}
	return blocks
}

type documentedKind struct {
	keys      []string
	shorthand bool
}

var (
	tableRow = regexp.MustCompile("^\\| `([a-z_]+)` \\|([^|]*)\\|([^|]*)\\|")
	keyName  = regexp.MustCompile("`([a-z_]+)`")
)

// referenceTable reads the step reference's table: each row's kind, whether
// it has a shorthand and the keys it names.
func referenceTable(path string) map[string]documentedKind {
	text, err := os.ReadFile(path)
	Expect(err).NotTo(HaveOccurred())
	out := map[string]documentedKind{}
	for _, line := range strings.Split(string(text), "\n") {
		m := tableRow.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		var d documentedKind
		d.shorthand = strings.TrimSpace(m[2]) != ""
		for _, k := range keyName.FindAllStringSubmatch(m[3], -1) {
			if !slices.Contains(d.keys, k[1]) {
				d.keys = append(d.keys, k[1])
			}
		}
		Expect(out).NotTo(HaveKey(m[1]), "documented twice")
		out[m[1]] = d
	}
	return out
}
