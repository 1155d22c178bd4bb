package config_test

import (
	"os"
	"path/filepath"
	"strings"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"github.com/spf13/pflag"

	"github.com/proofrun/proofrun/internal/config"
	"github.com/proofrun/proofrun/internal/srcpos"
)

// write puts a config file into a temp dir and returns its path.
func write(body string) string {
	path := filepath.Join(GinkgoT().TempDir(), "config.yaml")
	Expect(os.WriteFile(path, []byte(body), 0o644)).To(Succeed())
	return path
}

const valid = `target:
  base_url: ""
actors:
  owner: { panel: admin, email: owner@contoso.test, password: pw-owner-1 }
run:
  workers: 2
  step_timeout: 5s
`

var _ = Describe("Load", func() {
	It("reads the file over the defaults", func() {
		cfg, err := config.Load(write(valid), nil)
		Expect(err).NotTo(HaveOccurred())
		Expect(cfg.Run.Workers).To(Equal(2))
		Expect(cfg.Run.StepTimeout).To(Equal(5 * time.Second))
		Expect(cfg.Run.ScenarioTimeout).To(Equal(2 * time.Minute))
		Expect(cfg.Run.LoginTimeout).To(Equal(30*time.Second), "a login has its own budget, not a step's")
		Expect(cfg.Browser.Bin).To(Equal("/usr/bin/chromium"))
		Expect(cfg.Browser.Width).To(Equal(1280))
		Expect(cfg.Browser.Height).To(Equal(800))
		Expect(cfg.Panels).To(HaveKey("admin"))
		Expect(cfg.Panels["system"].LoginPath).To(Equal("/system/login"))
		Expect(cfg.Actors["owner"].Password).To(Equal("pw-owner-1"))
		Expect(cfg.Passwords()).To(ConsistOf("pw-owner-1"))
	})

	It("lets PROOFRUN_ variables override the file, and flags override both", func() {
		GinkgoT().Setenv("PROOFRUN_RUN_WORKERS", "3")
		GinkgoT().Setenv("PROOFRUN_TARGET_BASE_URL", "http://127.0.0.1:9/")
		GinkgoT().Setenv("PROOFRUN_ACTORS_OWNER_PASSWORD", "from-env")
		cfg, err := config.Load(write(valid), nil)
		Expect(err).NotTo(HaveOccurred())
		Expect(cfg.Run.Workers).To(Equal(3))
		Expect(cfg.Target.BaseURL).To(Equal("http://127.0.0.1:9"))
		Expect(cfg.Actors["owner"].Password).To(Equal("from-env"))

		flags := pflag.NewFlagSet("run", pflag.ContinueOnError)
		config.AddFlags(flags, config.Workers, config.BaseURL)
		Expect(flags.Parse([]string{"--workers", "1"})).To(Succeed())
		cfg, err = config.Load(write(valid), flags)
		Expect(err).NotTo(HaveOccurred())
		Expect(cfg.Run.Workers).To(Equal(1))
		Expect(cfg.Target.BaseURL).To(Equal("http://127.0.0.1:9"), "an unset flag leaves the env value")
	})

	It("reads passwords written as secrets from the environment", func() {
		GinkgoT().Setenv("PR_TEST_OWNER_PW", "s3cret-value")
		cfg, err := config.Load(write(`actors:
  owner: { panel: admin, email: o@x.test, password: "{{ secret.PR_TEST_OWNER_PW }}" }
`), nil)
		Expect(err).NotTo(HaveOccurred())
		Expect(cfg.Actors["owner"].Password).To(Equal("s3cret-value"))
	})

	It("follows YAML anchors, aliases and merge keys", func() {
		cfg, err := config.Load(write(`actors:
  owner: &owner { panel: admin, email: owner@contoso.test, password: pw-1 }
  twin: *owner
  other: { <<: *owner, email: other@contoso.test }
`), nil)
		Expect(err).NotTo(HaveOccurred())
		Expect(cfg.Actors["twin"].Email).To(Equal("owner@contoso.test"))
		Expect(cfg.Actors["other"].Email).To(Equal("other@contoso.test"))
		Expect(cfg.Actors["other"].Panel).To(Equal("admin"))
	})

	It("runs on defaults when there is no config.yaml", func() {
		dir := GinkgoT().TempDir()
		wd, _ := os.Getwd()
		Expect(os.Chdir(dir)).To(Succeed())
		DeferCleanup(os.Chdir, wd)
		cfg, err := config.Load("", nil)
		Expect(err).NotTo(HaveOccurred())
		Expect(cfg.File).To(BeEmpty())
		Expect(cfg.Run.Workers).To(BeNumerically(">", 0))
	})

	DescribeTable("names the key of every bad setting",
		func(body string, want string) {
			path := write(body)
			_, err := config.Load(path, nil)
			Expect(err).To(HaveOccurred())
			Expect(err.Error()).To(Equal(path + want))
		},
		Entry("unknown top-level key", "targt:\n  base_url: x\n", `:1:1: targt: unknown key (did you mean "target"?)`),
		Entry("unknown nested key", "run:\n  workers: 1\n  step_timout: 3s\n", `:3:3: run.step_timout: unknown key (did you mean "step_timeout"?)`),
		Entry("unknown actor key", "actors:\n  owner: { panel: admin, email: a@b, pasword: x }\n", `:2:38: actors.owner.pasword: unknown key (did you mean "password"?)`),
		Entry("bad duration", "run:\n  step_timeout: 10x\n", `:2:3: run.step_timeout: invalid duration "10x" (use a number with a unit: 500ms, 10s, 2m)`),
		Entry("duration without unit", "run:\n  scenario_timeout: 30\n", `:2:3: run.scenario_timeout: invalid duration "30" (use a number with a unit: 500ms, 10s, 2m)`),
		Entry("zero login timeout", "run:\n  login_timeout: 0s\n", `:2:3: run.login_timeout: must be positive`),
		Entry("bad number", "run:\n  workers: two\n", `:2:3: run.workers: invalid number "two"`),
		Entry("negative workers", "run:\n  workers: -1\n", `:2:3: run.workers: must be 0 (one per core) or more, not -1`),
		Entry("bad trace", "run:\n  trace: always\n", `:2:3: run.trace: must be off, on-failure or on, not "always"`),
		Entry("bad boolean", "run:\n  fail_fast: maybe\n", `:2:3: run.fail_fast: invalid boolean "maybe" (use true or false)`),
		Entry("bad viewport", "browser:\n  viewport: 1280*800\n", `:2:3: browser.viewport: "1280*800" is not WIDTHxHEIGHT (e.g. 1280x800)`),
		Entry("bad base url", "target:\n  base_url: staging.local\n", `:2:3: target.base_url: "staging.local" is not an http(s) URL`),
		Entry("misspelt profile", "target:\n  profile: filament55\n", `:2:3: target.profile: unknown profile "filament55" (did you mean "filament5"?)`),
		Entry("unknown profile", "target:\n  profile: nova\n", `:2:3: target.profile: unknown profile "nova" (one of: auto, filament4, filament5)`),
		Entry("missing password", "actors:\n  owner: { panel: admin, email: a@b }\n", `:2:3: actors.owner.password: missing (write it as "{{ secret.ENV_NAME }}" to read it from the environment)`),
		Entry("unknown panel", "actors:\n  owner: { panel: adm, email: a@b, password: xyz }\n", `:2:12: actors.owner.panel: unknown panel "adm" (panels: admin, system)`),
		Entry("bad allow regex", "monitors:\n  allow_console: [\"(\"]\n", `:2:19: monitors.allow_console[0]: bad regex "(": error parsing regexp: missing closing ): `+"`(`"),
		Entry("a section that is not a map", "run: 3\n", `:1:6: run: must be a map of settings`),
		Entry("YAML syntax", "run:\n  workers: [1\n", `:2:12: config: did not find expected ',' or ']' while parsing a flow sequence`),
	)

	It("reports a secret that is not set, naming the key and the variable", func() {
		path := write("actors:\n  owner: { panel: admin, email: a@b, password: \"{{ secret.PR_TEST_UNSET_PW }}\" }\n")
		_, err := config.Load(path, nil)
		Expect(err).To(HaveOccurred())
		Expect(err.Error()).To(HavePrefix(path + ":2:38: actors.owner.password: "))
		Expect(err.Error()).To(ContainSubstring("PR_TEST_UNSET_PW"))
	})

	It("shows a problem in the file the way scenario errors show theirs: the line, a caret under the key", func() {
		path := write("run:\n  step_timout: 3s\n")
		_, err := config.Load(path, nil)
		Expect(err.(srcpos.Errors).Pretty()).To(Equal(path + `:2:3: run.step_timout: unknown key (did you mean "step_timeout"?)` + "\n" +
			" 2 |   step_timout: 3s\n" +
			"   |   ^"))
	})

	It("reports every problem, not only the first", func() {
		_, err := config.Load(write("run:\n  workers: two\n  step_timeout: 1y\nbrowser:\n  viewport: big\n"), nil)
		Expect(err).To(HaveOccurred())
		Expect(err.(srcpos.Errors)).To(HaveLen(3))
	})

	It("blames the environment variable for a bad value it set, not a file line", func() {
		GinkgoT().Setenv("PROOFRUN_RUN_STEP_TIMEOUT", "soon")
		GinkgoT().Setenv("PROOFRUN_RUN_WORKERS", "-1") // the file sets run.workers too
		_, err := config.Load(write(valid), nil)
		Expect(err).To(MatchError("PROOFRUN_RUN_STEP_TIMEOUT: run.step_timeout: invalid duration \"soon\" (use a number with a unit: 500ms, 10s, 2m)\n" +
			"PROOFRUN_RUN_WORKERS: run.workers: must be 0 (one per core) or more, not -1"))
	})

	It("blames the flag for a bad value it set, not the file line or the variable", func() {
		GinkgoT().Setenv("PROOFRUN_TARGET_BASE_URL", "http://127.0.0.1:9/")
		flags := pflag.NewFlagSet("run", pflag.ContinueOnError)
		config.AddFlags(flags, config.Workers, config.BaseURL)
		Expect(flags.Parse([]string{"--workers", "-2", "--base-url", "staging.local"})).To(Succeed())
		_, err := config.Load(write(valid), flags)
		Expect(err).To(MatchError("--base-url: target.base_url: \"staging.local\" is not an http(s) URL\n" +
			"--workers: run.workers: must be 0 (one per core) or more, not -2"))
	})

	DescribeTable("reports a PROOFRUN_ variable meant for config that overrides no key, with a did-you-mean",
		func(name, want string) {
			GinkgoT().Setenv(name, "1")
			_, err := config.Load(write(valid), nil)
			Expect(err).To(MatchError(want))
		},
		Entry("a typo in the key", "PROOFRUN_RUN_WORKES", `PROOFRUN_RUN_WORKES: no config key of this name (did you mean "PROOFRUN_RUN_WORKERS"?)`),
		Entry("a typo in the section", "PROOFRUN_RUNS_WORKERS", `PROOFRUN_RUNS_WORKERS: no config key of this name (did you mean "PROOFRUN_RUN_WORKERS"?)`),
		Entry("an actor the file does not name", "PROOFRUN_ACTORS_NOBODY_PASSWORD",
			`PROOFRUN_ACTORS_NOBODY_PASSWORD: no config key of this name (a PROOFRUN_ variable overrides a config key: PROOFRUN_RUN_WORKERS for run.workers; actors.NAME.* and panels.NAME.* only for names in the config file)`),
	)

	It("reports a typo'd variable together with the file's unknown keys", func() {
		GinkgoT().Setenv("PROOFRUN_RUN_WORKES", "2")
		path := write("targt:\n  base_url: x\n")
		_, err := config.Load(path, nil)
		Expect(err).To(MatchError(path + `:1:1: targt: unknown key (did you mean "target"?)` + "\n" +
			`PROOFRUN_RUN_WORKES: no config key of this name (did you mean "PROOFRUN_RUN_WORKERS"?)`))
	})

	It("leaves PROOFRUN_ variables that are not meant for config alone: secrets, test switches", func() {
		GinkgoT().Setenv("PROOFRUN_OWNER_PASSWORD", "pw")
		GinkgoT().Setenv("PROOFRUN_FAILED_CLIENT_SECRET", "s")
		GinkgoT().Setenv("PROOFRUN_DEFECTS_FULL", "1")
		_, err := config.Load(write(valid), nil)
		Expect(err).NotTo(HaveOccurred())
	})

	It("declares each override flag typed like its key", func() {
		flags := pflag.NewFlagSet("run", pflag.ContinueOnError)
		config.AddFlags(flags, config.BaseURL, config.Faults, config.Workers, config.Retries, config.Timeout, config.FailFast, config.FailOnFlaky, config.Out)
		types := map[string]string{}
		flags.VisitAll(func(f *pflag.Flag) { types[f.Name] = f.Value.Type() })
		Expect(types).To(Equal(map[string]string{
			"base-url": "string", "faults": "stringSlice", "workers": "int", "retries": "int",
			"timeout": "duration", "fail-fast": "bool", "fail-on-flaky": "bool", "out": "string",
		}))
		Expect(flags.Parse([]string{"--timeout", "90s", "--faults", "a,b", "--fail-fast"})).To(Succeed())
		cfg, err := config.Load(write(valid), flags)
		Expect(err).NotTo(HaveOccurred())
		Expect(cfg.Run.Timeout).To(Equal(90 * time.Second))
		Expect(cfg.Target.Faults).To(Equal([]string{"a", "b"}))
		Expect(cfg.Run.FailFast).To(BeTrue())
	})

	It("fails fast, in bounded memory, on a config file nested without end", func() {
		path := write("run: " + strings.Repeat("[", 200_000))
		_, err := config.Load(path, nil)
		Expect(err).To(MatchError(HavePrefix(path + ":1:69: nested deeper than")))
	})

	It("reads run.login_timeout from PROOFRUN_RUN_LOGIN_TIMEOUT", func() {
		GinkgoT().Setenv("PROOFRUN_RUN_LOGIN_TIMEOUT", "45s")
		cfg, err := config.Load(write(valid), nil)
		Expect(err).NotTo(HaveOccurred())
		Expect(cfg.Run.LoginTimeout).To(Equal(45 * time.Second))
	})

	It("fails on a named config file that cannot be read", func() {
		_, err := config.Load(filepath.Join(GinkgoT().TempDir(), "nope.yaml"), nil)
		Expect(err).To(MatchError(ContainSubstring("config: cannot read")))
		Expect(err.Error()).To(ContainSubstring("no such file or directory"))
	})
})
