package driver

import (
	"context"
	"fmt"

	"github.com/proofrun/proofrun/internal/scenario"
)

// ScreenshotArgs are screenshot's arguments.
type ScreenshotArgs struct {
	Name string `yaml:"name"` // the evidence file's name
}

func init() {
	register(scenario.Def{
		Kind: "screenshot", Doc: "a named full-page screenshot kept as evidence",
		Shorthand: "name", Required: []string{"name"},
	}, traits{passive: true}, screenshot)
}

// screenshot keeps a named full-page screenshot as evidence.
func screenshot(ctx context.Context, r *run, a *ScreenshotArgs) error {
	_, err := r.shoot(ctx, r.tab, a.Name)
	return err
}

// shoot captures t's full page (the scenario's tab, or a login's), secrets
// masked, and hands it to the collector. A page that could not be masked
// gives the placeholder, saved as NAME-withheld so the evidence list says
// so (the image says why).
func (r *run) shoot(ctx context.Context, t *tab, name string) (string, error) {
	png, withheld, err := t.capture(ctx, r.b.opts.Redactor, false)
	if err != nil {
		return "", fmt.Errorf("screenshot %s: %w", name, err)
	}
	if withheld != "" {
		name += withheldSuffix
	}
	if r.art == nil {
		return "", nil
	}
	path, err := r.art.Screenshot(name, png)
	if err != nil {
		return "", fmt.Errorf("save screenshot %s: %w", name, err)
	}
	r.evidence = append(r.evidence, path)
	return path, nil
}
