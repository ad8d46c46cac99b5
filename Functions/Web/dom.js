// DOM helpers shared by the survey, profile and admin pages (loaded before each). Everything goes in
// as text or attributes, never as HTML.
(function () {
  'use strict';

  /** An element with attributes (`text` sets its text, `className` its class) and children (nodes or strings). */
  function h(tag, attrs, children) {
    var node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) {
        var v = attrs[k];
        if (v === null || v === undefined || v === false) { return; }
        if (k === 'text') { node.textContent = v; } else if (k === 'className') { node.className = v; } else { node.setAttribute(k, v === true ? '' : String(v)); }
      });
    }
    (children || []).forEach(function (c) { if (c) { node.appendChild(typeof c === 'string' ? document.createTextNode(c) : c); } });
    return node;
  }

  /** Each choice's label by its name, from a question's list of choices as the API sends them. */
  function labels(choices) {
    var byName = {};
    (choices || []).forEach(function (c) { byName[c.name] = c.label; });
    return byName;
  }

  /** CSV rows as arrays of fields (RFC 4180 quotes), for previews and report tables; the server validates what it is sent. */
  function csv(text) {
    var rows = [], row = [], field = '', quoted = false, i;
    for (i = 0; i < text.length; i++) {
      var c = text[i];
      if (quoted) {
        if (c === '"' && text[i + 1] === '"') { field += '"'; i++; } else if (c === '"') { quoted = false; } else { field += c; }
      } else if (c === '"') { quoted = true; } else if (c === ',') { row.push(field); field = ''; } else if (c === '\n' || c === '\r') {
        if (c === '\r' && text[i + 1] === '\n') { i++; }
        row.push(field); rows.push(row); row = []; field = '';
      } else { field += c; }
    }
    if (field !== '' || row.length > 0) { row.push(field); rows.push(row); }
    return rows;
  }

  window.SurveyNetworkDom = { h: h, labels: labels, csv: csv };
}());
