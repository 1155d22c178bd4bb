package scenario_test

import (
	"fmt"
	"runtime"
	"strings"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/proofrun/proofrun/internal/scenario"
)

// allocated is the memory f allocates, in bytes.
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// loadOne loads dir and returns its one-line errors.
func loadOne(dir string) []string {
	pack, err := scenario.Load([]string{dir}, scenario.LoadOptions{Actors: actors})
	Expect(pack).To(BeNil())
	var errs scenario.Errors
	Expect(err).To(BeAssignableToTypeOf(errs))
	return strings.Split(err.Error(), "\n")
}

var _ = Describe("the loader's bounds", func() {
	DescribeTable("fails fast on nesting no scenario needs, with one placed error and bounded memory",
		func(text string, at string) {
			dir := GinkgoT().TempDir()
			path := write(dir, "s.yaml", text)
			var lines []string
			// The YAML parser alone took gigabytes on 200 KB of "[".
			Expect(allocated(func() { lines = loadOne(dir) })).To(BeNumerically("<", 64<<20))
			Expect(lines).To(Equal([]string{path + at + fmt.Sprintf(": nested deeper than the %d levels of maps and lists a YAML file proofrun reads may have", scenario.MaxNesting)}))
		},
		Entry("200 KB of [", strings.Repeat("[", 200_000), ":1:64"),
		Entry("200 KB of {", strings.Repeat("{", 200_000), ":1:64"),
		Entry("a list of lists on one line", strings.Repeat("- ", 100_000)+"x\n", ":1:127"),
		Entry("a map in a map, indented", deepMap(100), ":65:65"),
		Entry("deep nesting after a valid start", "id: x\nsteps:\n  - see: "+strings.Repeat("[", 200_000), ":3:71"),
	)

	It("places deep text before the parser sees it", func() {
		var e *scenario.Error
		Expect(allocated(func() {
			e = scenario.CheckBounds("deep.yaml", strings.Repeat("[", 200_000))
		})).To(BeNumerically("<", 16<<20))
		Expect([]any{e.Pos.Line, e.Pos.Col}).To(Equal([]any{1, 64}))
		Expect(e.Msg).To(HavePrefix("nested deeper than"))
	})

	It("loads a file nested as deep as scenarios are", func() {
		dir := GinkgoT().TempDir()
		write(dir, "s.yaml", "id: a\ntitle: t\ndomain: restore\nsteps:\n  - invoke: {method: save, updates: {a: [1, {c: [2]}]}}\n  - see: \"it's [not] {nested}\"\n  - see: it's [plain\n")
		_, err := scenario.Load([]string{dir}, scenario.LoadOptions{Actors: actors})
		Expect(err).NotTo(HaveOccurred())
	})

	It("refuses a file larger than MaxFileSize at the line where it passes the limit", func() {
		dir := GinkgoT().TempDir()
		line := "# " + strings.Repeat("x", 1021) + "\n" // 1 KiB
		path := write(dir, "s.yaml", strings.Repeat(line, 2048))
		Expect(loadOne(dir)).To(Equal([]string{path + ":1025:1: the file goes on past here: a YAML file proofrun reads holds at most 1 MiB"}))
	})

	It("bounds how deep fragments include fragments", func() {
		dir := GinkgoT().TempDir()
		write(dir, "s.yaml", "id: a\ntitle: t\ndomain: restore\nsteps:\n  - include: _f/0.yaml\n")
		for i := range scenario.MaxIncludeDepth + 4 {
			write(dir, fmt.Sprintf("_f/%d.yaml", i), fmt.Sprintf("- see: x\n- include: %d.yaml\n", i+1))
		}
		lines := loadOne(dir)
		Expect(lines).To(HaveLen(1))
		Expect(lines[0]).To(MatchRegexp(`_f/15\.yaml:2:3: includes nested more than 16 deep: .*/s\.yaml -> .*/_f/0\.yaml -> .* -> .*/_f/16\.yaml$`))
	})

	It("bounds the steps a scenario expands to, however its includes multiply", func() {
		dir := GinkgoT().TempDir()
		write(dir, "s.yaml", "id: a\ntitle: t\ndomain: restore\nsteps:\n  - include: _f/0.yaml\n")
		const levels = 15 // 2^15 leaves: more than MaxSteps, within MaxIncludeDepth
		for i := range levels {
			write(dir, fmt.Sprintf("_f/%d.yaml", i), fmt.Sprintf("- include: %d.yaml\n- include: %d.yaml\n", i+1, i+1))
		}
		write(dir, fmt.Sprintf("_f/%d.yaml", levels), "- see: x\n")
		lines := loadOne(dir)
		Expect(lines).To(HaveLen(1))
		Expect(lines[0]).To(HaveSuffix(fmt.Sprintf(": more than %d steps once includes are expanded: a scenario holds at most %[1]d", scenario.MaxSteps)))
	})
})

// deepMap is a map nested n deep by indentation.
func deepMap(n int) string {
	var b strings.Builder
	for i := range n {
		b.WriteString(strings.Repeat(" ", i) + "a:\n")
	}
	return b.String()
}
