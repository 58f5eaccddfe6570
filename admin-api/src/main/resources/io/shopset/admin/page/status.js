// The status page: reads the admin API with the operator's token and renders it. Read-only.
// Everything from the API is put in the page as text (textContent), never as HTML.
'use strict';

(() => {
  const TOKEN_KEY = 'shopset.adminToken';
  const REFRESH_MS = 2000;
  const STATE_LABELS = {
    'ready': 'ready',
    'draining': 'draining',
    'circuit-open': 'circuit open',
    'down': 'down',
  };

  const $ = (id) => document.getElementById(id);

  /** The API refused the token (401): back to the token form. */
  class TokenRefused extends Error {}

  let timer = null;
  let paused = false;
  let platformDomains = [];
  let explained = null; // the explain query shown, refreshed with the rest

  /** An element with a class (or none) and children (strings become text). */
  function el(tag, className, ...children) {
    const e = document.createElement(tag);
    if (className) {
      e.className = className;
    }
    for (const c of children) {
      e.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return e;
  }

  function token() {
    return sessionStorage.getItem(TOKEN_KEY);
  }

  async function api(path) {
    const res = await fetch(path, {
      headers: {'Authorization': 'Bearer ' + token(), 'Accept': 'application/json'},
      cache: 'no-store',
    });
    if (res.status === 401) {
      throw new TokenRefused('the admin API refused the token (401)');
    }
    let body = null;
    try {
      body = await res.json();
    } catch (e) {
      // not JSON: reported below by status
    }
    if (!res.ok) {
      const err = new Error(body && body.error ? body.error : res.status + ' ' + res.statusText);
      err.status = res.status;
      throw err;
    }
    return body;
  }

  function number(n, digits) {
    return typeof n === 'number' && isFinite(n) ? n.toFixed(digits) : '–';
  }

  function percent(share) {
    return typeof share === 'number' && isFinite(share) ? (share * 100).toFixed(1) + '%' : '–';
  }

  // ---- token form ------------------------------------------------------------------------

  function showLogin(message) {
    stopRefresh();
    $('dashboard').hidden = true;
    $('controls').hidden = true;
    $('summary').textContent = '';
    $('login').hidden = false;
    $('login-error').textContent = message || '';
    $('token').value = '';
    $('token').focus();
  }

  async function login(event) {
    event.preventDefault();
    const value = $('token').value.trim();
    if (!value) {
      return;
    }
    sessionStorage.setItem(TOKEN_KEY, value);
    $('login-error').textContent = '';
    try {
      await api('/api/v1/routing-table');
    } catch (e) {
      if (e instanceof TokenRefused) {
        sessionStorage.removeItem(TOKEN_KEY);
        showLogin('Token refused: the admin API answered 401. Check the token and try again.');
        return;
      }
      // Anything else (e.g. 503 before the first routing snapshot) is shown on the dashboard.
    }
    showDashboard();
  }

  function forget() {
    sessionStorage.removeItem(TOKEN_KEY);
    explained = null;
    $('explain-result').replaceChildren();
    showLogin('');
  }

  // ---- refresh loop ----------------------------------------------------------------------

  function showDashboard() {
    $('login').hidden = true;
    $('dashboard').hidden = false;
    $('controls').hidden = false;
    refresh();
  }

  function stopRefresh() {
    if (timer !== null) {
      clearTimeout(timer);
      timer = null;
    }
  }

  function scheduleRefresh() {
    stopRefresh();
    if (!paused && token()) {
      timer = setTimeout(refresh, REFRESH_MS);
    }
  }

  function togglePause() {
    paused = !paused;
    $('pause').textContent = paused ? 'Resume' : 'Pause';
    $('pause').setAttribute('aria-pressed', String(paused));
    if (paused) {
      stopRefresh();
      $('updated').textContent += ' (paused)';
    } else {
      refresh();
    }
  }

  async function refresh() {
    stopRefresh();
    const calls = {
      'routing table': api('/api/v1/routing-table'),
      'ShopSets': api('/api/v1/shopsets'),
      'top shops': api('/api/v1/top-shops?n=10'),
      'audit': api('/api/v1/audit?limit=15'),
    };
    const names = Object.keys(calls);
    const results = await Promise.allSettled(Object.values(calls));
    if (results.some((r) => r.status === 'rejected' && r.reason instanceof TokenRefused)) {
      sessionStorage.removeItem(TOKEN_KEY);
      showLogin('The admin API no longer accepts the token (401). Enter a token again.');
      return;
    }
    const [table, shopsets, top, audit] = results.map((r) => (r.status === 'fulfilled' ? r.value : null));
    const failed = names.flatMap((name, i) => (results[i].status === 'rejected'
        ? [name + ': ' + results[i].reason.message] : []));
    if (table) {
      renderSummary(table);
      renderUnderReplicated(table);
    }
    if (shopsets) {
      renderGrid(shopsets.shopsets || []);
    }
    if (top) {
      renderTopShops(top);
    }
    if (audit) {
      renderAudit(audit);
    }
    if (explained !== null) {
      await explain(explained, false);
    }
    const banner = $('error');
    banner.hidden = failed.length === 0;
    banner.textContent = failed.length ? 'Could not read ' + failed.join('; ') : '';
    $('updated').textContent = 'updated ' + new Date().toLocaleTimeString() + (paused ? ' (paused)' : '');
    scheduleRefresh();
  }

  // ---- renderers -------------------------------------------------------------------------

  function renderSummary(table) {
    platformDomains = Array.isArray(table.platformDomains) ? table.platformDomains : [];
    $('summary').textContent = 'routing table v' + table.version + ' · ' + table.shops + ' shops · '
        + table.shopsets + ' ShopSets';
  }

  function renderGrid(shopsets) {
    const domains = new Map();
    for (const s of shopsets) {
      if (!domains.has(s.failureDomain)) {
        domains.set(s.failureDomain, []);
      }
      domains.get(s.failureDomain).push(s);
    }
    const columns = [...domains.keys()].sort().map((domain) => {
      const column = el('div', 'domain', el('h3', null, domain));
      column.dataset.domain = domain;
      const cards = el('div', 'cards');
      domains.get(domain)
          .sort((a, b) => a.name.localeCompare(b.name))
          .forEach((s) => cards.append(card(s)));
      column.append(cards);
      return column;
    });
    if (columns.length === 0) {
      columns.push(el('p', 'muted', 'No ShopSets.'));
    }
    $('grid').replaceChildren(...columns);
  }

  function card(s) {
    const endpoints = s.endpoints || [];
    const healthy = endpoints.filter((e) => e.healthy).length;
    const healthClass = healthy === endpoints.length ? 'ok' : healthy === 0 ? 'bad' : 'warn';
    const state = STATE_LABELS[s.state] || s.state;
    const errorClass = s.errorRate > 0.05 ? 'bad' : s.errorRate > 0 ? 'warn' : '';
    const c = el('article', 'card state-' + s.state,
        el('header', null, el('span', 'name', s.name), el('span', 'badge state', state)),
        el('dl', null,
            el('dt', null, 'health'), el('dd', 'health ' + healthClass, healthy + '/' + endpoints.length),
            el('dt', null, 'req/s'), el('dd', 'rps', number(s.requestsPerSecond, 1)),
            el('dt', null, 'errors'), el('dd', 'errors ' + errorClass, percent(s.errorRate)),
            el('dt', null, 'shops'), el('dd', 'shops', s.shops)),
        el('div', 'endpoints', ...endpoints.map((e) => {
          const dot = el('span', 'dot ' + (e.healthy ? 'ok' : 'bad'));
          dot.title = e.endpoint + (e.healthy ? ' healthy' : ' not taking traffic');
          return dot;
        })),
        el('footer', 'muted', [s.tier, s.configuration].concat(s.dedicated ? ['dedicated'] : []).join(' · ')));
    c.dataset.shopset = s.name;
    c.dataset.state = s.state;
    return c;
  }

  function renderTopShops(top) {
    const rows = top.map((r) => {
      const link = el('button', 'link', r.shop);
      link.type = 'button';
      link.title = 'where does ' + r.shop + ' route?';
      link.addEventListener('click', () => {
        $('explain-input').value = r.shop;
        explain(r.shop, true);
      });
      return el('tr', null, el('td', null, link), el('td', 'num', number(r.requestsPerSecond, 1)));
    });
    $('top-shops').tBodies[0].replaceChildren(...rows);
    $('top-shops-empty').hidden = rows.length > 0;
  }

  function renderAudit(entries) {
    const rows = entries.map((a) => el('tr', null,
        el('td', 'when', a.when ? new Date(a.when).toLocaleString() : ''),
        el('td', null, a.who),
        el('td', 'what', a.what),
        el('td', null, a.target),
        el('td', 'num', a.version)));
    $('audit').tBodies[0].replaceChildren(...rows);
    $('audit-empty').hidden = rows.length > 0;
  }

  // The under-replicated shops section: its data comes from a field of /api/v1/routing-table that
  // may not exist; the section is rendered only when it does. Accepts a count, a list of shop ids,
  // or a list of objects (each shown with its fields).
  function renderUnderReplicated(table) {
    const section = $('under-replicated-section');
    if (!Object.prototype.hasOwnProperty.call(table, 'underReplicated')) {
      section.hidden = true;
      return;
    }
    const value = table.underReplicated;
    const target = $('under-replicated');
    section.hidden = false;
    if (Array.isArray(value)) {
      if (value.length === 0) {
        target.replaceChildren(el('p', 'muted', 'None: every shop has all its replicas.'));
        return;
      }
      target.replaceChildren(el('ul', 'under-replicated', ...value.map((v) => el('li', null,
          typeof v === 'object' && v !== null
              ? Object.entries(v).map(([k, x]) => k + ': ' + (typeof x === 'object' ? JSON.stringify(x) : x))
                  .join(' · ')
              : v))));
      return;
    }
    if (value !== null && typeof value === 'object' && Array.isArray(value.shops)) {
      // {count, shops (the first 100), failedShopSets}: what GET /api/v1/routing-table answers
      const failed = Array.isArray(value.failedShopSets) ? value.failedShopSets : [];
      if (!value.count) {
        target.replaceChildren(el('p', 'muted', 'None: every shop has all its replicas.'));
        return;
      }
      const more = value.count > value.shops.length ? ' (first ' + value.shops.length + ' listed)' : '';
      target.replaceChildren(
          el('p', null, value.count + ' shop(s) under-replicated' + more
              + (failed.length ? '; failed ShopSets: ' + failed.join(', ') : '')),
          el('ul', 'under-replicated', ...value.shops.map((id) => el('li', null, String(id)))));
      return;
    }
    target.replaceChildren(el('p', null, typeof value === 'object' ? JSON.stringify(value) : String(value)));
  }

  // ---- explain ---------------------------------------------------------------------------

  /** The host to ask about: a bare shop id (no dot) becomes {id}.{first platform domain}. */
  function hostFor(query) {
    if (query.includes('.') || platformDomains.length === 0) {
      return query;
    }
    return query + '.' + platformDomains[0];
  }

  async function explain(query, fromForm) {
    const host = hostFor(query);
    const out = $('explain-result');
    explained = query;
    let body;
    try {
      body = await api('/api/v1/explain?host=' + encodeURIComponent(host));
    } catch (e) {
      if (e instanceof TokenRefused) {
        showLogin('The admin API no longer accepts the token (401). Enter a token again.');
        return;
      }
      if (fromForm || explained === query) {
        out.replaceChildren(el('p', 'error', host + ': ' + e.message));
      }
      return;
    }
    if (fromForm || explained === query) {
      out.replaceChildren(explanation(query, host, body));
    }
  }

  function explanation(query, host, body) {
    const rows = (body.candidates || []).map((c, i) => {
      const row = el('tr', c.shopset === body.chosen ? 'chosen' : '',
          el('td', 'num', i + 1),
          el('td', 'shopset', c.shopset),
          el('td', null, c.failureDomain),
          el('td', c.healthy ? 'ok' : 'bad', c.healthy ? 'healthy' : 'unhealthy'),
          el('td', null, c.reason));
      row.dataset.shopset = c.shopset;
      return row;
    });
    const asked = query === host ? host : query + ' → ' + host;
    const verdict = body.chosen
        ? el('p', 'verdict', 'Shop ', el('strong', null, body.shop), ' (', asked, ') routes to ',
            el('strong', 'chosen-shopset', body.chosen), '.')
        : el('p', 'verdict error', 'Shop ', el('strong', null, body.shop), ' (', asked,
            '): no candidate is healthy; the gateway answers 503.');
    const table = el('table', 'candidates',
        el('thead', null, el('tr', null, el('th', 'num', '#'), el('th', null, 'ShopSet'),
            el('th', null, 'failure domain'), el('th', null, 'health'), el('th', null, 'why'))),
        el('tbody', null, ...rows));
    const wrap = el('div', null, verdict, table);
    wrap.dataset.shop = body.shop;
    wrap.dataset.chosen = body.chosen || '';
    return wrap;
  }

  // ---- start -----------------------------------------------------------------------------

  document.addEventListener('DOMContentLoaded', () => {
    $('login-form').addEventListener('submit', login);
    $('forget').addEventListener('click', forget);
    $('pause').addEventListener('click', togglePause);
    $('explain-form').addEventListener('submit', (event) => {
      event.preventDefault();
      const query = $('explain-input').value.trim();
      if (query) {
        explain(query, true);
      }
    });
    if (token()) {
      showDashboard();
    } else {
      showLogin('');
    }
  });
})();
