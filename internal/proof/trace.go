package proof

import "time"

// Trace is a scenario's network and console record, the schema of its trace
// file (trace/<scenario-id>.json); every text in it is redacted.
type Trace struct {
	Requests []Request `json:"requests"`
	Console  []Message `json:"console"`
}

// Request is one request of the scenario's page.
type Request struct {
	Step       string `json:"step"` // the label of the step running when it was sent: "2 invoke: …"
	Method     string `json:"method"`
	URL        string `json:"url"`
	Status     int    `json:"status,omitempty"` // 0: no response
	Type       string `json:"type,omitempty"`   // resource type: Document, XHR, Fetch, Script…
	Initiator  string `json:"initiator,omitempty"`
	DurationMS int64  `json:"duration_ms"`
	Failed     string `json:"failed,omitempty"` // why it got no response
	// Livewire lists the component methods a Livewire update called.
	Livewire []Call `json:"livewire,omitempty"`
	// Body is an excerpt of the response body (at most 2 KB), kept for the
	// requests of an invoke or request step and for responses >= 400.
	Body string `json:"body,omitempty"`
}

// Call is one component's part of a Livewire update.
type Call struct {
	Component string   `json:"component"`
	Methods   []string `json:"methods,omitempty"`
}

// Message is a console message or an uncaught exception.
type Message struct {
	Step  string    `json:"step"`
	Level string    `json:"level"` // log, info, warning, error, exception, rejection…
	Text  string    `json:"text"`
	URL   string    `json:"url,omitempty"`
	At    time.Time `json:"at"`
}
