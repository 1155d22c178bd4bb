package monitor

import "time"

// PollEvery is proofrun's one poll pace: how often a wait looks at the page
// again, in the idle wait here and in every retried check of the driver.
const PollEvery = 25 * time.Millisecond
