package monitor

// LivewireCalls exposes the payload parsing to the tests.
var LivewireCalls = livewireCalls
