package scenario

import names "github.com/proofrun/proofrun/internal/suggest"

// The hints after an unknown name follow internal/suggest's one rule; these
// short names keep the loader's messages readable.
var (
	suggest    = names.Hint       // the closest name, or the names when few
	didYouMean = names.DidYouMean // only the closest name
)
