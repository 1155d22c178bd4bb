package scenario_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/proofrun/proofrun/internal/driver"
	"github.com/proofrun/proofrun/internal/proof"
	"github.com/proofrun/proofrun/internal/scenario"
)

var actors = []string{"owner", "operator", "outsider", "readonly"}

// testOptions are the options of the test packs: the testdata fixtures and
// four actors.
func testOptions() scenario.LoadOptions {
	fx, err := scenario.LoadFixtures("testdata/fixtures.yaml")
	Expect(err).NotTo(HaveOccurred())
	return scenario.LoadOptions{Actors: actors, Fixtures: fx, FixturesFile: "testdata/fixtures.yaml"}
}

// loadErrors loads paths and returns the one-line errors.
func loadErrors(paths ...string) []string {
	pack, err := scenario.Load(paths, testOptions())
	Expect(pack).To(BeNil())
	var errs scenario.Errors
	Expect(errors.As(err, &errs)).To(BeTrue(), "want scenario.Errors, got %v", err)
	lines := make([]string, len(errs))
	for i, e := range errs {
		lines[i] = e.Error()
	}
	return lines
}

var _ = Describe("Load", func() {
	DescribeTable("reports each broken file at file:line:col",
		func(path string, want ...string) {
			Expect(loadErrors("testdata/" + path)).To(Equal(want))
		},
		Entry("unknown top-level key", "broken/unknown-top-key.yaml",
			"testdata/broken/unknown-top-key.yaml:1:1: missing steps",
			`testdata/broken/unknown-top-key.yaml:2:1: unknown key "stpes" in scenario (did you mean "steps"?)`),
		Entry("unknown step kind", "broken/unknown-step.yaml",
			`testdata/broken/unknown-step.yaml:4:5: unknown step "clik" (did you mean "click"?)`),
		Entry("unknown key in a step", "broken/step-unknown-key.yaml",
			`testdata/broken/step-unknown-key.yaml:3:25: unknown key "colour" in click step (one of: text, selector, row, match, row_match)`),
		Entry("step with two keys", "broken/step-two-keys.yaml",
			"testdata/broken/step-two-keys.yaml:3:5: a step must be a one-key map like `click: Save`, not a map of 2 keys"),
		Entry("step that is a bare word", "broken/step-scalar.yaml",
			"testdata/broken/step-scalar.yaml:4:5: a step must be a one-key map like `click: Save`, not \"confirm\""),
		Entry("wrong type", "broken/wrong-type.yaml",
			`testdata/broken/wrong-type.yaml:3:35: visit status must be a whole number, not "ok"`),
		Entry("invoke updates that are not a map", "broken/updates-not-map.yaml",
			`testdata/broken/updates-not-map.yaml:3:50: invoke updates must be a map, not a list`),
		Entry("empty steps", "broken/empty-steps.yaml",
			"testdata/broken/empty-steps.yaml:2:8: empty steps: a scenario needs at least one step"),
		Entry("missing steps", "broken/missing-steps.yaml",
			"testdata/broken/missing-steps.yaml:1:1: missing steps"),
		Entry("missing id", "broken/missing-id.yaml",
			"testdata/broken/missing-id.yaml:1:1: missing id"),
		Entry("unknown actor", "broken/unknown-actor.yaml",
			`testdata/broken/unknown-actor.yaml:2:8: unknown actor "operater" (did you mean "operator"?)`),
		Entry("unknown actor in an actor step", "broken/unknown-actor-step.yaml",
			`testdata/broken/unknown-actor-step.yaml:4:12: unknown actor "nobody" (one of: owner, operator, outsider, readonly)`),
		Entry("unknown variable, at its {{", "broken/unknown-variable.yaml",
			`testdata/broken/unknown-variable.yaml:3:43: unknown variable "env.nowhere.path"`),
		Entry("misspelt variable", "broken/variable-typo.yaml",
			`testdata/broken/variable-typo.yaml:3:13: unknown variable "env.contoso_prd.path" (did you mean "env.contoso_prod.path"?)`),
		Entry("variable that is a map", "broken/variable-not-scalar.yaml",
			`testdata/broken/variable-not-scalar.yaml:3:13: variable "env.contoso_prod" is a map in testdata/fixtures.yaml, not a value`),
		Entry("count result used before the count", "broken/count-later.yaml",
			`testdata/broken/count-later.yaml:3:11: unknown variable "rows"`),
		Entry("bad status", "broken/bad-status.yaml",
			"testdata/broken/bad-status.yaml:3:35: visit status 700 is not an HTTP status (100..599)"),
		Entry("bad console regex", "broken/bad-regex-console.yaml",
			"testdata/broken/bad-regex-console.yaml:3:19: bad regex \"favicon(\": missing closing ): `favicon(`"),
		Entry("bad status url regex", "broken/bad-regex-status.yaml",
			"testdata/broken/bad-regex-status.yaml:4:13: bad regex \"livewire[\": missing closing ]: `[`"),
		Entry("bad assert expression", "broken/bad-assert.yaml",
			`testdata/broken/bad-assert.yaml:4:21: bad assert expression: unexpected token Operator("==")`),
		Entry("assert on names no count defined before", "broken/assert-unknown-name.yaml",
			`testdata/broken/assert-unknown-name.yaml:3:13: unknown variable "rows_after" (not a count result of an earlier step)`,
			`testdata/broken/assert-unknown-name.yaml:3:27: unknown variable "rows_before" (not a count result of an earlier step)`),
		Entry("missing include file", "broken/include-missing.yaml",
			`testdata/broken/include-missing.yaml:3:5: include "_nowhere/login.yaml": no such file or directory`),
		Entry("include cycle", "cycle",
			"testdata/cycle/_frag/y.yaml:1:3: include cycle: testdata/cycle/_frag/x.yaml -> testdata/cycle/_frag/y.yaml -> testdata/cycle/_frag/x.yaml"),
		Entry("duplicate id across files", "dup",
			`testdata/dup/b.yaml:2:5: duplicate id "same" (first at testdata/dup/a.yaml:1)`),
		Entry("vacuous steps and an empty title", "vacuous",
			`testdata/vacuous/empty.yaml:7:10: see text is empty: a step with an empty argument proves nothing`,
			`testdata/vacuous/empty.yaml:8:10: see text is empty once {{ blank }} is expanded: a step with an empty argument proves nothing`,
			`testdata/vacuous/empty.yaml:9:12: visit path is empty: a step with an empty argument proves nothing`,
			`testdata/vacuous/empty.yaml:10:12: click text is empty: a step with an empty argument proves nothing`,
			`testdata/vacuous/empty.yaml:11:22: action label is empty: a step with an empty argument proves nothing`,
			`testdata/vacuous/untitled.yaml:1:1: missing domain`,
			`testdata/vacuous/untitled.yaml:2:8: empty title: say what the scenario proves`),
		Entry("no proves in a pack with a catalogue", "noproves",
			`testdata/noproves/e.yaml:4:9: empty proves: name the requirements of requirements.yaml this scenario proves`,
			`testdata/noproves/n.yaml:1:1: missing proves: name the requirements of requirements.yaml this scenario proves`),
		Entry("domains and states outside the catalogue's", "vocabulary",
			`testdata/vocabulary/requirements.yaml:5:51: unknown domain "backups" (did you mean "backup"?)`,
			`testdata/vocabulary/unknown-domain.yaml:2:9: unknown domain "restores" (did you mean "restore"?)`,
			`testdata/vocabulary/unknown-state.yaml:2:8: unknown state "expird" (did you mean "expired"?)`),
		Entry("unknown requirement in proves", "proves",
			`testdata/proves/p.yaml:2:16: requirement "FR-3" is not in requirements.yaml (did you mean "FR-1"?)`),
		Entry("matrix actor without expectation", "broken/matrix-missing-expect.yaml",
			`testdata/broken/matrix-missing-expect.yaml:6:7: matrix case "list" has no expectation for actor "outsider"`),
		Entry("steps and matrix", "broken/steps-and-matrix.yaml",
			"testdata/broken/steps-and-matrix.yaml:4:1: a scenario has steps or a matrix, not both"),
		Entry("required field missing", "broken/required-field.yaml",
			"testdata/broken/required-field.yaml:3:11: fill step needs field or selector"),
		Entry("arguments to confirm", "broken/confirm-args.yaml",
			"testdata/broken/confirm-args.yaml:3:14: confirm takes no arguments: write `confirm: {}`"),
		Entry("value outside a closed list", "broken/bad-enum.yaml",
			`testdata/broken/bad-enum.yaml:3:38: unknown expect "disable" (did you mean "disabled"?)`),
		Entry("YAML syntax error", "broken/yaml-syntax.yaml",
			"testdata/broken/yaml-syntax.yaml:3:10: found unexpected end of stream while scanning a quoted scalar"),
	)

	It("prints the offending line with a caret under the column", func() {
		_, err := scenario.Load([]string{"testdata/broken/unknown-variable.yaml"}, testOptions())
		var errs scenario.Errors
		Expect(errors.As(err, &errs)).To(BeTrue())
		Expect(errs[0].Source).To(Equal(`  - visit: "{{ env.contoso_prod.path }}/x/{{ env.nowhere.path }}"`))
		Expect(errs[0].Pretty()).To(Equal(
			`testdata/broken/unknown-variable.yaml:3:43: unknown variable "env.nowhere.path"` + "\n" +
				` 3 |   - visit: "{{ env.contoso_prod.path }}/x/{{ env.nowhere.path }}"` + "\n" +
				`   |                                           ^`))
		lines := strings.Split(errs[0].Pretty(), "\n")
		Expect(strings.Index(lines[2], "^") - strings.Index(lines[1], "| ") - 2).To(Equal(43 - 1))
	})

	It("keeps tabs so the caret lines up", func() {
		e := &scenario.Error{Pos: scenario.Pos{File: "f.yaml", Line: 12, Col: 4}, Msg: "m", Source: "\t- x"}
		Expect(e.Pretty()).To(Equal("f.yaml:12:4: m\n 12 | \t- x\n    | \t  ^"))
	})

	It("reports all errors of several files together, sorted", func() {
		Expect(loadErrors("testdata/multi")).To(Equal([]string{
			`testdata/multi/a.yaml:3:5: unknown step "clik" (did you mean "click"?)`,
			`testdata/multi/a.yaml:4:11: unknown variable "missing"`,
			"testdata/multi/b.yaml:3:8: empty steps: a scenario needs at least one step",
		}))
	})

	It("reports every broken file of a directory, none lost", func() {
		entries, err := os.ReadDir("testdata/broken")
		Expect(err).NotTo(HaveOccurred())
		files := map[string]bool{}
		for _, line := range loadErrors("testdata/broken") {
			files[strings.SplitN(line, ":", 2)[0]] = true
		}
		Expect(files).To(HaveLen(len(entries)))
	})

	It("places a missing path and an explicit fragment", func() {
		Expect(loadErrors("testdata/nowhere", "testdata/good/_shared/login.yaml")).To(Equal([]string{
			"testdata/good/_shared/login.yaml: a fragment (its name or folder starts with _): include it from a scenario",
			"testdata/nowhere: no such file or directory",
		}))
	})

	It("names the including scenario when a fragment's variable is unknown", func() {
		dir := GinkgoT().TempDir()
		write(dir, "_f/frag.yaml", "- see: \"{{ who }}\"\n")
		write(dir, "s.yaml", "id: s\nsteps:\n  - include: _f/frag.yaml\ntitle: t\ndomain: restore\n")
		Expect(loadErrors(dir)).To(Equal([]string{
			filepath.Join(dir, "_f/frag.yaml") + `:1:9: unknown variable "who" (included from ` + filepath.Join(dir, "s.yaml") + ":3)",
		}))
	})

	It("files a matrix 404 under its domain's state when the domain is a state (system-denied)", func() {
		dir := GinkgoT().TempDir()
		write(dir, "requirements.yaml", "domains: [system-denied, backup]\nstates: [allowed, cross-workspace, system-denied]\nrequirements:\n  - {id: FR-1, summary: One}\n")
		matrix := "domain: %s\nproves: [FR-1]\ntitle: t\nmatrix:\n  actors: [owner]\n  cases:\n    - {name: home, visit: /system, expect: {owner: 404}}\n"
		write(dir, "s.yaml", "id: s\n"+fmt.Sprintf(matrix, "system-denied"))
		write(dir, "b.yaml", "id: b\n"+fmt.Sprintf(matrix, "backup"))
		pack, err := scenario.Load([]string{dir}, testOptions())
		Expect(err).NotTo(HaveOccurred())
		states := map[string]string{}
		for _, sc := range pack.Scenarios {
			states[sc.Matrix.Matrix] = sc.State
		}
		Expect(states).To(Equal(map[string]string{"s": "system-denied", "b": "cross-workspace"}))
	})

	It("reports a catalogue that lists a domain twice", func() {
		dir := GinkgoT().TempDir()
		write(dir, "requirements.yaml", "domains: [restore, restore]\nrequirements:\n  - {id: FR-1, summary: One}\n")
		write(dir, "s.yaml", "id: s\ndomain: restore\nproves: [FR-1]\ntitle: t\nsteps:\n  - see: Hello\n")
		Expect(loadErrors(dir)).To(Equal([]string{filepath.Join(dir, "requirements.yaml") + `:1:20: "restore" is listed twice in domains`}))
	})

	Describe("a clean pack", func() {
		var pack *scenario.Pack
		BeforeEach(func() {
			var err error
			pack, err = scenario.Load([]string{"testdata/good"}, testOptions())
			Expect(err).NotTo(HaveOccurred())
		})

		It("lists scenario files in path order, not fragments or the catalogue", func() {
			Expect(pack.Files).To(Equal([]string{
				"testdata/good/cross-workspace/matrix.yaml",
				"testdata/good/restore/stale.yaml",
			}))
		})

		It("reads the requirement catalogue", func() {
			Expect(pack.Requirements).To(Equal([]proof.Requirement{
				{ID: "FR-401-013", Spec: "401", Summary: "A stale preview cannot execute", Domain: "restore", Browser: true},
				{ID: "FR-402-020", Spec: "402", Summary: "Backup sets are scoped to the workspace", Browser: true},
				{ID: "NFR-401-001", Spec: "401", Summary: "Audit log retention", Browser: false, Reason: "server-side only"},
			}))
		})

		It("reads the domains and states the catalogue declares", func() {
			Expect(pack.Domains).To(Equal([]string{"restore", "cross-workspace", "system-denied"}))
			Expect(pack.States).To(Equal([]string{"allowed", "unauthorized", "cross-workspace", "system-denied", "stale"}))
		})

		It("expands a matrix into one scenario per case and actor", func() {
			var ids, titles, states []string
			for _, s := range pack.Scenarios[:4] {
				ids = append(ids, s.ID)
				titles = append(titles, s.Title)
				states = append(states, s.State)
			}
			Expect(ids).To(Equal([]string{
				"authz-backup-sets/backup-set-list/owner", "authz-backup-sets/backup-set-list/outsider",
				"authz-backup-sets/delete-probe/owner", "authz-backup-sets/delete-probe/outsider",
			}))
			Expect(titles[1]).To(Equal("authz-backup-sets: Backup set list as outsider"))
			Expect(states).To(Equal([]string{"allowed", "cross-workspace", "unauthorized", "cross-workspace"}))
			for _, s := range pack.Scenarios[:4] {
				Expect(s.Serial).To(BeTrue(), "a matrix cell inherits serial")
			}
			Expect(pack.Scenarios[4].Serial).To(BeFalse())
			cell := pack.Scenarios[2]
			Expect(cell.Actor).To(Equal("owner"))
			Expect(cell.Proves).To(Equal([]string{"FR-402-020"}))
			Expect(cell.Pos).To(Equal(scenario.Pos{File: "testdata/good/cross-workspace/matrix.yaml", Line: 10, Col: 7}))
			Expect(cell.Matrix).To(Equal(&proof.MatrixCell{Matrix: "authz-backup-sets", Case: "delete probe", Actor: "owner", Expected: 403}))
			Expect(cell.Steps).To(HaveLen(1))
			Expect(cell.Steps[0].Kind).To(Equal(scenario.Kind("request")))
			Expect(cell.Steps[0].Args).To(Equal(&driver.RequestArgs{Method: "POST", Path: "/admin/w/contoso/e/prod/backup-sets/1/delete", Status: 403}))
			Expect(cell.Steps[0].Source).To(Equal("request: {method: POST, path: /admin/w/contoso/e/prod/backup-sets/1/delete, status: 403}"))
		})

		It("reads a scenario with variables expanded and includes spliced", func() {
			s := pack.Scenarios[4]
			Expect(s.ID).To(Equal("restore-stale-preview-blocked"))
			Expect(s.Domain).To(Equal("restore"))
			Expect(s.State).To(Equal("stale"))
			Expect(s.Actor).To(Equal("operator"))
			Expect(s.Tags).To(Equal([]string{"smoke"}))
			Expect(s.Allow).To(Equal(scenario.Allow{Console: []string{"favicon"}, Status: []scenario.StatusRule{{URL: "livewire", Code: 403}}}))
			Expect(s.Vars).To(Equal(map[string]string{"create": "/admin/w/contoso/e/prod/restore-runs/create"}))
			var sources []string
			for _, st := range s.Steps {
				sources = append(sources, st.Source)
			}
			Expect(sources).To(Equal([]string{
				"login: operator",
				"visit: /admin",
				"visit: /admin/w/contoso/e/prod/restore-runs",
				"count: {selector: table tbody tr, as: runs_before}",
				"visit: /admin/w/contoso/e/prod/restore-runs/create",
				"see: Preview expired",
				"action: {label: Execute restore, expect: disabled}",
				"fill: {field: Password, value: {{ secret.OPERATOR_PASSWORD }}}",
				"count: {selector: table tbody tr, as: runs_after}",
				"assert: runs_after == runs_before",
				"see: {{ runs_after }} runs",
				"confirm: {}",
				"cancel: {}",
				`invoke: {method: mountAction, args: ["restore",{"recordKey":"8"}], status: 403}`,
				"screenshot: stale-blocked",
			}))
			include := scenario.Pos{File: "testdata/good/restore/stale.yaml", Line: 14, Col: 5}
			Expect(s.Steps[0].Pos).To(Equal(scenario.Pos{File: "testdata/good/_shared/login.yaml", Line: 5, Col: 5}))
			Expect(s.Steps[0].From).To(Equal([]scenario.Pos{include}))
			Expect(s.Steps[2].From).To(Equal([]scenario.Pos{include, {File: "testdata/good/_shared/login.yaml", Line: 7, Col: 5}}))
			Expect(s.Steps[4].From).To(BeEmpty())
			Expect(s.Steps[6].Args).To(Equal(&driver.ActionArgs{Label: "Execute restore", Expect: "disabled"}))
			Expect(s.Steps[13].Args.(*driver.InvokeArgs).Params).To(Equal([]any{"restore", map[string]any{"recordKey": "8"}}))
		})

		It("fingerprints the pack by its ids, whatever their order", func() {
			fp := pack.Fingerprint()
			Expect(fp).To(MatchRegexp(`^[0-9a-f]{16}$`))
			reversed := &scenario.Pack{}
			for i := len(pack.Scenarios) - 1; i >= 0; i-- {
				reversed.Scenarios = append(reversed.Scenarios, pack.Scenarios[i])
			}
			Expect(reversed.Fingerprint()).To(Equal(fp))
			reversed.Scenarios = reversed.Scenarios[1:]
			Expect(reversed.Fingerprint()).NotTo(Equal(fp))
		})
	})

	It("accepts every step kind in its documented forms", func() {
		dir := GinkgoT().TempDir()
		write(dir, "all.yaml", `id: all
title: every step kind
domain: restore
steps:
  - visit: /a
  - request: {method: DELETE, path: /a, status: 404, body: "x=1"}
  - login: owner
  - actor: readonly
  - click: {selector: "#save", row: Backup 1}
  - fill: {field: Name, value: ""}
  - select: {selector: "#tz", value: UTC}
  - check: {field: Agree, checked: false}
  - action: Restore
  - modal: {heading: Restore, expect: closed}
  - confirm:
  - cancel: {}
  - invoke: {component: restore-runs, method: callMountedAction, call: true, updates: {mountedActions.0.data.confirmation: "{{ secret.X }}"}}
  - see: A
  - dont_see: B
  - see_in: {selector: h1, text: C}
  - expect: {url: "/restore-runs/\\d+/", title: Restore}
  - count: tr
  - assert: "1 < 2"
  - screenshot: done
  - include: _f.yaml
`)
		write(dir, "_f.yaml", "- see: included\n")
		pack, err := scenario.Load([]string{dir}, scenario.LoadOptions{Actors: actors})
		Expect(err).NotTo(HaveOccurred())
		var kinds []string
		for _, st := range pack.Scenarios[0].Steps {
			kinds = append(kinds, string(st.Kind))
		}
		Expect(append(kinds[:len(kinds)-1], "include")).To(ConsistOf(scenario.StepKinds()))
		no := false
		Expect(pack.Scenarios[0].Steps[7].Args.(*driver.CheckArgs).Checked).To(Equal(&no))
		Expect(pack.Scenarios[0].Steps[17].Args.(*driver.CountArgs).Selector).To(Equal("tr"))
		Expect(pack.Scenarios[0].Steps[12].Args.(*driver.InvokeArgs).Updates).To(Equal(map[string]any{"mountedActions.0.data.confirmation": "{{ secret.X }}"}))
	})

	It("reads fixtures and places their YAML errors", func() {
		dir := GinkgoT().TempDir()
		path := write(dir, "fx.yaml", "env:\n  a: 1\n\tb: 2\n")
		_, err := scenario.LoadFixtures(path)
		var e *scenario.Error
		Expect(errors.As(err, &e)).To(BeTrue())
		Expect(e.Error()).To(Equal(path + `:3:1: found a tab character that violates indentation`))
		fx, err := scenario.LoadFixtures("testdata/fixtures.yaml")
		Expect(err).NotTo(HaveOccurred())
		Expect(fx).To(HaveKey("env"))
	})
})

var _ = Describe("FixtureSecrets", func() {
	It("lists the credential fields' values at any depth, and nothing else", func() {
		dir := GinkgoT().TempDir()
		path := write(dir, "fx.yaml", `providers:
  primary: { name: Graph, client_id: abc-123, client_secret: fx-secret-1 }
actors:
  - { email: a@b.test, password: pw-1, api_key: key-1 }
tokens: { refresh_token: tok-1, count: 3, empty_secret: "" }
`)
		fx, err := scenario.LoadFixtures(path)
		Expect(err).NotTo(HaveOccurred())
		Expect(scenario.FixtureSecrets(fx)).To(Equal([]string{"fx-secret-1", "key-1", "pw-1", "tok-1"}))
		write(dir, "scenarios/a.yaml", "id: a\ntitle: t\ndomain: restore\nsteps:\n  - visit: /\n")
		pack, err := scenario.Load([]string{filepath.Join(dir, "scenarios")}, scenario.LoadOptions{Fixtures: fx})
		Expect(err).NotTo(HaveOccurred())
		Expect(pack.Secrets).To(ConsistOf("fx-secret-1", "key-1", "pw-1", "tok-1"))
	})
})

// write creates dir/name with text and returns its path.
func write(dir, name, text string) string {
	path := filepath.Join(dir, name)
	Expect(os.MkdirAll(filepath.Dir(path), 0o755)).To(Succeed())
	Expect(os.WriteFile(path, []byte(text), 0o644)).To(Succeed())
	return path
}
