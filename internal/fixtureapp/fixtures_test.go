package fixtureapp_test

import (
	"net/http"
	"os"
	"strings"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"go.yaml.in/yaml/v4"

	"github.com/proofrun/proofrun/internal/fixtureapp"
)

// yamlPaths collects every path value of the fixtures file: keys ending in
// "path" and the plain strings under pages.
func yamlPaths(node any, key string, out *[]string) {
	switch v := node.(type) {
	case map[string]any:
		for k, child := range v {
			yamlPaths(child, k, out)
		}
	case string:
		if strings.HasSuffix(key, "path") || strings.HasPrefix(v, "/admin/workspaces/") {
			*out = append(*out, v)
		}
	}
}

var _ = Describe("fixtures", func() {
	It("embeds a byte-identical copy of fixtures/fixture-app.yaml", func() {
		canonical, err := os.ReadFile("../../fixtures/fixture-app.yaml")
		Expect(err).NotTo(HaveOccurred())
		embedded, err := os.ReadFile("fixture-app.yaml")
		Expect(err).NotTo(HaveOccurred())
		Expect(string(embedded)).To(Equal(string(canonical)), "run: cp fixtures/fixture-app.yaml internal/fixtureapp/")
	})

	It("serves every path it names to the owner of that path's workspace", func() {
		raw, err := os.ReadFile("../../fixtures/fixture-app.yaml")
		Expect(err).NotTo(HaveOccurred())
		var doc map[string]any
		Expect(yaml.Unmarshal(raw, &doc)).To(Succeed())
		var paths []string
		yamlPaths(doc, "", &paths)
		Expect(len(paths)).To(BeNumerically(">", 50))

		s, err := fixtureapp.Start("127.0.0.1:0", fixtureapp.Options{Fixtures: "../../fixtures/fixture-app.yaml"})
		Expect(err).NotTo(HaveOccurred())
		DeferCleanup(s.Close)
		who := map[string]*client{}
		for prefix, actor := range map[string]string{"/admin/workspaces/contoso": "owner", "/admin/workspaces/fabrikam": "outsider", "/system": "platform", "/admin": "owner"} {
			who[prefix] = newClient(s)
			who[prefix].login(actor)
		}
		for _, p := range paths {
			c := who["/admin"]
			for _, prefix := range []string{"/admin/workspaces/contoso", "/admin/workspaces/fabrikam", "/system"} {
				if strings.HasPrefix(p, prefix) {
					c = who[prefix]
				}
			}
			code, _, _ := c.do(http.MethodGet, p, nil, nil)
			Expect(code).To(BeElementOf(http.StatusOK, http.StatusFound), p)
		}
	})

	It("fails on a broken fixtures file with a clear error", func() {
		_, err := fixtureapp.New(fixtureapp.Options{Fixtures: "does-not-exist.yaml"})
		Expect(err).To(MatchError(ContainSubstring("fixtures: open does-not-exist.yaml")))
		bad := GinkgoT().TempDir() + "/bad.yaml"
		Expect(os.WriteFile(bad, []byte("env:\n  x: { slug: x, workspace: nowhere, name: X }\n"), 0o600)).To(Succeed())
		_, err = fixtureapp.New(fixtureapp.Options{Fixtures: bad})
		Expect(err).To(MatchError(ContainSubstring(`env x: unknown workspace "nowhere"`)))
	})
})
