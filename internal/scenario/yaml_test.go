package scenario_test

import (
	"fmt"
	"path/filepath"
	"strings"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/proofrun/proofrun/internal/scenario"
)

var _ = Describe("reading YAML", func() {
	const head = "id: a\ntitle: t\ndomain: restore\n"

	It("follows aliases and applies merge keys, a written key winning", func() {
		dir := GinkgoT().TempDir()
		write(dir, "s.yaml", head+"steps:\n  - see_in: &b {selector: tr, text: One}\n  - see_in:\n      <<: *b\n      text: Two\n  - see: &t Three\n  - see: *t\n")
		pack, err := scenario.Load([]string{dir}, scenario.LoadOptions{Actors: actors})
		Expect(err).NotTo(HaveOccurred())
		var got []string
		for _, st := range pack.Scenarios[0].Steps {
			got = append(got, st.Source)
		}
		Expect(got).To(Equal([]string{"see_in: {selector: tr, text: One}", "see_in: {selector: tr, text: Two}", "see: Three", "see: Three"}))
	})

	DescribeTable("places what the parser refuses",
		func(text, want string) {
			dir := GinkgoT().TempDir()
			path := write(dir, "s.yaml", text)
			Expect(loadOne(dir)).To(Equal([]string{path + want}))
		},
		Entry("an alias without its anchor", head+"steps:\n  - see: *nope\n", `:5:10: unknown anchor 'nope' referenced`),
		Entry("an alias inside what its anchor names", head+"steps:\n  - see_in: &b {selector: *b, text: x}\n", ":5:27: the alias *b names a node that contains it"),
		Entry("a second document", head+"steps:\n  - see: x\n---\nid: b\n", ":6:1: a second YAML document: a file holds one"),
		Entry("a merge key naming a text", head+"steps:\n  - see_in: {<<: x, text: y}\n", ":5:14: a merge key (<<) must name a map or a list of maps"),
		Entry("a tab for indentation", head+"steps:\n\t- see: x\n", ":5:1: found character that cannot start any token: a tab (indent with spaces)"),
	)

	It("bounds the keys chains of merge keys copy", func() {
		dir := GinkgoT().TempDir()
		var b strings.Builder
		b.WriteString("m0: &m0 {k0: x}\n")
		for i := 1; i < 1000; i++ {
			fmt.Fprintf(&b, "m%d: &m%d {<<: *m%d, k%d: x}\n", i, i, i-1, i)
		}
		path := write(dir, "fx.yaml", b.String())
		_, err := scenario.LoadFixtures(path)
		Expect(err).To(MatchError(MatchRegexp(`fx\.yaml:\d+:\d+: merge keys copy more than 100000 keys`)))
	})

	It("bounds what aliases of aliases expand to in a fixtures file", func() {
		dir := GinkgoT().TempDir()
		var b strings.Builder
		b.WriteString("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n")
		for i := 1; i < 9; i++ {
			fmt.Fprintf(&b, "a%d: &a%d [*a%d, *a%[3]d, *a%[3]d, *a%[3]d, *a%[3]d, *a%[3]d, *a%[3]d, *a%[3]d, *a%[3]d, *a%[3]d]\n", i, i, i-1)
		}
		path := write(dir, "fx.yaml", b.String())
		var err error
		Expect(allocated(func() { _, err = scenario.LoadFixtures(path) })).To(BeNumerically("<", 512<<20))
		Expect(err).To(MatchError(ContainSubstring(filepath.Base(path))))
		Expect(err).To(MatchError(ContainSubstring("too large: over 1000000 values, aliases included")))
	})
})
