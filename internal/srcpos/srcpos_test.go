package srcpos_test

import (
	"strings"
	"testing"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/proofrun/proofrun/internal/srcpos"
)

func TestSrcpos(t *testing.T) {
	RegisterFailHandler(Fail)
	RunSpecs(t, "srcpos")
}

var _ = Describe("Error", func() {
	DescribeTable("the one-line form names as much of the place as is known",
		func(e srcpos.Error, want string) { Expect(e.Error()).To(Equal(want)) },
		Entry("line and column", srcpos.Error{Pos: srcpos.Pos{File: "f.yaml", Line: 3, Col: 5}, Msg: "m"}, "f.yaml:3:5: m"),
		Entry("line only", srcpos.Error{Pos: srcpos.Pos{File: "f.yaml", Line: 3}, Msg: "m"}, "f.yaml:3: m"),
		Entry("the file", srcpos.Error{Pos: srcpos.Pos{File: "f.yaml"}, Msg: "m"}, "f.yaml: m"),
		Entry("a key", srcpos.Error{Pos: srcpos.Pos{File: "PROOFRUN_RUN_WORKERS"}, Key: "run.workers", Msg: "m"}, "PROOFRUN_RUN_WORKERS: run.workers: m"),
	)

	It("shows the offending line with a caret under the column", func() {
		e := &srcpos.Error{Pos: srcpos.Pos{File: "f.yaml", Line: 12, Col: 4}, Msg: "m", Source: "\t- x"}
		Expect(e.Pretty()).To(Equal("f.yaml:12:4: m\n 12 | \t- x\n    | \t  ^"))
	})

	It("shows a window of a long line around the column", func() {
		line := strings.Repeat("a", 5000) + "X" + strings.Repeat("b", 5000)
		lines := strings.Split((&srcpos.Error{Pos: srcpos.Pos{File: "f", Line: 1, Col: 5001}, Msg: "m", Source: line}).Pretty(), "\n")
		Expect(len([]rune(lines[1]))).To(BeNumerically("<", 130))
		Expect(runeIndex(lines[2], "^") - runeIndex(lines[2], "| ")).To(Equal(runeIndex(lines[1], "X") - runeIndex(lines[1], "| ")))
	})

	It("sorts errors by place and drops repeats", func() {
		es := srcpos.Errors{
			{Pos: srcpos.Pos{File: "b", Line: 1, Col: 1}, Msg: "m"},
			{Pos: srcpos.Pos{File: "a", Line: 2, Col: 1}, Msg: "m"},
			{Pos: srcpos.Pos{File: "a", Line: 1, Col: 9}, Msg: "m"},
			{Pos: srcpos.Pos{File: "a", Line: 2, Col: 1}, Msg: "m"},
		}
		Expect(es.Sorted().Error()).To(Equal("a:1:9: m\na:2:1: m\nb:1:1: m"))
	})
})

var _ = Describe("Line", func() {
	It("is the text of a 1-based line, without its line end", func() {
		Expect(srcpos.Line("a\r\nb\nc", 1)).To(Equal("a"))
		Expect(srcpos.Line("a\r\nb\nc", 3)).To(Equal("c"))
		Expect(srcpos.Line("a\nb", 0)).To(BeEmpty())
		Expect(srcpos.Line("a\nb", 9)).To(BeEmpty())
	})
})

var _ = Describe("Nesting", func() {
	DescribeTable("accepts what stays within the limit and places the first level too deep",
		func(text string, limit, line, col int) {
			l, c, ok := srcpos.Nesting(text, limit)
			Expect(ok).To(Equal(line == 0))
			Expect([]int{l, c}).To(Equal([]int{line, col}))
		},
		Entry("flat", "a: 1\nb: [1, 2]\n", 3, 0, 0),
		Entry("flow", "a: [[[1]]]\n", 3, 1, 6),
		Entry("block", "a:\n  b:\n    c:\n      d: 1\n", 3, 4, 7),
		Entry("compact entries", "- - - - x\n", 3, 1, 5),
		Entry("brackets in quotes and comments do not nest", "a: \"[[[[\"\nb: '{{{{'  # [[[[\nc: it's [[[[\n", 3, 0, 0),
		Entry("brackets in plain text do not nest", "c: it's [[[[\nd: a[[[[: [x]\n", 3, 0, 0),
		Entry("an anchor or a tag before a flow", "a: &x [[1]]\nb: !!seq [[[1]]]\n", 3, 2, 12),
		Entry("a block scalar's indentation is text", "a: |\n  x\n      y\n          z\nb: 1\n", 2, 0, 0),
		Entry("a quote spanning lines", "a: \"x\n  [[[[\"\n", 2, 0, 0),
	)
})

func runeIndex(s, sub string) int {
	return len([]rune(s[:strings.Index(s, sub)]))
}
