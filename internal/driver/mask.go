package driver

import (
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/proto"

	"github.com/proofrun/proofrun/internal/redact"
)

//go:embed mask.js
var maskJS string

// maskWorld names the isolated worlds the masking runs in.
const maskWorld = "proofrun-mask"

// withheldSuffix ends the name of a screenshot replaced by the placeholder.
const withheldSuffix = "-withheld"

// screenshot is capture for callers that keep only the image: a page that
// cannot be masked gives the placeholder.
func (t *tab) screenshot(ctx context.Context, secrets []string) ([]byte, error) {
	red := &redact.Redactor{}
	red.Add(secrets...)
	png, _, err := t.capture(ctx, red, false)
	return png, err
}

// capture takes a full-page screenshot with every form of every secret
// masked in every frame, then puts the page back. It fails closed: when any
// part of the page cannot be masked (a frame out of reach, a canvas, a
// closed shadow root, a secret split across elements, a page that undoes the
// mask) it returns the placeholder image instead and, in withheld, why.
// With view, it takes only the viewport: the cheap form of the step trace's
// screenshots.
func (t *tab) capture(ctx context.Context, red *redact.Redactor, view bool) (png []byte, withheld string, err error) {
	p := t.p(ctx)
	pattern := red.Pattern()
	if pattern == "" {
		png, err = snap(p, view)
		return png, "", err
	}
	m := &masker{ctx: ctx, pattern: pattern, view: view}
	defer m.release(t)
	why := m.mask(t)
	if why == "" {
		png, why, err = m.shoot(t)
		if err != nil {
			return nil, "", err
		}
	}
	if ctx.Err() != nil {
		return nil, "", ctx.Err()
	}
	if why != "" {
		// The reason can quote a frame's URL, which may hold a secret.
		why = red.String(why)
		return placeholder(why), why, nil
	}
	return png, "", nil
}

// masker holds the isolated worlds of one capture: one per frame, across
// the page's target and its out-of-process frames' targets.
type masker struct {
	ctx      context.Context
	pattern  string
	view     bool // the viewport only
	worlds   []world
	sessions []proto.TargetSessionID // attached out-of-process frames
	frames   int                     // <iframe>/<frame> elements the worlds saw
}

type world struct {
	session proto.TargetSessionID // the frame's target
	id      proto.RuntimeExecutionContextID
}

// cdp sends proto calls to one target's session, bound to a context. rod's
// Page cannot be used for an attached frame target (PageFromSession's page
// panics on Context).
type cdp struct {
	b       *rod.Browser
	session proto.TargetSessionID
	ctx     context.Context
}

func (c cdp) Call(ctx context.Context, session, method string, params any) ([]byte, error) {
	return c.b.Call(ctx, session, method, params)
}
func (c cdp) GetContext() context.Context         { return c.ctx }
func (c cdp) GetSessionID() proto.TargetSessionID { return c.session }

// on is a client of the target session s.
func (m *masker) on(t *tab, s proto.TargetSessionID) cdp {
	return cdp{b: t.inc, session: s, ctx: m.ctx}
}

// maskResult is what mask.js returns.
type maskResult struct {
	Frames   int      `json:"frames"`
	Problems []string `json:"problems"`
}

// mask masks every frame of the page; it returns why the page cannot be
// masked, or "".
func (m *masker) mask(t *tab) string {
	if err := m.attachFrames(t); err != nil {
		return "an out-of-process frame could not be reached: " + err.Error()
	}
	for _, s := range append([]proto.TargetSessionID{t.page.SessionID}, m.sessions...) {
		c := m.on(t, s)
		if why := closedShadowRoot(c); why != "" {
			return why
		}
		tree, err := proto.PageGetFrameTree{}.Call(c)
		if err != nil {
			return "the frames could not be listed: " + err.Error()
		}
		if why := m.maskTree(t, s, tree.FrameTree); why != "" {
			return why
		}
	}
	// Every frame but the top one is the content of one <iframe>: more
	// elements than frames masked means a frame was out of reach.
	if masked := len(m.worlds) - 1; m.frames > masked {
		return fmt.Sprintf("the page has %d frames but only %d could be masked", m.frames, masked)
	}
	return ""
}

// maskTree masks a frame and its same-process descendants.
func (m *masker) maskTree(t *tab, s proto.TargetSessionID, tree *proto.PageFrameTree) string {
	w, err := proto.PageCreateIsolatedWorld{FrameID: tree.Frame.ID, WorldName: maskWorld}.Call(m.on(t, s))
	if err != nil {
		return fmt.Sprintf("the frame %s could not be masked: %v", tree.Frame.URL, err)
	}
	m.worlds = append(m.worlds, world{session: s, id: w.ExecutionContextID})
	res, err := m.eval(t, m.worlds[len(m.worlds)-1], "mask")
	if err != nil {
		return fmt.Sprintf("the frame %s could not be masked: %v", tree.Frame.URL, err)
	}
	m.frames += res.Frames
	if len(res.Problems) > 0 {
		return strings.Join(res.Problems, "; ")
	}
	for _, c := range tree.ChildFrames {
		if why := m.maskTree(t, s, c); why != "" {
			return why
		}
	}
	return ""
}

// attachFrames attaches to the out-of-process frames of the tab's context
// (with site isolation, a cross-site frame is a target of its own, missing
// from the page's frame tree). Each scenario has its own context, so these
// are the page's frames.
func (m *masker) attachFrames(t *tab) error {
	targets, err := proto.TargetGetTargets{}.Call(t.inc.Context(m.ctx))
	if err != nil {
		return err
	}
	for _, ti := range targets.TargetInfos {
		// rod has no constant for the "iframe" target type.
		if ti.Type != "iframe" || ti.BrowserContextID != t.inc.BrowserContextID {
			continue
		}
		s, err := proto.TargetAttachToTarget{TargetID: ti.TargetID, Flatten: true}.Call(t.inc.Context(m.ctx))
		if err != nil {
			return fmt.Errorf("%s: %w", ti.URL, err)
		}
		m.sessions = append(m.sessions, s.SessionID)
	}
	return nil
}

// closedShadowRoot says why when the target's DOM has a closed shadow root:
// its content is out of reach of any script, so it cannot be masked.
func closedShadowRoot(c cdp) string {
	depth := -1
	doc, err := proto.DOMGetDocument{Depth: &depth, Pierce: true}.Call(c)
	if err != nil {
		return "the page's DOM could not be read: " + err.Error()
	}
	var closed func(n *proto.DOMNode) bool
	closed = func(n *proto.DOMNode) bool {
		if n == nil {
			return false
		}
		if n.ShadowRootType == proto.DOMShadowRootTypeClosed {
			return true
		}
		for _, list := range [][]*proto.DOMNode{n.Children, n.ShadowRoots} {
			for _, c := range list {
				if closed(c) {
					return true
				}
			}
		}
		return closed(n.ContentDocument)
	}
	if closed(doc.Root) {
		return "the page has a closed shadow root, whose text cannot be masked"
	}
	return ""
}

// shoot captures the masked page once every frame has rendered the mask at
// the full page's size (an out-of-screen frame would not render), then
// checks that the mask held.
func (m *masker) shoot(t *tab) ([]byte, string, error) {
	p := t.p(m.ctx)
	if !m.view {
		restore, err := fullSize(p)
		if err != nil {
			return nil, "", err
		}
		defer restore()
	}
	if why := m.run(t, "settle"); why != "" {
		return nil, why, nil
	}
	img, err := snap(p, m.view)
	if err != nil {
		return nil, "", err
	}
	return img, m.run(t, "check"), nil
}

// fullSize sets the viewport to the page's content size, so every frame
// renders its mask before a full-page capture; restore puts it back.
func fullSize(p *rod.Page) (restore func(), err error) {
	metrics, err := proto.PageGetLayoutMetrics{}.Call(p)
	if err != nil {
		return nil, err
	}
	if metrics.CSSContentSize == nil {
		return nil, errors.New("the page has no content size")
	}
	old := proto.EmulationSetDeviceMetricsOverride{}
	set := p.LoadState(&old)
	full := old
	full.Width, full.Height = int(metrics.CSSContentSize.Width), int(metrics.CSSContentSize.Height)
	if err := p.SetViewport(&full); err != nil {
		return nil, err
	}
	return func() {
		if set {
			_ = p.SetViewport(&old)
		} else {
			_ = proto.EmulationClearDeviceMetricsOverride{}.Call(p)
		}
	}, nil
}

// snap takes a PNG of the full page, or with view of the viewport.
func snap(p *rod.Page, view bool) ([]byte, error) {
	return p.Screenshot(!view, nil)
}

// settleWait bounds the wait for a frame to render, in milliseconds: a
// frame that does not render in time withholds the screenshot.
const settleWait = 2000

// run runs op in every world, each even when another fails; it returns the
// problems found (a world out of reach is one), or "".
func (m *masker) run(t *tab, op string) string {
	var problems []string
	for _, w := range m.worlds {
		res, err := m.eval(t, w, op)
		if err != nil {
			problems = append(problems, fmt.Sprintf("a frame could not be reached for %s: %v", op, err))
		}
		for _, p := range res.Problems {
			if !slices.Contains(problems, p) {
				problems = append(problems, p)
			}
		}
	}
	return strings.Join(problems, "; ")
}

func (m *masker) eval(t *tab, w world, op string) (maskResult, error) {
	var out maskResult
	err := callIn(m.on(t, w.session), w.id, maskJS, []any{op, m.pattern, redact.Mask, settleWait}, &out)
	return out, err
}

// callIn calls the function js with args in the isolated world id of the
// target c reaches, awaits it, and decodes its result into out (nil: left
// unread). An isolated world runs even where the page's scripts are off.
func callIn(c proto.Client, id proto.RuntimeExecutionContextID, js string, args []any, out any) error {
	a, err := json.Marshal(args)
	if err != nil {
		return err
	}
	expr := fmt.Sprintf("(%s)(...%s)", js, a)
	res, err := proto.RuntimeEvaluate{Expression: expr, ContextID: id, ReturnByValue: true, AwaitPromise: true}.Call(c)
	if err != nil {
		return err
	}
	if e := res.ExceptionDetails; e != nil {
		if e.Exception != nil {
			return errors.New(e.Exception.Description)
		}
		return errors.New(e.Text)
	}
	if out == nil {
		return nil
	}
	return res.Result.Value.Unmarshal(out)
}

// release unmasks every world and detaches from the frames it attached to.
// Best effort, on a fresh deadline (the step's may have passed): a frame
// that navigated away has nothing left to unmask.
func (m *masker) release(t *tab) {
	ctx, cancel := context.WithTimeout(context.Background(), screenshotWait)
	defer cancel()
	m.ctx = ctx
	m.run(t, "unmask")
	for _, s := range m.sessions {
		_ = proto.TargetDetachFromTarget{SessionID: s}.Call(t.inc.Context(ctx))
	}
}
