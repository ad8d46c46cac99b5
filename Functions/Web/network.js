// The console's interactive network view of a cycle's organization report: the map the report laid
// out (same positions, same pseudonyms or names, same ties), drawn with Cytoscape.js so it can be
// panned, zoomed and coloured by team, function, level or location. Attributes and measures come from
// the same report's people table (people.csv), so the view shows exactly what the report's own
// downloads show: withheld values stay empty and held-back teams have no per-person figures.
// Every person is also in a table beside the canvas, which is the keyboard and screen-reader way in.
(function () {
  'use strict';

  var h = window.SurveyNetworkDom.h;
  // Okabe & Ito's colour-blind-safe palette, in the order the server's reports use it; "other" after eight.
  var PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#000000'];
  var OTHER = '#B8BEC6';
  var ATTRIBUTES = { team: 'team', function: 'function', level: 'level', location: 'location' };

  /** Labels and kinds of the measures, by the people table's column (the report's JSON names). */
  var MEASURES = [
    ['networkSize', 'Network size', 'count'], ['otherTeam', 'Another team', 'share'], ['otherFunction', 'Another function', 'share'],
    ['levelUp', 'Level up', 'share'], ['levelDown', 'Level down', 'share'], ['otherLocation', 'Another location', 'share'],
    ['outsideOrganization', 'Outside the organization', 'share'], ['diversity', 'Diversity (overall)', 'index'],
    ['diversityTeam', 'Diversity by team', 'index'], ['diversityFunction', 'Diversity by function', 'index'],
    ['diversityLevel', 'Diversity by level', 'index'], ['diversityLocation', 'Diversity by location', 'index'],
    ['personalShare', 'Personal as well as professional', 'share'], ['tieStrength', 'Tie strength (1–4)', 'index'],
    ['reciprocatedShare', 'Mutual nominations', 'share'], ['giveBack', 'Give-back (0–3)', 'index'],
    ['energizing', 'Energizing ties', 'share'], ['deEnergizing', 'De-energizing ties', 'share'],
    ['benefitSolutions', 'Solutions', 'share'], ['benefitPointers', 'Pointers to who knows', 'share'],
    ['benefitReformulation', 'Problem reformulation', 'share'], ['benefitValidation', 'Validation', 'share'],
    ['benefitLegitimation', 'Legitimation', 'share'], ['inDegree', 'Sought out by (in-degree)', 'count'],
    ['outDegree', 'Colleagues named (out-degree)', 'count'], ['betweenness', 'Betweenness', 'centrality'],
    ['constraint', 'Constraint', 'index'], ['effectiveSize', 'Effective size', 'index'],
  ];
  var ROLES = {
    centralConnector: 'Central connector', broker: 'Broker', boundarySpanner: 'Boundary spanner', peripheral: 'Peripheral',
    isolate: 'Isolate', overloaded: 'Overloaded', energizer: 'Energizer',
  };

  var view = { cy: null, people: [], byKey: {}, colourBy: 'team', selected: null, aggregated: false };

  function $(id) { return document.getElementById(id); }
  function clear(node) { while (node.firstChild) { node.removeChild(node.firstChild); } return node; }

  /** The CSV writer guards cells that a spreadsheet would read as a formula with a leading quote; undo that for display. */
  function cell(v) { return /^'[=+\-@\t]/.test(v || '') ? v.slice(1) : (v || ''); }

  function format(value, kind) {
    var x = Number(value);
    if (kind === 'share') { return Math.round(x * 100) + '%'; }
    if (kind === 'count') { return String(Math.round(x)); }
    if (kind === 'centrality') { return x.toFixed(3); }
    return x.toFixed(2);
  }

  /** The people table as objects by key (columns from its header row). */
  function peopleByKey(csv) {
    var rows = window.SurveyNetworkDom.csv(csv || '');
    var header = rows[0] || [];
    var byKey = {};
    rows.slice(1).forEach(function (r) {
      if (r.length < header.length) { return; }
      var p = {};
      header.forEach(function (c, i) { p[c] = cell(r[i]); });
      byKey[p.key] = p;
    });
    return byKey;
  }

  /** Colour per value: each its own when there are at most eight, else the seven most frequent and "Other". */
  function colours(values) {
    var counts = {};
    values.forEach(function (v) { counts[v] = (counts[v] || 0) + 1; });
    var order = Object.keys(counts).sort(function (a, b) {
      return counts[b] - counts[a] || a.localeCompare(b, undefined, { numeric: true });
    });
    var named = order.length <= PALETTE.length ? order : order.slice(0, PALETTE.length - 1);
    var of = {};
    named.forEach(function (v, i) { of[v] = i; });
    var legend = named.map(function (v, i) { return { label: v, index: i, count: counts[v] }; });
    if (named.length < order.length) {
      legend.push({ label: 'Other (' + (order.length - named.length) + ')', index: -1, count: order.slice(named.length).reduce(function (s, v) { return s + counts[v]; }, 0) });
    }
    return { of: function (v) { return of[v] === undefined ? -1 : of[v]; }, legend: legend };
  }

  function swatch(index) { return h('span', { className: 'swatch swatch-' + (index < 0 ? 'other' : index), 'aria-hidden': 'true' }); }

  function valueOf(p, attribute) {
    var v = p.row ? p.row[ATTRIBUTES[attribute]] : '';
    if (!v) { return attribute === 'level' ? '(no level)' : '(not given)'; }
    return attribute === 'level' ? 'Level ' + v : v;
  }

  /** Colours the nodes, the table's swatches and the legend by the chosen attribute. */
  function recolour(attribute) {
    view.colourBy = attribute;
    var scheme;
    if (view.aggregated) {
      scheme = { of: function (v) { return v; }, legend: view.mapLegend };
    } else {
      scheme = colours(view.people.map(function (p) { return valueOf(p, attribute); }));
    }
    view.cy.batch(function () {
      view.people.forEach(function (p) {
        p.colour = view.aggregated ? (p.unit === undefined ? -1 : p.unit) : scheme.of(valueOf(p, attribute));
        view.cy.getElementById(p.key).data('colour', p.colour < 0 ? OTHER : PALETTE[p.colour]);
      });
    });
    view.people.forEach(function (p) {
      var target = p.tr.querySelector('.colour');
      clear(target).appendChild(swatch(p.colour));
      target.appendChild(h('span', { className: 'sr-only', text: view.aggregated ? '' : valueOf(p, attribute) }));
    });
    var legend = clear($('network-legend'));
    scheme.legend.forEach(function (l) {
      legend.appendChild(h('li', { 'data-colour': l.index < 0 ? OTHER : PALETTE[l.index] }, [swatch(l.index), h('span', { text: l.label + ' (' + l.count + ')' })]));
    });
    $('network-canvas').setAttribute('data-colour-by', attribute);
  }

  function fact(list, term, value) {
    list.appendChild(h('dt', { text: term }));
    list.appendChild(h('dd', { text: value }));
  }

  /** Shows one person's measures as the people table holds them, and marks them in the map and the table. */
  function select(key, from) {
    var p = view.byKey[key];
    if (!p) { return; }
    view.selected = key;
    view.cy.nodes().unselect();
    view.cy.edges().removeClass('near');
    view.cy.getElementById(key).select().connectedEdges().addClass('near');
    view.people.forEach(function (q) {
      q.tr.classList.toggle('selected', q.key === key);
      q.button.setAttribute('aria-pressed', q.key === key ? 'true' : 'false');
    });
    $('network-person').setAttribute('data-key', key);
    $('person-title').textContent = p.name;
    var facts = clear($('person-facts'));
    var measures = clear($('person-measures'));
    var hint = $('person-hint');
    if (view.aggregated) {
      hint.textContent = p.node.title;
      hint.hidden = false;
    } else {
      var r = p.row || {};
      fact(facts, 'Team', r.team || '—');
      fact(facts, 'Function', r['function'] || '—');
      fact(facts, 'Level', r.level || '—');
      fact(facts, 'Location', r.location || '—');
      if (r.responded) { fact(facts, 'Answered', r.responded === 'true' ? 'yes' : 'no'); }
      if (r.roles) { fact(facts, 'Roles', r.roles.split(' ').map(function (x) { return ROLES[x] || x; }).join(', ')); }
      var shown = 0;
      MEASURES.forEach(function (m) {
        if (r[m[0]] !== undefined && r[m[0]] !== '') { fact(measures, m[1], format(r[m[0]], m[2])); shown++; }
      });
      hint.hidden = shown > 0;
      hint.textContent = p.heldBack
        ? 'This person\u2019s team is under the anonymity threshold, so the report shows no figures for its members.'
        : 'The report shows no measures for this person.';
    }
    if (from === 'list') {
      view.cy.animate({ center: { eles: view.cy.getElementById(key) } }, { duration: 200 });
    } else {
      p.tr.scrollIntoView({ block: 'nearest' });
    }
  }

  function styles() {
    return [
      { selector: 'node', style: {
        'background-color': 'data(colour)', width: 'data(size)', height: 'data(size)', 'border-width': 1, 'border-color': '#1f2933',
        label: 'data(label)', 'font-size': 10, color: '#1f2933', 'text-valign': 'center', 'text-halign': 'right', 'text-margin-x': 3,
        'text-outline-color': '#ffffff', 'text-outline-width': 2, 'min-zoomed-font-size': 7,
      } },
      { selector: 'node.outside', style: { shape: 'round-rectangle', 'border-style': 'dashed' } },
      { selector: 'node:selected', style: { label: 'data(name)', 'border-width': 4, 'border-color': '#0b5cad', 'font-weight': 'bold', 'z-index': 10 } },
      { selector: 'edge', style: {
        width: 'data(width)', 'line-color': '#9aa5b1', 'curve-style': 'straight', opacity: 0.7,
        'target-arrow-shape': 'data(arrow)', 'target-arrow-color': '#9aa5b1', 'arrow-scale': 0.6,
      } },
      { selector: 'edge.near', style: { 'line-color': '#0b5cad', 'target-arrow-color': '#0b5cad', opacity: 1, 'z-index': 5 } },
    ];
  }

  /** Replaces the view with the organization report's map (report JSON) and people table (people.csv text). */
  function show(report, peopleCsv) {
    var map = report && report.map;
    if (!map || map.nodes.length === 0 || typeof window.cytoscape !== 'function') { hide(); return; }
    var rows = peopleByKey(peopleCsv);
    view.aggregated = map.aggregated;
    // An aggregated map's teams keep the report's own colouring by parent unit (its "unit" panel).
    var units = (map.panels || []).filter(function (x) { return x.boundary === 'unit'; })[0] || { colours: [], legend: [] };
    view.mapLegend = units.legend.map(function (l) { return { label: l.label, index: l.colour, count: l.count }; });
    // Contacts outside the organization are nodes of the map (one per kind) but nobody's row in the people table.
    view.outside = map.nodes.filter(function (n) { return n.kind === 'outside'; });
    view.people = map.nodes.filter(function (n) { return n.kind !== 'outside'; }).map(function (n) {
      var row = view.aggregated ? null : rows[n.key] || null;
      // A held-back team's members carry the team's name and no figures in the people table.
      var heldBack = !view.aggregated && (!row || MEASURES.every(function (m) { return !row[m[0]]; }));
      var name = view.aggregated ? n.label || n.title : heldBack ? 'Member of ' + ((row && row.team) || 'a held-back team') : row.label;
      return { key: n.key, node: n, row: row, name: name, heldBack: heldBack, unit: units.colours[map.nodes.indexOf(n)] };
    });
    view.byKey = {};
    view.people.forEach(function (p) { view.byKey[p.key] = p; });

    var elements = view.people.map(function (p) {
      return { group: 'nodes', data: { id: p.key, label: p.node.label || '', name: p.name, colour: OTHER, size: Math.max(8, p.node.radius * 2) }, position: { x: p.node.x, y: p.node.y } };
    }).concat(view.outside.map(function (n) {
      return { group: 'nodes', classes: 'outside', selectable: false, data: { id: n.key, label: n.label || '', name: n.title, colour: OTHER, size: Math.max(8, n.radius * 2) }, position: { x: n.x, y: n.y } };
    })).concat(map.edges.map(function (e, i) {
      return { group: 'edges', data: { id: 'e' + i, source: map.nodes[e.source].key, target: map.nodes[e.target].key,
        width: view.aggregated ? Math.min(8, 1 + Math.log2(e.weight)) : (e.mutual ? 2.2 : 1), arrow: e.mutual ? 'none' : 'triangle' } };
    }));

    $('network').hidden = false;
    var container = $('network-canvas');
    if (view.cy) { view.cy.destroy(); }
    view.cy = window.cytoscape({
      container: container, elements: elements, style: styles(), layout: { name: 'preset', fit: true, padding: 24 },
      minZoom: 0.2, maxZoom: 6, boxSelectionEnabled: false, autoungrabify: true, selectionType: 'single',
    });
    view.cy.on('tap', 'node', function (e) { if (view.byKey[e.target.id()]) { select(e.target.id(), 'map'); } });
    // Until someone pans or zooms, the whole network stays in view when the page is resized.
    container.removeAttribute('data-moved');
    view.cy.on('viewport', function (e) { if (e.originalEvent) { container.setAttribute('data-moved', 'true'); } });
    view.cy.on('resize', function () { if (!container.hasAttribute('data-moved')) { view.cy.fit(undefined, 24); } });
    container.setAttribute('data-nodes', String(view.cy.nodes().length));
    container.setAttribute('data-edges', String(view.cy.edges().length));
    container.setAttribute('aria-label', map.title + ': ' + view.people.length + (view.aggregated ? ' teams' : ' people') + ', ' + map.edges.length +
      ' ties. Pan by dragging, zoom with the wheel or the buttons; the same people are listed in the table below.');
    $('network-description').textContent = map.description + (view.aggregated ? ' Each circle is a team, so it is coloured by parent unit only.' : '');

    var body = clear($('network-people').tBodies[0]);
    view.people.forEach(function (p) {
      p.button = h('button', { type: 'button', className: 'link-button', 'aria-pressed': 'false', text: p.name });
      p.button.addEventListener('click', function () { select(p.key, 'list'); });
      var r = p.row || {};
      p.tr = h('tr', { 'data-key': p.key }, [h('th', { scope: 'row' }, [p.button]), h('td', { className: 'colour' }),
        h('td', { text: view.aggregated ? '' : r.team || '' }), h('td', { text: r['function'] || '' }), h('td', { text: r.level || '' }), h('td', { text: r.location || '' })]);
      body.appendChild(p.tr);
    });
    var by = $('colour-by');
    by.disabled = view.aggregated;
    recolour(view.aggregated ? 'team' : by.value);
    view.selected = null;
    $('person-title').textContent = 'Measures';
    clear($('person-facts'));
    clear($('person-measures'));
    $('person-hint').hidden = false;
    $('person-hint').textContent = 'Choose a ' + (view.aggregated ? 'team' : 'person') + ' in the map or in the table below to see ' + (view.aggregated ? 'its figures.' : 'their measures.');
  }

  function hide() {
    if (view.cy) { view.cy.destroy(); view.cy = null; }
    $('network').hidden = true;
  }

  // Cytoscape.js keeps the canvas's place on the page from the last window scroll or resize. Text,
  // tables and panels above the map change height without either (a run's table filling in, a warning
  // or a confirmation showing), after which a click would land on the wrong person: so the place is
  // measured afresh as each click, touch or wheel turn starts, before Cytoscape.js reads it.
  function remeasure() {
    var r = view.cy && view.cy.renderer();
    if (r && typeof r.invalidateContainerClientCoordsCache === 'function') { r.invalidateContainerClientCoordsCache(); }
  }
  ['mousedown', 'touchstart', 'wheel'].forEach(function (name) { $('network-canvas').addEventListener(name, remeasure, { capture: true, passive: true }); });

  $('colour-by').addEventListener('change', function (e) { if (view.cy) { recolour(e.target.value); } });
  function zoom(factor) {
    if (!view.cy) { return; }
    var c = $('network-canvas');
    c.setAttribute('data-moved', 'true');
    view.cy.zoom({ level: view.cy.zoom() * factor, renderedPosition: { x: c.clientWidth / 2, y: c.clientHeight / 2 } });
  }
  $('zoom-in').addEventListener('click', function () { zoom(1.4); });
  $('zoom-out').addEventListener('click', function () { zoom(1 / 1.4); });
  $('zoom-fit').addEventListener('click', function () { if (view.cy) { view.cy.fit(undefined, 24); } });

  window.SurveyNetworkView = { show: show, hide: hide };
}());
