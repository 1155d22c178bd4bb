package driver

import (
	"context"
	"errors"
	"fmt"

	"github.com/go-rod/rod"

	"github.com/proofrun/proofrun/internal/scenario"
)

// InvokeArgs are invoke's arguments.
type InvokeArgs struct {
	Component string `yaml:"component"` // the component's name; "" = the page's main component
	Method    string `yaml:"method"`
	Params    []any  `yaml:"args"` // the method's arguments
	Call      bool   `yaml:"call"` // then callMountedAction
	// Updates are Livewire property updates sent with the last call, e.g.
	// the mounted action's form data: {mountedActions.0.data.confirmation: X}.
	Updates map[string]any  `yaml:"updates"`
	Status  scenario.Status `yaml:"status"` // of the last call; 0: 200
}

func init() {
	register(scenario.Def{
		Kind: "invoke", Doc: "call a Livewire component method directly, bypassing hidden UI",
		Required: []string{"method"},
	}, traits{bodies: true}, invoke)
}

// prepareJS finds the component to call (the one whose snapshot names
// component, else the page's main one), its snapshot, the CSRF token and the
// update URI, the way Livewire's own client does; lw is the target profile's
// Livewire protocol.
const prepareJS = `(component, lw) => {
	const roots = [...document.querySelectorAll(lw.component)].map((el) => {
		let snap = null;
		try { snap = JSON.parse(el.getAttribute(lw.snapshotAttr)); } catch (e) { /* not a component */ }
		return { el, snap, name: snap && snap.memo ? String(snap.memo.name || '') : '' };
	}).filter((c) => c.snap);
	if (!roots.length) return { error: 'no Livewire component on the page' };
	let c;
	if (component) {
		c = roots.find((r) => r.name.includes(component));
		if (!c) return { error: 'no Livewire component named like ' + JSON.stringify(component) + ' (found: ' + roots.map((r) => r.name).join(', ') + ')' };
	} else {
		c = roots.find((r) => r.el.closest('main')) || roots[0];
	}
	const script = document.querySelector(lw.updateURI);
	if (!script) return { error: 'no ' + lw.updateURI + ' on the page: is it a Livewire page?' };
	const csrf = document.querySelector(lw.csrf);
	return {
		name: c.name,
		snapshot: c.el.getAttribute(lw.snapshotAttr),
		token: csrf ? csrf.getAttribute(lw.csrfAttr) : '',
		uri: new URL(script.getAttribute(lw.updateURIAttr), location.href).href,
	};
}`

// postJS sends one Livewire update from inside the page, with its cookies.
const postJS = `async (uri, token, snapshot, method, params, updates, header) => {
	const res = await fetch(uri, {
		method: 'POST',
		credentials: 'same-origin',
		headers: { 'Content-Type': 'application/json', 'Accept': 'application/json', [header]: '1' },
		body: JSON.stringify({ _token: token, components: [{ snapshot, updates, calls: [{ path: '', method, params }] }] }),
	});
	const text = await res.text();
	let next = '';
	try { next = JSON.parse(text).components[0].snapshot; } catch (e) { /* an error page */ }
	return { status: res.status, snapshot: next };
}`

type invokeTarget struct {
	Error    string `json:"error"`
	Name     string `json:"name"`
	Snapshot string `json:"snapshot"`
	Token    string `json:"token"`
	URI      string `json:"uri"`
}

type invokeResult struct {
	Status   int    `json:"status"`
	Snapshot string `json:"snapshot"`
}

// invoke calls a Livewire component method directly, bypassing the UI (the
// proof that a hidden action is refused on the server), then with call
// callMountedAction on the returned snapshot, and checks the last status
// (default 200). updates go with the last call: the mounted action's form
// data is filled in as the action is submitted.
func invoke(ctx context.Context, r *run, a *InvokeArgs) error {
	p := r.tab.p(ctx)
	lw := r.b.opts.Profile.Livewire
	var t invokeTarget
	res, err := p.Evaluate(rod.Eval(prepareJS, a.Component, lw))
	if err != nil {
		return err
	}
	if err := res.Value.Unmarshal(&t); err != nil {
		return err
	}
	if t.Error != "" {
		return errors.New(t.Error)
	}
	want := int(a.Status)
	if want == 0 {
		want = 200
	}
	r.tab.watch.Expect(t.URI, want) // the step judges this status itself
	calls := []struct {
		method string
		params []any
	}{{a.Method, a.Params}}
	if a.Call {
		calls = append(calls, struct {
			method string
			params []any
		}{lw.MountedAction, []any{}})
	}
	snapshot := t.Snapshot
	for i, c := range calls {
		params := c.params
		if params == nil {
			params = []any{}
		}
		updates := map[string]any{}
		if i == len(calls)-1 && a.Updates != nil {
			updates = a.Updates
		}
		var out invokeResult
		stop := r.wait()
		res, err := p.Evaluate(rod.Eval(postJS, t.URI, t.Token, snapshot, c.method, params, updates, lw.Header).ByPromise())
		stop()
		if err != nil {
			return awaiting(err, "the Livewire update %s on %s did not answer", c.method, t.Name)
		}
		if err := res.Value.Unmarshal(&out); err != nil {
			return err
		}
		r.observed = out.Status
		if out.Status != 200 || out.Snapshot == "" {
			break // refused: nothing to call the mounted action on
		}
		snapshot = out.Snapshot
	}
	if r.observed != want {
		return fmt.Errorf("invoke %s on %s answered %d, expected %d", a.Method, t.Name, r.observed, want)
	}
	return nil
}
