// The admin console. Talks only to the public admin API with the admin key in the x-functions-key
// header; the key lives in this tab's sessionStorage (gone when the tab closes), never in the URL
// or localStorage. Where App Service authentication is on (Azure with an Entra ID app registration),
// admins sign in with Microsoft instead and the platform's session cookie goes with each request.
// Everything is written into the page as text, never as HTML.
(function () {
  'use strict';

  var h = window.SurveyNetworkDom.h;
  var KEY = 'surveynetwork.adminKey';
  var POLL_MS = 5000;
  var ROSTER_PAGE = 100;
  var entra = false; // signed in through App Service authentication rather than with the key
  var state = { org: null, cycle: null, cycles: [], cursor: null, upload: null, invitations: null, poll: null, erase: null };

  function $(id) { return document.getElementById(id); }
  function key() { return sessionStorage.getItem(KEY); }
  function say(text) { $('status').textContent = text; }
  function enc(s) { return encodeURIComponent(s); }
  function orgPath(rest) { return 'orgs/' + enc(state.org) + (rest || ''); }
  function cyclePath(rest) { return orgPath('/cycles/' + enc(state.cycle) + (rest || '')); }
  function percent(r) { return Math.round(r * 100) + '%'; }
  function when(iso) { return iso ? new Date(iso).toLocaleString() : '—'; }
  function clear(node) { while (node.firstChild) { node.removeChild(node.firstChild); } return node; }

  /** A fetch with the key; resolves to { ok, status, body } where body is parsed JSON, text or a Blob. */
  function api(method, path, options) {
    options = options || {};
    var headers = entra ? {} : { 'x-functions-key': key() || '' };
    if (options.type) { headers['Content-Type'] = options.type; }
    if (options.accept) { headers.Accept = options.accept; }
    var body = options.json !== undefined ? JSON.stringify(options.json) : options.body;
    if (options.json !== undefined) { headers['Content-Type'] = 'application/json'; }
    return fetch(path, { method: method, headers: headers, body: body, cache: 'no-cache', credentials: entra ? 'same-origin' : 'omit' }).then(function (res) {
      var type = res.headers.get('Content-Type') || '';
      var read = options.blob ? res.blob() : type.indexOf('json') >= 0 ? res.json() : res.text();
      return read.then(function (b) {
        if (res.status === 401) { signOut(entra ? 'Your sign-in has ended. Sign in again.' : 'The admin key was refused. Sign in again.'); }
        return { ok: res.ok, status: res.status, body: b, type: type };
      });
    }, function () { return { ok: false, status: 0, body: { title: 'The server could not be reached.' } }; });
  }

  function problemText(r) {
    var b = r.body || {};
    return (b.title || ('Request failed (' + r.status + ')')) + (b.detail ? ' ' + b.detail : '');
  }

  function errorList(ul, r) {
    clear(ul);
    var errors = (r.body && r.body.errors) || {};
    var keys = Object.keys(errors);
    if (keys.length === 0) { ul.appendChild(h('li', { text: problemText(r) })); return; }
    keys.forEach(function (k) { errors[k].forEach(function (m) { ul.appendChild(h('li', { text: k + ': ' + m })); }); });
  }

  function save(blob, name) {
    var url = URL.createObjectURL(blob);
    var a = h('a', { href: url, download: name, hidden: true });
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
  }

  // ---- signing in --------------------------------------------------------------------------

  function signOut(message) {
    if (entra && !message) { window.location.assign('/.auth/logout?post_logout_redirect_uri=' + enc(window.location.pathname)); return; }
    sessionStorage.removeItem(KEY);
    stopPolling();
    $('signin').hidden = false;
    $('session').hidden = true;
    $('console').hidden = true;
    say(message || 'Signed out.');
  }

  function signedIn() {
    return api('GET', 'orgs').then(function (r) {
      if (!r.ok) { if (r.status !== 401) { say(problemText(r)); } if (r.status === 403) { entra = false; } return; }
      $('signin').hidden = true;
      $('session').hidden = false;
      var list = clear($('orgs'));
      r.body.organizations.forEach(function (o) { list.appendChild(h('option', { value: o })); });
      if (!$('org').value && r.body.organizations.length > 0) { $('org').value = r.body.organizations[0]; }
      say('Signed in. ' + r.body.organizations.length + ' organization(s). Choose one and press Open, or type a new id to load its first roster.');
    });
  }

  $('signin').addEventListener('submit', function (e) {
    e.preventDefault();
    if (!$('key').value) { say('Enter the admin key.'); $('key').focus(); return; }
    sessionStorage.setItem(KEY, $('key').value);
    $('key').value = '';
    signedIn();
  });
  $('signout').addEventListener('click', function () { signOut(); });

  $('org-open').addEventListener('click', function () {
    var o = $('org').value.trim();
    if (!/^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(o)) { say('An organization id is letters, digits, - and _.'); $('org').focus(); return; }
    state.org = o;
    state.cycle = null;
    stopPolling();
    $('org-name').textContent = o;
    $('console').hidden = false;
    $('cycle').hidden = true;
    $('preview').hidden = true;
    say('Organization ' + o + ' open.');
    loadRoster(false);
    loadCycles();
  });

  // ---- roster upload -----------------------------------------------------------------------

  /** Preview rows (header first) and, per row, the key its errors carry: rows[line] for CSV, people[i] for JSON. */
  function previewRows(upload) {
    if (!upload.json) {
      var rows = window.SurveyNetworkDom.csv(upload.text);
      return { header: rows[0] || [], rows: rows.slice(1).map(function (r, i) { return { line: i + 2, key: 'rows[' + (i + 2) + ']', cells: r }; }) };
    }
    try {
      var people = (JSON.parse(upload.text).people || []);
      var cols = ['id', 'name', 'teamId', 'function', 'level', 'location', 'managerId', 'active'];
      return { header: cols, rows: people.map(function (p, i) { return { line: i + 1, key: 'people[' + i + ']', cells: cols.map(function (c) { return p[c] === undefined ? '' : String(p[c]); }) }; }) };
    } catch (err) {
      return { header: [], rows: [] };
    }
  }

  function check(upload) {
    state.upload = upload;
    $('replace').disabled = true;
    var type = upload.json ? 'application/json' : 'text/csv';
    return api('PUT', orgPath('/roster?dryRun=true'), { body: upload.text, type: type }).then(function (r) {
      var errs = (!r.ok && r.body && r.body.errors) || {};
      var keys = Object.keys(errs);
      var preview = previewRows(upload);
      var table = $('preview-table');
      var head = clear(table.tHead);
      head.appendChild(h('tr', null, [h('th', { scope: 'col', text: upload.json ? 'Person' : 'Line' })].concat(preview.header.map(function (c) { return h('th', { scope: 'col', text: c }); })).concat([h('th', { scope: 'col', text: 'Problems' })])));
      var body = clear(table.tBodies[0]);
      var shown = preview.rows.filter(function (row, i) { return i < 50 || keys.some(function (k) { return k.indexOf(row.key) === 0; }); });
      shown.forEach(function (row) {
        var mine = keys.filter(function (k) { return k === row.key || k.indexOf(row.key + '.') === 0; });
        var problems = mine.map(function (k) { return errs[k].join(' '); }).join(' ');
        body.appendChild(h('tr', { className: mine.length ? 'bad' : null, 'data-line': row.line },
          [h('th', { scope: 'row', text: String(row.line) })].concat(row.cells.map(function (c) { return h('td', { text: c }); })).concat([h('td', { text: problems })])));
      });
      var ul = clear($('row-errors'));
      if (r.ok) {
        $('preview-title').textContent = 'Preview: ' + r.body.people + ' people (' + r.body.activePeople + ' active) in ' + r.body.teams + ' teams. No errors.';
        $('replace').disabled = false;
      } else {
        $('preview-title').textContent = 'Preview: ' + (keys.length || 1) + ' problem(s); nothing was replaced. Fix the file and choose it again.';
        errorList(ul, r);
      }
      $('preview').hidden = false;
      $('preview-title').focus();
    });
  }

  function readFile(file) {
    if (!file) { return; }
    var reader = new FileReader();
    reader.onload = function () {
      var text = String(reader.result);
      check({ name: file.name, text: text, json: /\.json$/i.test(file.name) || /^\s*\{/.test(text) });
    };
    reader.readAsText(file);
  }

  $('roster-file').addEventListener('change', function (e) { readFile(e.target.files[0]); e.target.value = ''; });
  var drop = $('drop');
  drop.addEventListener('dragover', function (e) { e.preventDefault(); drop.classList.add('over'); });
  drop.addEventListener('dragleave', function () { drop.classList.remove('over'); });
  drop.addEventListener('drop', function (e) { e.preventDefault(); drop.classList.remove('over'); readFile(e.dataTransfer.files[0]); });

  $('replace').addEventListener('click', function () {
    var u = state.upload;
    api('PUT', orgPath('/roster'), { body: u.text, type: u.json ? 'application/json' : 'text/csv' }).then(function (r) {
      if (!r.ok) { errorList($('row-errors'), r); return; }
      $('preview').hidden = true;
      say('Roster replaced: ' + r.body.people + ' people in ' + r.body.teams + ' teams.');
      loadRoster(false);
      loadCycles();
      signedIn();
    });
  });

  // ---- roster view and erasure ------------------------------------------------------------

  function loadRoster(more) {
    var q = $('search').value.trim();
    var path = orgPath('/roster?limit=' + ROSTER_PAGE + (q ? '&q=' + enc(q) : '') + (more && state.cursor ? '&cursor=' + enc(state.cursor) : ''));
    return api('GET', path).then(function (r) {
      var body = $('roster-table').tBodies[0];
      if (!more) { clear(body); }
      if (r.status === 404) { $('roster-count').textContent = 'No roster yet: upload one above.'; $('roster-more').hidden = true; return; }
      if (!r.ok) { $('roster-count').textContent = problemText(r); return; }
      var teams = {};
      r.body.teams.forEach(function (t) { teams[t.id] = t.name; });
      r.body.people.forEach(function (p) {
        var erase = h('button', { type: 'button', className: 'button button-quiet button-small', text: 'Erase', 'aria-label': 'Erase ' + p.name });
        erase.addEventListener('click', function () { askErase(p); });
        body.appendChild(h('tr', null, [
          h('td', { text: p.id }), h('th', { scope: 'row', text: p.name }), h('td', { text: teams[p.teamId] || p.teamId }), h('td', { text: p.function }),
          h('td', { text: String(p.level) }), h('td', { text: p.location }), h('td', { text: p.active === false ? 'no' : 'yes' }), h('td', null, [erase]),
        ]));
      });
      state.cursor = r.body.nextCursor || null;
      $('roster-more').hidden = !state.cursor;
      $('roster-count').textContent = body.rows.length + ' of ' + r.body.matching + ' shown' + (q ? ' matching “' + q + '”' : '') + '; ' + r.body.totalPeople + ' people on the roster, updated ' + when(r.body.updatedAt) + '.';
    });
  }

  var searchTimer = null;
  $('search').addEventListener('input', function () { clearTimeout(searchTimer); searchTimer = setTimeout(function () { loadRoster(false); }, 250); });
  $('roster-more').addEventListener('click', function () { loadRoster(true); });
  $('roster-csv').addEventListener('click', function () {
    api('GET', orgPath('/roster?format=csv'), { blob: true }).then(function (r) {
      if (r.ok) { save(r.body, state.org + '-roster.csv'); } else { say('The roster could not be downloaded (' + r.status + ').'); }
    });
  });

  function askErase(p) {
    state.erase = p;
    $('erase-title').textContent = 'Erase ' + p.name + ' (' + p.id + ')?';
    $('erase-text').textContent = 'This removes ' + p.name + ' from the roster, deletes their answers in every cycle and removes them as a contact from everyone else\u2019s answers. ' +
      'Reports are rebuilt without them at the next run. This cannot be undone.';
    $('erase-confirm').hidden = false;
    $('erase-no').focus();
  }

  $('erase-no').addEventListener('click', function () { $('erase-confirm').hidden = true; state.erase = null; say('Nothing was erased.'); });
  $('erase-yes').addEventListener('click', function () {
    var p = state.erase;
    api('DELETE', orgPath('/people/' + enc(p.id))).then(function (r) {
      $('erase-confirm').hidden = true;
      if (!r.ok) { say('Erasure failed: ' + problemText(r)); return; }
      say(p.name + ' was erased: ' + r.body.submissionsDeleted + ' answer(s) deleted, ' + r.body.mentionsRemoved + ' mention(s) removed.');
      loadRoster(false);
      if (state.cycle) { refreshCycle(); }
    });
  });

  // ---- cycles ------------------------------------------------------------------------------

  function loadCycles() {
    return api('GET', orgPath('/cycles')).then(function (r) {
      var body = clear($('cycles-table').tBodies[0]);
      var prev = clear($('c-previous'));
      prev.appendChild(h('option', { value: '', text: 'None' }));
      state.cycles = r.ok ? r.body.cycles : [];
      if (!r.ok) { body.appendChild(h('tr', null, [h('td', { colspan: 6, text: r.status === 404 ? 'No roster yet; cycles open once a roster is loaded.' : problemText(r) })])); return; }
      if (state.cycles.length === 0) { body.appendChild(h('tr', null, [h('td', { colspan: 6, text: 'No cycles yet.' })])); }
      state.cycles.forEach(function (c) {
        prev.appendChild(h('option', { value: c.id, text: c.title + ' (' + c.id + ')' }));
        var open = h('button', { type: 'button', className: 'button button-small', text: 'Manage', 'aria-label': 'Manage ' + c.title });
        open.addEventListener('click', function () { selectCycle(c.id); });
        var actions = [open];
        if (c.status !== 'closed') {
          var close = h('button', { type: 'button', className: 'button button-quiet button-small', text: 'Close', 'aria-label': 'Close ' + c.title });
          close.addEventListener('click', function () {
            api('POST', orgPath('/cycles/' + enc(c.id) + '/close')).then(function (x) { say(x.ok ? c.title + ' is closed; answers are now read-only.' : problemText(x)); loadCycles(); });
          });
          actions.push(close);
        }
        body.appendChild(h('tr', null, [h('td', { text: c.id }), h('th', { scope: 'row', text: c.title }), h('td', { text: c.status }),
          h('td', { text: when(c.opensAt) }), h('td', { text: when(c.closesAt) }), h('td', null, actions)]));
      });
    });
  }

  /** The API's threshold check (GET threshold-check, or a cycle's thresholdCheck) as text: the same sentences the API gives. */
  function thresholdText(check) {
    return check.warnings.length === 0
      ? 'Every team has at least ' + check.anonymityThreshold + ' active people.'
      : check.warnings.join(' ');
  }

  /** Before a cycle is created: what the threshold in the form would hold back on the current roster. */
  var thresholdAsked = 0;
  function thresholdWarning() {
    var k = parseInt($('c-threshold').value, 10);
    var asked = ++thresholdAsked;
    if (!(k >= 3 && k <= 100)) { $('threshold-warning').textContent = ''; return; }
    api('GET', orgPath('/threshold-check?anonymityThreshold=' + k)).then(function (r) {
      if (asked !== thresholdAsked) { return; }
      $('threshold-warning').textContent = r.ok ? thresholdText(r.body) : '';
    });
  }

  $('create').addEventListener('toggle', function () { if ($('create').open) { thresholdWarning(); } });
  $('c-threshold').addEventListener('input', thresholdWarning);

  function isoOf(local) { return local ? new Date(local).toISOString() : undefined; }

  $('cycle-form').addEventListener('submit', function (e) {
    e.preventDefault();
    var input = {
      id: $('c-id').value.trim(), title: $('c-title').value.trim(), opensAt: isoOf($('c-opens').value), closesAt: isoOf($('c-closes').value),
      anonymityThreshold: parseInt($('c-threshold').value, 10), namedReports: $('c-named').checked,
      options: { maxContacts: parseInt($('c-max').value, 10) }, previousCycleId: $('c-previous').value || undefined,
    };
    api('POST', orgPath('/cycles'), { json: input }).then(function (r) {
      if (!r.ok) { errorList($('cycle-errors'), r); return; }
      clear($('cycle-errors'));
      $('create').open = false;
      say('Cycle ' + r.body.title + ' created (' + r.body.status + ').');
      loadCycles().then(function () { selectCycle(r.body.id); });
    });
  });

  // ---- one cycle: invitations, responses, reports ------------------------------------------

  function stopPolling() { if (state.poll) { clearInterval(state.poll); state.poll = null; } }

  function selectCycle(id) {
    state.cycle = id;
    state.invitations = null;
    $('links-csv').disabled = true;
    $('cycle').hidden = false;
    stopPolling();
    refreshCycle().then(function () { $('cycle-title').focus(); });
    state.poll = setInterval(function () { if (!document.hidden) { loadRespondents(); } }, POLL_MS);
  }

  function refreshCycle() {
    return Promise.all([
      api('GET', cyclePath()).then(function (r) {
        if (!r.ok) { say(problemText(r)); return; }
        var c = r.body;
        $('cycle-title').textContent = 'Cycle: ' + c.title + ' (' + c.status + ')';
        $('invite-info').textContent = c.invitationsIssued > 0
          ? c.invitationsIssued + ' invitation(s) issued ' + when(c.invitationsIssuedAt) + '. Issuing again makes new links for everyone; earlier links keep working until they expire.'
          : 'No invitations issued yet. Anonymity threshold ' + c.anonymityThreshold + (c.namedReports ? ', named reports.' : ', anonymous reports.');
        var warn = clear($('cycle-threshold'));
        if (c.thresholdCheck && c.thresholdCheck.warnings.length) {
          warn.appendChild(h('p', { text: 'Anonymity threshold: ' + thresholdText(c.thresholdCheck) }));
        }
      }),
      loadRespondents(),
      loadRuns(),
    ]);
  }

  function badge(text, kind) { return h('span', { className: 'badge badge-' + kind, text: text }); }

  function loadRespondents() {
    return api('GET', cyclePath('/respondents')).then(function (r) {
      if (!r.ok) { return; }
      var d = r.body;
      $('rate').textContent = d.respondents + ' of ' + d.people + ' answered (' + percent(d.responseRate) + ')' + (d.confidence ? ', confidence ' + d.confidence : '') +
        '. ' + (d.namedReports ? 'Names are shown because this cycle has named reports.' : 'Only counts are shown: this cycle\u2019s reports are anonymous.') + ' Updates every few seconds.';
      var body = clear($('teams-table').tBodies[0]);
      d.teams.forEach(function (t) {
        var missing = t.notAnswered ? (t.notAnswered.length ? t.notAnswered.join(', ') : 'everyone answered') : (t.people === t.respondents ? 'everyone answered' : (t.people - t.respondents) + ' people');
        body.appendChild(h('tr', { 'data-team': t.teamId }, [h('th', { scope: 'row', text: t.name }), h('td', { text: String(t.people) }), h('td', { text: String(t.respondents) }),
          h('td', { className: 'rate', text: percent(t.responseRate) }), h('td', null, [t.confidence ? badge(t.confidence, t.confidence) : '—']),
          h('td', { text: missing + (t.reportable ? '' : '; under the threshold: the team\u2019s figures are held back') })]));
      });
    });
  }

  function reportPath(s, format) {
    return s.teamId ? cyclePath('/teams/' + enc(s.teamId) + '/report?format=' + format) : cyclePath('/report?format=' + format);
  }

  function fileName(s, format) { return state.org + '-' + state.cycle + '-' + (s.teamId || 'organization') + '.' + format; }

  function reportButton(s, format, label) {
    var b = h('button', { type: 'button', className: 'button button-quiet button-small', text: label, 'aria-label': label + ' — ' + s.name });
    b.addEventListener('click', function () {
      api('GET', reportPath(s, format), { blob: true }).then(function (r) {
        if (!r.ok) { say('The report could not be read (' + r.status + ').'); return; }
        if (format === 'html') {
          window.open(URL.createObjectURL(new Blob([r.body], { type: 'text/html' })), '_blank', 'noopener');
        } else {
          save(r.body, fileName(s, format));
        }
      });
    });
    return b;
  }

  function loadRuns() {
    return api('GET', cyclePath('/runs')).then(function (r) {
      var body = clear($('runs-table').tBodies[0]);
      if (!r.ok) { return; }
      $('run-info').textContent = r.body.completedAt ? 'Last run finished ' + when(r.body.completedAt) + '.' : 'No reports have been run for this cycle yet.';
      loadNetwork(r.body.scopes.filter(function (s) { return !s.teamId && s.reportId; })[0]);
      r.body.scopes.forEach(function (s) {
        var links = s.reportId
          ? [reportButton(s, 'html', 'Open'), reportButton(s, 'json', 'JSON'), reportButton(s, 'graphml', 'GraphML'), reportButton(s, 'csv', 'CSV')]
          : ['—'];
        body.appendChild(h('tr', { 'data-scope': s.teamId || 'organization' }, [h('th', { scope: 'row', text: s.name }),
          h('td', null, [badge(s.status === 'heldBack' ? 'held back for privacy' : s.status, s.status)]), h('td', { text: s.reason || '' }), h('td', { className: 'links' }, links)]));
      });
    });
  }

  /** The network view of the organization report: its JSON (map) and its people table (attributes and measures). */
  var networkAsked = 0;
  function loadNetwork(scope) {
    var asked = ++networkAsked;
    if (!scope) { window.SurveyNetworkView.hide(); return; }
    Promise.all([api('GET', reportPath(scope, 'json')), api('GET', reportPath(scope, 'people.csv'))]).then(function (r) {
      if (asked !== networkAsked) { return; }
      if (r[0].ok && r[1].ok) { window.SurveyNetworkView.show(r[0].body, r[1].body); } else { window.SurveyNetworkView.hide(); }
    });
  }

  $('invite').addEventListener('click', function () {
    api('POST', cyclePath('/invitations')).then(function (r) {
      if (!r.ok) { say(problemText(r)); return; }
      state.invitations = r.body.invitations;
      $('links-csv').disabled = false;
      say(r.body.count + ' invitation(s) issued; links expire ' + when(r.body.expiresAt) + '. Download them for your mail merge.');
      refreshCycle();
    });
  });

  function csvField(v) { v = String(v); return /[",\r\n]/.test(v) ? '"' + v.replace(/"/g, '""') + '"' : v; }

  $('links-csv').addEventListener('click', function () {
    var lines = ['personId,name,teamId,link'].concat(state.invitations.map(function (i) { return [i.personId, i.name, i.teamId, i.link].map(csvField).join(','); }));
    save(new Blob([lines.join('\r\n') + '\r\n'], { type: 'text/csv' }), state.org + '-' + state.cycle + '-links.csv');
  });

  $('run').addEventListener('click', function () {
    $('run').disabled = true;
    $('run-info').textContent = 'Running…';
    // The run is queued (202 Accepted); its status route says when it is done.
    api('POST', cyclePath('/reports?force=true')).then(function (r) {
      if (!r.ok) { $('run').disabled = false; $('run-info').textContent = problemText(r); return; }
      $('run-info').textContent = 'Queued…';
      pollRun(cyclePath('/runs/' + enc(r.body.id)));
    });
  });

  function pollRun(path) {
    api('GET', path).then(function (r) {
      if (!r.ok) { $('run').disabled = false; $('run-info').textContent = problemText(r); return; }
      var run = r.body;
      if (run.state === 'queued' || run.state === 'running') {
        $('run-info').textContent = run.state === 'queued' ? 'Queued…' : 'Running…';
        setTimeout(function () { pollRun(path); }, 1000);
        return;
      }
      $('run').disabled = false;
      if (run.state === 'failed') {
        $('run-info').textContent = 'The report run failed: ' + (run.error || 'unknown error') + '.';
      } else {
        say('Report run: ' + run.result.status + (run.result.detail ? ' — ' + run.result.detail : '') + '.');
      }
      loadRuns();
    });
  }

  // App Service authentication answers /.auth/me (200 signed in, 401 not yet); elsewhere it is 404.
  if (key()) {
    signedIn();
  } else {
    fetch('/.auth/me', { credentials: 'same-origin', cache: 'no-cache' }).then(function (res) {
      if (res.status === 404) { return; }
      $('entra-signin').href = '/.auth/login/aad?post_login_redirect_uri=' + enc(window.location.pathname);
      $('entra-signin').hidden = false;
      return res.ok ? res.json().then(function (me) {
        if (Array.isArray(me) && me.length > 0) { entra = true; signedIn(); }
      }) : null;
    }, function () { /* no platform sign-in here */ });
  }
}());
