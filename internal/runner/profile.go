package runner

import (
	"context"
	"maps"
	"slices"

	"github.com/proofrun/proofrun/internal/config"
	"github.com/proofrun/proofrun/internal/exitcode"
	"github.com/proofrun/proofrun/internal/profile"
)

// targetProfile is the profile target.profile names; auto detects it from
// the login page of the first panel (by name). note, when set, says that
// detection fell back to the default: an event of the run.
func targetProfile(ctx context.Context, cfg *config.Config, baseURL string) (*profile.Profile, string, error) {
	page := baseURL + "/"
	if names := slices.Sorted(maps.Keys(cfg.Panels)); len(names) > 0 {
		page = baseURL + cfg.Panels[names[0]].LoginPath
	}
	p, note, err := profile.Resolve(ctx, cfg.Target.Profile, page)
	if err != nil { // config validated the name
		return nil, "", exitcode.Newf(exitcode.Invalid, "target.profile: %v", err)
	}
	return p, note, nil
}
