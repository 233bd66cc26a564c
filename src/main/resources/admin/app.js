'use strict';
// The admin page: reads the JSON API with the session cookie, and sends every change with the session's CSRF token.
let csrfToken = null;

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === 'class') e.className = v; else if (k.startsWith('on')) e.addEventListener(k.slice(2), v); else e.setAttribute(k, v);
  }
  for (const c of children) {
    if (c === null || c === undefined) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

async function api(path, options) {
  const opts = Object.assign({ credentials: 'same-origin', headers: {} }, options || {});
  if (opts.method && opts.method !== 'GET') opts.headers['X-CSRF-Token'] = csrfToken;
  const response = await fetch(path, opts);
  // several instances may share the work: the one answering names itself
  const instance = response.headers.get('Mailbridge-Instance');
  if (instance) document.getElementById('instance').textContent = 'instance ' + instance;
  if (response.status === 401) { window.location = '/admin'; throw new Error('logged out'); }
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(body.message || ('HTTP ' + response.status));
  return body;
}

function when(iso) { return iso ? new Date(iso).toLocaleString() : ''; }

function badge(text, kind) { return el('span', { class: 'status ' + kind }, text); }

function fill(tbody, rows, columns) {
  tbody.replaceChildren();
  if (rows.length === 0) tbody.append(el('tr', {}, el('td', { class: 'empty', colspan: columns }, 'none')));
  for (const r of rows) tbody.append(r);
}

function tokenBadge(status) {
  return badge(status, status === 'valid' || status === 'not-required' ? 'ok' : status === 'pending' ? 'warn' : 'bad');
}

async function testMailbox(id, button) {
  const report = document.getElementById('test-report');
  report.hidden = false;
  report.replaceChildren(el('p', {}, 'Testing mailbox ' + id + '…'));
  button.disabled = true;
  try {
    const r = await api('/api/mailboxes/' + encodeURIComponent(id) + '/test', { method: 'POST' });
    const list = el('ol', {});
    for (const s of r.steps) {
      const kind = s.outcome === 'passed' ? 'ok' : s.outcome === 'failed' ? 'bad' : 'warn';
      list.append(el('li', { 'data-step': s.name, 'data-outcome': s.outcome }, badge(s.outcome, kind), ' ', el('strong', {}, s.name), ' ',
        el('span', { class: 'muted' }, s.detail || ''),
        s.cause ? el('div', { class: 'fix' }, el('strong', {}, s.cause + ': '), s.fix) : null));
    }
    report.replaceChildren(el('h3', { id: 'test-result', 'data-passed': String(r.passed) },
      'Test of ' + id + ': ' + (r.passed ? 'every step passed' : 'stopped at the first broken link')), list);
  } catch (e) {
    report.replaceChildren(el('p', { class: 'error' }, 'The test could not run: ' + e.message));
  } finally {
    button.disabled = false;
  }
}

async function loadMailboxes() {
  const mailboxes = await api('/api/mailboxes');
  fill(document.querySelector('#mailboxes tbody'), mailboxes.map(m => {
    const problems = el('div', {});
    if (m.lastError) problems.append(el('div', { class: 'error' }, m.lastError.cause + ': ' + m.lastError.message), el('div', { class: 'fix' }, 'Fix: ' + m.lastError.fix));
    if (m.sendingPaused) problems.append(el('div', { class: 'error' }, 'sending paused, ' + m.sendingPaused.cause), el('div', { class: 'fix' }, 'Fix: ' + m.sendingPaused.fix));
    for (const w of m.warnings || []) problems.append(el('div', {}, badge('warning', 'warn'), ' ' + w.message), el('div', { class: 'fix' }, 'Fix: ' + w.fix));
    const actions = el('td', {});
    if (m.signInPath) actions.append(el('a', { class: 'button', href: m.signInPath, 'data-action': 'sign-in' }, 'Sign in'), ' ');
    const test = el('button', { type: 'button', 'data-action': 'test' }, 'Test');
    test.addEventListener('click', () => testMailbox(m.id, test));
    actions.append(test);
    return el('tr', { 'data-mailbox': m.id },
      el('td', {}, el('strong', {}, m.id), el('div', { class: 'muted' }, m.address)),
      el('td', {}, m.grant),
      el('td', {}, tokenBadge(m.tokenStatus), m.tokenExpiresAt ? el('div', { class: 'muted' }, 'expires ' + when(m.tokenExpiresAt)) : null),
      el('td', { class: 'muted' }, m.lastPollAt ? el('div', {}, 'polled ' + when(m.lastPollAt)) : null,
        m.lastSentAt ? el('div', {}, 'sent ' + when(m.lastSentAt)) : null,
        ...(m.polledBy || []).map(p => el('div', { 'data-route': p.route, 'data-poller': p.instance || '' },
          p.route + ': ' + (p.instance ? 'polled by ' + p.instance + (p.here ? ' (this instance)' : '') : 'not polled now')))),
      el('td', {}, problems), actions);
  }), 6);
}

async function loadFlows() {
  const r = await api('/api/routes');
  const rows = r.routes.filter(x => !x.id.startsWith('admin-') && !x.id.startsWith('oauth-') && x.id !== 'sandbox-erp').map(x =>
    el('tr', { 'data-route': x.id }, el('td', {}, x.id), el('td', {}, badge(x.state, x.state === 'started' ? 'ok' : 'bad')),
      el('td', { class: 'muted uri' }, x.from), el('td', {}, x.exchanges ?? ''), el('td', {}, x.failed ?? ''), el('td', { class: 'muted' }, x.source || '')));
  fill(document.querySelector('#flows tbody'), rows, 6);
  const errors = document.getElementById('route-errors');
  errors.replaceChildren();
  for (const f of r.fileErrors) errors.append(el('p', { class: 'error' }, 'Not loaded: ' + f.file + ': ' + f.error));
  if (r.reload) errors.append(el('p', { class: 'muted' }, 'Live reload of ' + r.reload.folder + ': ' + r.reload.reloads + ' reloads'
    + (r.reload.lastReloadAt ? ', the last ' + when(r.reload.lastReloadAt) : '') + ', ' + r.reload.failedReloads + ' failed'
    + (r.reload.lastError ? ' (last error: ' + r.reload.lastError + ')' : '')));
}

async function loadInbound() {
  const quarantined = await api('/api/inbound?state=quarantined');
  fill(document.querySelector('#quarantined tbody'), quarantined.map(m => {
    const replay = el('button', { type: 'button', 'data-action': 'replay' }, 'Replay');
    replay.addEventListener('click', async () => {
      replay.disabled = true;
      try { await api('/api/inbound/replay?id=' + encodeURIComponent(m.id), { method: 'POST' }); await refresh(); }
      catch (e) { alert('Replay failed: ' + e.message); replay.disabled = false; }
    });
    return el('tr', { 'data-message': m.id }, el('td', {}, m.mailbox), el('td', {}, m.subject || ''), el('td', { class: 'error' }, m.lastError || ''),
      el('td', {}, m.attempts), el('td', { class: 'muted' }, when(m.updatedAt)), el('td', {}, replay));
  }), 6);
  const waiting = await api('/api/inbound?state=received');
  fill(document.querySelector('#waiting tbody'), waiting.map(m => el('tr', {}, el('td', {}, m.mailbox), el('td', {}, m.subject || ''),
    el('td', { class: 'error' }, m.lastError || 'being delivered'), el('td', {}, m.attempts), el('td', { class: 'muted' }, when(m.updatedAt)))), 5);
  const delivered = await api('/api/inbound?state=delivered');
  fill(document.querySelector('#delivered tbody'), delivered.slice(0, 20).map(m =>
    el('tr', {}, el('td', {}, m.mailbox), el('td', {}, m.subject || ''), el('td', { class: 'muted' }, when(m.updatedAt)))), 3);
}

async function loadOutbound() {
  const requests = await api('/api/outbound');
  const counts = {};
  for (const r of requests) counts[r.status] = (counts[r.status] || 0) + 1;
  document.getElementById('outbound-counts').textContent = 'Latest ' + requests.length + ' requests: '
    + Object.entries(counts).map(([k, v]) => v + ' ' + k).join(', ');
  const batches = await api('/api/outbound/batches');
  fill(document.querySelector('#batches tbody'), batches.map(b => el('tr', { 'data-batch': b.batchId },
    el('td', { class: 'muted' }, b.batchId.slice(0, 8)), el('td', {}, b.mailbox), el('td', { class: 'muted' }, b.source || ''),
    el('td', {}, b.count), el('td', {}, ...Object.entries(b.counts).filter(([, v]) => v > 0)
      .map(([k, v]) => badge(v + ' ' + k, k === 'sent' ? 'ok' : k === 'failed' ? 'bad' : 'warn'))),
    el('td', { class: 'muted' }, when(b.createdAt)), el('td', { class: 'muted' }, when(b.completedAt))
  )), 7);
  fill(document.querySelector('#requests tbody'), requests.slice(0, 50).map(r => {
    const kind = r.status === 'sent' ? 'ok' : r.status === 'failed' ? 'bad' : 'warn';
    const actions = el('td', {});
    if (r.status === 'failed') {
      const retry = el('button', { type: 'button', 'data-action': 'retry' }, 'Retry');
      retry.addEventListener('click', async () => {
        retry.disabled = true;
        try { await api('/api/outbound/' + encodeURIComponent(r.id) + '/retry', { method: 'POST' }); await refresh(); }
        catch (e) { alert('Retry failed: ' + e.message); retry.disabled = false; }
      });
      actions.append(retry);
    }
    return el('tr', { 'data-request': r.id }, el('td', {}, r.mailbox), el('td', {}, r.subject || ''), el('td', {}, badge(r.status, kind)),
      el('td', {}, r.attempts), el('td', { class: r.status === 'failed' ? 'error' : 'muted' }, r.lastReply || ''),
      el('td', { class: 'muted' }, r.batchId ? r.batchId.slice(0, 8) + ' #' + r.item : ''), el('td', { class: 'muted' }, when(r.updatedAt)), actions);
  }), 8);
}

async function refresh() {
  await Promise.all([loadMailboxes(), loadFlows(), loadInbound(), loadOutbound()]);
  document.getElementById('updated').textContent = 'updated ' + new Date().toLocaleTimeString();
}

document.getElementById('logout').addEventListener('click', async () => {
  await api('/admin/logout', { method: 'POST' }).catch(() => null);
  window.location = '/admin';
});

(async () => {
  csrfToken = (await api('/admin/session')).csrfToken;
  await refresh();
  setInterval(() => refresh().catch(() => null), 10000);
})();
