package discover

import (
	"os"
	"path/filepath"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
)

var _ = Describe("LoadRules", func() {
	load := func(body string) error {
		path := filepath.Join(GinkgoT().TempDir(), "_discover.yaml")
		Expect(os.WriteFile(path, []byte(body), 0o644)).To(Succeed())
		_, err := LoadRules(path)
		return err
	}

	DescribeTable("reports a bad file as one line with file:line:col",
		func(body, want string) {
			err := load(body)
			Expect(err).To(HaveOccurred())
			Expect(err.Error()).To(MatchRegexp(`_discover\.yaml:\d+:\d+: `))
			Expect(err.Error()).To(ContainSubstring(want))
			Expect(err.Error()).NotTo(ContainSubstring("\n"))
		},
		Entry("unknown key", "actors: {a: {workspace: x}}\ntenants: []\n", `2:1: unknown key "tenants"`),
		Entry("unknown actor key", "actors:\n  a: {workspce: x}\n", `2:7: unknown key "workspce" in actor`),
		Entry("pattern without {workspace}", "actors: {a: {}}\ntenant_scoped: [\"^/admin\"]\n", `has no {workspace} segment`),
		Entry("bad regular expression", "actors: {a: {}}\ntenant_scoped: [\"^/admin/{workspace}/(\"]\n", `tenant pattern`),
		Entry("YAML syntax", "actors: [\n", ""),
		Entry("no actors", "tenant_scoped: []\n", "no actors"),
		Entry("unknown domain", "actors: {a: {}}\nproves: {nope: [X]}\n", `unknown key "nope" in proves`),
	)

	It("names a missing file", func() {
		_, err := LoadRules("/nonexistent/_discover.yaml")
		Expect(err).To(MatchError("open /nonexistent/_discover.yaml: no such file or directory"))
	})

	It("requires an entry for every actor discovered, and known panels", func() {
		r := testRules()
		Expect(r.CheckActors([]string{"owner", "ghost"}, map[string]bool{"admin": true})).To(MatchError(ContainSubstring(`actor "ghost" has no entry`)))
		Expect(r.CheckActors([]string{"owner"}, map[string]bool{"admin": true})).To(Succeed())
	})

	It("finds the workspace of a tenant-scoped URL", func() {
		r := testRules()
		ws, end := r.workspaceOf(contosoSet)
		Expect(ws).To(Equal("contoso"))
		Expect(contosoSet[end:]).To(Equal("/backup-sets/11"))
		ws, _ = r.workspaceOf("/system/ops")
		Expect(ws).To(BeEmpty())
	})
})
