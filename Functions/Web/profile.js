// The respondent's personal network profile. Reads the invitation token from the URL fragment (never
// sent to the server in a URL, never stored), loads GET /api/survey/profile and shows it: the person's
// network against their team's and the organization's averages, their place in the network, their
// contacts and what they could do (Cross, Davenport & Cantrell 2003, "The social side of performance").
// The measures' labels, groups and scales come with the profile (its catalog), not from this file.
// Everything the data supplies is written with textContent, never as HTML.
(function () {
  'use strict';

  var API = '../profile';
  var SURVEY_PAGE = '../page';

  var ROLES = {
    centralConnector: 'Central connector', broker: 'Broker', boundarySpanner: 'Boundary spanner',
    peripheral: 'Peripheral', overloaded: 'Overloaded', isolate: 'Isolated'
  };

  var el = {};
  ['eyebrow', 'title', 'subtitle', 'loading', 'fatal', 'fatal-title', 'fatal-text', 'fatal-retry', 'profile']
    .forEach(function (id) { el[id] = document.getElementById(id); });

  var token = null;

  // ---------- small helpers ----------

  var h = window.SurveyNetworkDom.h;
  var labels = window.SurveyNetworkDom.labels;

  function isNumber(v) { return typeof v === 'number' && isFinite(v); }

  /**
   * A measure's value as reports print it: shares in percent, a person's counts whole (unless the catalog
   * says otherwise), averages with one decimal.
   */
  function format(kind, v, average, fractional) {
    if (!isNumber(v)) { return null; }
    switch (kind) {
      case 'share': return String(Math.round(v * 100) + 0) + '%';
      case 'count': return average || fractional ? v.toFixed(1) : String(Math.round(v) + 0);
      case 'scale': return v.toFixed(1);
      case 'centrality': return v === 0 ? '0' : Math.abs(v) >= 0.01 ? v.toFixed(3) : v.toFixed(4);
      default: return v.toFixed(2);
    }
  }

  function formatDate(iso) {
    var d = new Date(iso);
    if (isNaN(d.getTime())) { return String(iso); }
    try { return d.toLocaleDateString(undefined, { dateStyle: 'long' }); } catch (e) { return d.toDateString(); }
  }

  function plural(n, one, many) { return n === 1 ? one : many; }

  function section(id, title, lead) {
    var node = h('section', { className: 'block', 'aria-labelledby': id }, [h('h2', { id: id, text: title })]);
    if (lead) { node.appendChild(h('p', { className: 'lead', text: lead })); }
    return node;
  }

  /** A cell for a value: the number, "not shown" with the reason when an average was held back, or a dash. */
  function valueCell(m, v, average, heldBack) {
    var text = format(m.kind, v, average, !m.wholeForPerson);
    if (text !== null) { return h('td', { className: 'num', text: text }); }
    if (heldBack) { return h('td', { className: 'num na' }, ['not shown', h('span', { className: 'visually-hidden', text: ': ' + heldBack })]); }
    return h('td', { className: 'num na' }, [h('span', { 'aria-hidden': 'true', text: '—' }), h('span', { className: 'visually-hidden', text: 'no value' })]);
  }

  /** A decorative bar: the person's value, with the organization's average as a tick. */
  function bar(value, org, max) {
    if (!isNumber(value) || !(max > 0)) { return null; }
    var node = h('span', { className: 'bar', 'aria-hidden': 'true' });
    var fill = h('span', { className: 'fill' });
    fill.style.width = Math.max(0, Math.min(100, 100 * value / max)) + '%';
    node.appendChild(fill);
    if (isNumber(org)) {
      var tick = h('span', { className: 'tick' });
      tick.style.left = Math.max(0, Math.min(100, 100 * org / max)) + '%';
      node.appendChild(tick);
    }
    return node;
  }

  // ---------- rendering ----------

  /**
   * One table of measures (entries of the profile's catalog): you, your team, the organization. An
   * average set that is absent was held back by the anonymity threshold; a single absent value is
   * undefined (for example no colleague named).
   */
  function measureTable(id, caption, rows, p, withBars, captionHidden) {
    var k = p.method.anonymityThreshold;
    var teamMissing = p.teamAverages ? null : 'fewer than ' + k + ' respondents in your team';
    var orgMissing = p.organizationAverages ? null : 'fewer than ' + k + ' respondents in the organization';
    var team = p.teamAverages || {};
    var org = p.organizationAverages || {};
    var body = h('tbody');
    rows.forEach(function (m) {
      var key = m.measure;
      var own = p.own[key];
      var max = m.scaleMax || Math.max(1, own || 0, team[key] || 0, org[key] || 0) * 1.15;
      var head = h('th', { scope: 'row', className: 'measure' }, [
        h('span', { className: 'name', text: m.label }), h('small', { text: m.help }), withBars ? bar(own, org[key], max) : null]);
      body.appendChild(h('tr', null, [
        head,
        valueCell(m, own, false, null),
        valueCell(m, team[key], true, teamMissing),
        valueCell(m, org[key], true, orgMissing)]));
    });
    return h('table', { id: id, className: 'measures' }, [
      h('caption', { className: captionHidden ? 'visually-hidden' : null, text: caption }),
      h('thead', null, [h('tr', null, [
        h('th', { scope: 'col', text: 'Measure' }), h('th', { scope: 'col', className: 'num', text: 'You' }),
        h('th', { scope: 'col', className: 'num', text: 'Your team' }), h('th', { scope: 'col', className: 'num', text: 'Organization' })])]),
      body]);
  }

  /** "5 of 6": a count with its denominator, as the findings and the table state it. */
  function ofN(n, of) { return n + ' of ' + of; }

  function kpis(p) {
    var own = p.own;
    var org = p.organizationAverages;
    var t = p.ties;
    var orgOutside = org && isNumber(org.otherTeam) && isNumber(org.outsideOrganization) ? org.otherTeam + org.outsideOrganization : null;
    var items = [];
    if (t && t.contacts > 0) {
      items.push(['kpi-size', String(t.contacts), plural(t.contacts, 'contact you named', 'contacts you named'), org ? format('count', org.networkSize, true) : null]);
      items.push(['kpi-outside', format('share', t.outsideTeam / t.contacts, false), 'outside your team: ' + ofN(t.outsideTeam, t.contacts), format('share', orgOutside, true)]);
      if (t.personalAnswered > 0) {
        items.push(['kpi-personal', format('share', t.personal / t.personalAnswered, false), 'personal as well as professional: ' + ofN(t.personal, t.personalAnswered), org ? format('share', org.personalShare, true) : null]);
      }
    }
    if (!p.answersHeldBack && isNumber(own.inDegree)) {
      items.push(['kpi-sought', format('count', own.inDegree, false), plural(own.inDegree, 'colleague named you', 'colleagues named you'), org ? format('count', org.inDegree, true) : null]);
    }
    if (items.length === 0) { return null; }
    return h('ul', { className: 'kpis', 'aria-label': 'Your network in four numbers' }, items.map(function (x) {
      return h('li', { id: x[0] }, [
        h('span', { className: 'kpi-value', text: x[1] }), h('span', { className: 'kpi-label', text: ' ' + x[2] }),
        x[3] ? h('span', { className: 'kpi-ref', text: 'Organization average ' + x[3] }) : null]);
    }));
  }

  /** Flags about this person alone (a likely bottleneck, on the edge, isolated), each with its number and what to do. */
  function flags(p) {
    var list = p.flags || [];
    if (list.length === 0) { return null; }
    var node = section('flags-title', 'Only you see this', 'A flag about you alone: your manager’s report gives counts, never who.');
    list.forEach(function (f, i) {
      node.appendChild(h('article', { className: 'flag', 'aria-labelledby': 'flag-' + i }, [
        h('h3', { id: 'flag-' + i, text: f.title }),
        h('p', { className: 'number', text: f.figure }),
        h('p', { text: f.text }),
        h('ul', { className: 'actions', 'aria-label': 'What you can do' }, f.actions.map(function (a) { return h('li', { text: a }); })),
        h('details', null, [h('summary', { text: 'The rule' }), h('p', { className: 'rule', text: 'Flagged when ' + f.rule + '.' })])]));
    });
    return node;
  }

  /**
   * The picture of the person's own network, drawn by the server as SVG. It is parsed as XML (no
   * script runs) and adopted only when it is an SVG document; its text is the server's, escaped there.
   */
  function picture(p) {
    if (!p.networkSvg) { return null; }
    var doc = new DOMParser().parseFromString(p.networkSvg, 'image/svg+xml');
    var root = doc.documentElement;
    if (!root || root.namespaceURI !== 'http://www.w3.org/2000/svg' || doc.getElementsByTagName('parsererror').length) { return null; }
    var node = section('picture-title', 'Your network at a glance', 'You in the middle; the people you named around you. The table of contacts below says the same in words.');
    node.appendChild(h('figure', { className: 'network-figure' }, [document.importNode(root, true)]));
    return node;
  }

  /** The three findings, one per tactic of the article, each with its number, a suggestion and the technical measures on demand. */
  function findings(p) {
    var list = p.findings || [];
    if (list.length === 0) { return null; }
    var node = section('findings-title', 'Three things about your network',
      'The three tactics of high performers in Cross, Davenport & Cantrell (2003), “The social side of performance”, applied to your own answers.');
    var box = h('div', { className: 'recs' });
    list.forEach(function (f, i) {
      var facts = h('dl', { className: 'facts' });
      f.technical.forEach(function (m) {
        facts.appendChild(h('dt', { text: m.name + ': ' + m.value }));
        facts.appendChild(h('dd', { text: m.meaning }));
      });
      box.appendChild(h('article', { className: 'rec finding rec-' + f.tactic, 'aria-labelledby': 'finding-' + i }, [
        h('h3', { id: 'finding-' + i, text: f.heading }),
        h('p', { className: 'number', text: f.figure }),
        h('p', { text: f.text }),
        h('p', { className: 'action' }, [h('strong', { text: 'Try this: ' }), f.action]),
        h('details', null, [h('summary', { text: 'The measures behind this' }), facts])]));
    });
    node.appendChild(box);
    return node;
  }

  function lens(p) {
    var node = section('lens-title', 'Your answers compared',
      'Your value next to your team’s and the organization’s averages. The bar shows your value; the dark mark, the organization’s average.');
    var k = p.method.anonymityThreshold;
    var held = [];
    if (!p.teamAverages) { held.push('Your team’s averages are not shown: fewer than ' + k + ' people in your team answered.'); }
    if (!p.organizationAverages) { held.push('Organization averages are not shown: fewer than ' + k + ' people answered.'); }
    if (held.length) { node.appendChild(h('p', { className: 'panel panel-info', text: held.join(' ') })); }
    p.catalog.lens.forEach(function (s, i) {
      node.appendChild(h('h3', { className: 'table-title', text: s.title }));
      node.appendChild(h('p', { className: 'hint', text: s.lead }));
      node.appendChild(measureTable('lens-' + i, s.title + ': you, your team and the organization', s.measures, p, true, true));
    });
    return node;
  }

  function roleRule(role, t) {
    switch (role) {
      case 'centralConnector': return 'Many colleagues come to you: named by at least ' + t.centralConnectorMinInDegree.toFixed(1) + ' (the organization’s mean plus one standard deviation). Central connectors hold groups together; make sure you are not the only route to what you know.';
      case 'broker': return 'You link people who are otherwise apart: betweenness in the organization’s top 10% and constraint at or below the median. Brokers carry ideas between groups.';
      case 'boundarySpanner': return 'At least ' + Math.round(t.boundarySpannerMinShare * 100) + '% of your ' + t.boundarySpannerMinContacts + ' or more contacts are in other teams or outside the organization. You bring in what your team does not know.';
      case 'peripheral': return 'Few ties: named by at most ' + t.peripheralMaxDegree + ' colleague and naming at most ' + t.peripheralMaxDegree + '. A few new contacts would make what you know easier to find.';
      case 'overloaded': return 'Named by at least ' + t.overloadedMinInDegree + ' colleagues, far more than most: you may be a bottleneck. Point some requests to others who know.';
      case 'isolate': return 'No tie in either direction this cycle.';
      default: return '';
    }
  }

  function structure(p) {
    var node = section('structure-title', 'Where you sit in the network', 'Computed on the whole organization’s network, from everyone’s answers.');
    if (p.answersHeldBack) {
      node.appendChild(h('p', { className: 'panel panel-info', text:
        'Not shown: your team had fewer than ' + p.method.anonymityThreshold + ' respondents, so its answers were left out of the organization’s network this cycle. Your own answers are shown above; measures such as betweenness are not.' }));
      return node;
    }
    node.appendChild(measureTable('structure', 'Structural measures: you, your team and the organization', p.catalog.structure, p, false));
    node.appendChild(h('h3', { id: 'roles-title', text: 'Your roles' }));
    var roles = p.roles || [];
    if (roles.length === 0) {
      node.appendChild(h('p', { id: 'roles', text: 'You hold none of the structural roles this cycle.' }));
    } else {
      node.appendChild(h('ul', { id: 'roles', className: 'role-list', 'aria-labelledby': 'roles-title' }, roles.map(function (r) {
        return h('li', null, [h('span', { className: 'role-name', text: ROLES[r] || r }), h('span', { text: ' — ' + roleRule(r, p.method.roles) })]);
      })));
    }
    return node;
  }

  function crosses(c) {
    if (c.outside) { return 'outside the organization'; }
    var parts = [];
    if (c.otherTeam) { parts.push('team'); }
    if (c.otherFunction) { parts.push('function'); }
    if (c.level === 'more senior' || c.level === 'more junior') { parts.push('level (' + c.level + ')'); }
    if (c.otherLocation) { parts.push('location'); }
    return parts.length ? parts.join(', ') : 'none';
  }

  function contacts(p) {
    var list = p.contacts || [];
    var t = p.ties;
    var node = section('contacts-title', 'Your contacts', 'The people you named and every boundary each tie crosses' +
      (t && t.contacts > 0 ? ': ' + t.outsideTeam + ' of your ' + t.contacts + ' ' + plural(t.contacts, 'contact', 'contacts') + ' (' + format('share', t.outsideTeam / t.contacts) + ') are outside your team' : '') +
      '. Only you see this list.');
    if (list.length === 0) {
      node.appendChild(h('p', { text: 'You named no one.' }));
      return node;
    }
    var heads = ['Contact', 'Team or kind', 'Crosses', 'How often', 'Personal', 'Comes to you for help'];
    var body = h('tbody');
    var choices = p.catalog.choices;
    var kinds = labels(choices.outsideKind), often = labels(choices.frequency), giveBack = labels(choices.giveBack);
    list.forEach(function (c) {
      var cells = [
        c.outside ? (c.outsideKind !== 'other' && kinds[c.outsideKind]) || 'Outside the organization' : c.teamName || '—',
        crosses(c),
        often[c.frequency] || '—',
        c.personal === true ? 'Yes' : c.personal === false ? 'No' : '—',
        giveBack[c.giveBack] || '—'];
      body.appendChild(h('tr', null, [h('th', { scope: 'row', text: c.label })].concat(cells.map(function (text, i) {
        return h('td', { 'data-label': heads[i + 1], text: text });
      }))));
    });
    node.appendChild(h('table', { id: 'contacts', className: 'stack' }, [
      h('caption', { text: list.length + ' ' + plural(list.length, 'contact', 'contacts') + ' you named' }),
      h('thead', null, [h('tr', null, heads.map(function (t) { return h('th', { scope: 'col', text: t }); }))]),
      body]));
    return node;
  }

  function about(p) {
    var m = p.method;
    var link = h('a', { href: SURVEY_PAGE + '#token=' + encodeURIComponent(token), text: 'Go to the survey' });
    return h('footer', { className: 'about' }, [
      h('p', null, [p.responded ? 'Want to change your answers? ' : 'Not answered yet? ', link, '.']),
      h('p', { text: 'Team and organization averages appear only where at least ' + m.anonymityThreshold + ' people answered. ' +
        'Betweenness is ' + (m.betweennessExact ? 'exact' : 'estimated from ' + m.betweennessSampleSize + ' sampled sources') + '. ' +
        'Measures follow Brandes (2001), Burt (1992), Krackhardt & Stern (1988) and Blau (1977); the lens follows Cross, Davenport & Cantrell (2003), “The social side of performance”.' }),
      h('p', { text: 'Data as of ' + formatDate(p.computedAt) + '.' })]);
  }

  function render(p) {
    document.title = p.name + ' – network profile';
    el.eyebrow.hidden = false;
    el.title.textContent = p.name;
    el.subtitle.textContent = [p.teamName, p.cycleTitle, 'data as of ' + formatDate(p.computedAt)].join(' · ');

    var root = el.profile;
    root.textContent = '';
    root.appendChild(h('p', { className: 'panel panel-info', text:
      'This profile is for you alone. It shows your own answers and where you sit in the organization’s network; team and organization averages appear only where at least ' +
      p.method.anonymityThreshold + ' people answered.' }));
    if (!p.responded) {
      root.appendChild(h('section', { id: 'not-responded', className: 'panel', 'aria-labelledby': 'not-responded-title' }, [
        h('h2', { id: 'not-responded-title', text: 'You have not answered the survey yet' }),
        h('p', { text: 'Your profile fills in once you name the people you go to. Until then it shows only what others reported.' }),
        h('p', null, [h('a', { className: 'button', href: SURVEY_PAGE + '#token=' + encodeURIComponent(token), text: 'Answer the survey' })])]));
    }
    if (p.answersHeldBack) {
      root.appendChild(h('p', { id: 'held-back', className: 'panel panel-info', text:
        'Answers held back: your team had fewer than ' + p.method.anonymityThreshold + ' respondents, so its answers were left out of the organization’s network this cycle. ' +
        'Your own answers are shown; network measures such as betweenness are not.' }));
    }
    var summary = kpis(p);
    if (summary) { root.appendChild(summary); }
    var flagged = flags(p);
    if (flagged) { root.appendChild(flagged); }
    if (p.responded) {
      // On a wide screen the picture and the three findings sit side by side; on a phone, one after the other.
      var overview = h('div', { className: 'overview' });
      [picture(p), findings(p)].forEach(function (n) { if (n) { overview.appendChild(n); } });
      root.appendChild(overview);
      root.appendChild(contacts(p));
    }
    // The measures in full, with their technical names, for those who want them.
    var all = h('details', { id: 'all-measures', className: 'all-measures' }, [h('summary', { text: 'All measures: you, your team and the organization' })]);
    all.open = !p.responded;
    if (p.responded) { all.appendChild(lens(p)); }
    all.appendChild(structure(p));
    root.appendChild(all);
    root.appendChild(about(p));

    el.loading.hidden = true;
    el.fatal.hidden = true;
    root.hidden = false;
    document.documentElement.dataset.state = 'ready';
  }

  // ---------- loading ----------

  function tokenFromFragment() {
    var params = new URLSearchParams(location.hash.replace(/^#/, ''));
    var t = params.get('token');
    return t && t.length <= 1024 ? t : null;
  }

  function fatal(title, text, canRetry) {
    el.loading.hidden = true;
    el.profile.hidden = true;
    el['fatal-title'].textContent = title;
    el['fatal-text'].textContent = text;
    el['fatal-retry'].hidden = !canRetry;
    el.fatal.hidden = false;
    el['fatal-title'].focus();
    document.documentElement.dataset.state = 'error';
  }

  function load() {
    token = tokenFromFragment();
    if (!token) {
      fatal('This page needs your personal link', 'Open your profile from the survey page, using the link from your invitation. The link carries your personal key after the # sign.', false);
      return;
    }
    el.fatal.hidden = true;
    el.loading.hidden = false;
    document.documentElement.dataset.state = 'loading';
    var init = { headers: { Authorization: 'Bearer ' + token, Accept: 'application/json' }, cache: 'no-store', credentials: 'omit', referrerPolicy: 'no-referrer' };
    fetch(API, init).then(function (response) {
      return response.text().then(function (text) {
        var data = null;
        try { data = text ? JSON.parse(text) : null; } catch (e) { data = null; }
        if (response.status === 401) {
          fatal('This link is not valid', 'The link to your profile is no longer valid. Ask the survey team for a new invitation link.', false);
        } else if (response.status === 429) {
          var wait = Number(response.headers.get('Retry-After'));
          fatal('Too many requests', 'Your profile was asked for too often in a short time. Wait ' +
            (wait > 0 ? wait + ' ' + plural(wait, 'second', 'seconds') : 'a moment') + ', then try again.', true);
        } else if (!response.ok || !data || !data.own || !data.method || !data.catalog) {
          fatal('The profile could not be loaded', 'The server answered ' + response.status + '. Try again in a moment.', true);
        } else {
          render(data);
        }
      });
    }, function () {
      fatal('No connection', 'Your profile could not be loaded because the network is unavailable. Check your connection and try again.', true);
    });
  }

  el['fatal-retry'].addEventListener('click', load);
  window.addEventListener('hashchange', function () {
    if (tokenFromFragment() !== token) { location.reload(); }
  });

  load();
}());
