// Package discover is `proofrun discover`: it crawls each actor's Filament
// panel (GET only, never pressing an action), replays every URL any actor
// found as every other actor, judges the observed matrix by the pack's
// authorization rules (spec 402: another workspace is 404, a missing
// capability is 403 or a hidden/disabled button, /system is closed to admin
// users, nothing hidden is served on direct access) and turns it into proof
// rows, review-ready matrix scenario files and a drift report against them.
//
// The judgement (judge.go), the scenario files (write.go) and the drift
// (drift.go) are pure functions over observations, tested without a browser;
// crawl.go and replay.go are the only parts that touch the target.
package discover
