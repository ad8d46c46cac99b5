// The respondent's survey page. Reads the invitation token from the URL fragment (never sent to
// the server in a URL, never stored), loads GET /api/survey, and sends PUT /api/survey/response.
// Everything a person or the roster supplies is written with textContent, never as HTML.
(function () {
  'use strict';

  var API = '../survey';
  var MAX_SHOWN = 50;
  var SECONDS_PER_CONTACT = 30;

  var el = {};
  [
    'title', 'intro', 'loading', 'fatal', 'fatal-title', 'fatal-text', 'fatal-retry', 'form', 'notice', 'error-summary',
    'error-list', 'progress-text', 'progress-bar', 'pick-question', 'pick-hint', 'picker', 'picker-list', 'picker-error',
    'picker-status', 'add-outside', 'contacts', 'contacts-empty', 'submit', 'send-status', 'retry', 'done', 'done-title',
    'done-text', 'done-list', 'profile', 'profile-link', 'edit', 'error-summary-title'
  ].forEach(function (id) { el[id] = document.getElementById(id); });

  var state = {
    token: null,
    survey: null,
    options: null,
    questions: null,
    choices: null,       // each question's choices {name, label, hint}, as GET /api/survey sends them
    people: [],          // roster entries sorted by name, with folded search keys
    byId: new Map(),
    contacts: [],        // the answers being edited, in display order
    picked: new Set(),   // roster ids already named
    nextUid: 1,
    answer: null,        // the saved answer {submittedAt, version} or null
    editable: false,
    sending: false,
    draftKey: null,
    sentOrder: [],       // uid of each contact in the last request, to map error paths back
    errors: []           // the problems listed in the summary, each {target, field, message}, until fixed
  };

  // Timing of each picker update (keystroke → list rendered, and → next frame), for tests and tuning.
  var timings = window.__pickerTimings = [];

  // ---------- small DOM helpers ----------

  var h = window.SurveyNetworkDom.h;

  // Free text is limited in characters as a reader sees them (extended grapheme clusters), as the
  // server counts them: an emoji or a letter with its accents is one, however many UTF-16 units.
  var segmenter = typeof Intl === 'object' && typeof Intl.Segmenter === 'function' ? new Intl.Segmenter(undefined, { granularity: 'grapheme' }) : null;
  function graphemes(text) {
    return segmenter ? Array.from(segmenter.segment(text), function (x) { return x.segment; }) : Array.from(text);
  }

  /**
   * Text as the server stores it before counting: NFC, runs of white space as one space, control and
   * format characters (such as the zero-width joiner) removed, trimmed.
   */
  function asStored(text) {
    return text.normalize('NFC').replace(/\s+/gu, ' ').replace(/[\p{Cc}\p{Cf}]/gu, '').trim();
  }

  /** The length the server checks: characters as a reader sees them, of the text as stored. */
  function storedLength(text) { return graphemes(asStored(text)).length; }

  /** The longest start of the text (whole characters) whose stored length is at most max. */
  function fitText(text, max) {
    if (storedLength(text) <= max) { return text; }
    var parts = graphemes(text);
    var lo = 0, hi = parts.length;
    while (lo < hi) {
      var mid = Math.ceil((lo + hi) / 2);
      if (storedLength(parts.slice(0, mid).join('')) <= max) { lo = mid; } else { hi = mid - 1; }
    }
    return parts.slice(0, lo).join('');
  }

  function show(node, visible) { node.hidden = !visible; }

  function formatDate(iso) {
    var d = new Date(iso);
    if (isNaN(d.getTime())) { return String(iso); }
    try {
      return d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
    } catch (e) {
      return d.toLocaleString();
    }
  }

  // ---------- search keys ----------

  var SPECIAL = { 'ß': 'ss', 'ø': 'o', 'ł': 'l', 'đ': 'd', 'æ': 'ae', 'œ': 'oe', 'ı': 'i', 'þ': 'th' };
  var MARKS = /[\u0300-\u036f]/g;
  var SPECIAL_RE = /[ßøłđæœıþ]/g;

  /** Lower case without diacritics, so "Chloé" matches "chloe". */
  function fold(s) {
    return s.normalize('NFD').replace(MARKS, '').toLowerCase().replace(SPECIAL_RE, function (c) { return SPECIAL[c]; });
  }

  /** " word word" with separators unified, to test "starts a word" with indexOf(' ' + token). */
  function words(folded) {
    return ' ' + folded.replace(/[\s\-'’.,()]+/g, ' ');
  }

  function prepareRoster(roster) {
    var collator = new Intl.Collator(undefined, { sensitivity: 'base' });
    var people = roster.map(function (p) {
      var key = fold(p.name);
      return {
        id: p.id, name: p.name, team: p.team || '', fn: p['function'] || '',
        key: key, words: words(key), exact: key.length === p.name.length
      };
    });
    people.sort(function (a, b) { return collator.compare(a.name, b.name) || collator.compare(a.team, b.team); });
    state.people = people;
    state.byId = new Map(people.map(function (p) { return [p.id, p]; }));
  }

  /**
   * Matches of a query: every token must occur in the name. Ranked: the name starts with the query,
   * then every token starts a word, then substrings; each rank in name order. Returns the first
   * `limit` matches and the total count.
   */
  function search(query, limit) {
    var q = fold(query.trim()).replace(/\s+/g, ' ');
    if (!q) { return { items: [], total: 0, tokens: [] }; }
    var tokens = q.split(' ');
    var ranks = [[], [], []];
    var total = 0;
    var people = state.people;
    var picked = state.picked;
    for (var i = 0; i < people.length; i++) {
      var p = people[i];
      var key = p.key;
      var all = true;
      var starts = true;
      for (var t = 0; t < tokens.length; t++) {
        if (key.indexOf(tokens[t]) < 0) { all = false; break; }
        if (starts && p.words.indexOf(' ' + tokens[t]) < 0) { starts = false; }
      }
      if (!all || picked.has(p.id)) { continue; }
      total++;
      var rank = key.lastIndexOf(q, 0) === 0 ? 0 : starts ? 1 : 2;
      if (ranks[rank].length < limit) { ranks[rank].push(p); }
    }
    var items = ranks[0].concat(ranks[1], ranks[2]).slice(0, limit);
    return { items: items, total: total, tokens: tokens };
  }

  // ---------- picker (ARIA combobox with listbox) ----------

  var picker = { items: [], active: -1, open: false, pool: [] };

  function optionNode(i) {
    var node = picker.pool[i];
    if (!node) {
      node = h('li', { role: 'option', id: 'picker-option-' + i, 'aria-selected': 'false' });
      node.appendChild(h('span', { className: 'name' }));
      node.appendChild(h('span', { className: 'meta' }));
      picker.pool[i] = node;
    }
    return node;
  }

  /** Writes the name with the first matched token emphasized, as text nodes and a <mark>. */
  function writeName(span, p, tokens) {
    span.textContent = '';
    var at = -1;
    var len = 0;
    if (p.exact) {
      for (var t = 0; t < tokens.length && at < 0; t++) {
        var w = p.words.indexOf(' ' + tokens[t]);
        at = w >= 0 ? w : p.key.indexOf(tokens[t]);
        len = tokens[t].length;
      }
    }
    if (at < 0) { span.textContent = p.name; return; }
    span.appendChild(document.createTextNode(p.name.slice(0, at)));
    span.appendChild(h('mark', { text: p.name.slice(at, at + len) }));
    span.appendChild(document.createTextNode(p.name.slice(at + len)));
  }

  function renderOptions(result) {
    var list = el['picker-list'];
    picker.items = result.items;
    var count = result.items.length;
    // The "no one matches" row is not a pooled option: drop it first, so the pooled options below
    // are the list's only children and trimming the tail never removes a real match.
    var none = document.getElementById('picker-none');
    if (none) { none.remove(); }
    for (var i = 0; i < count; i++) {
      var node = optionNode(i);
      var p = result.items[i];
      writeName(node.firstChild, p, result.tokens);
      node.lastChild.textContent = [p.team, p.fn].filter(Boolean).join(' · ');
      node.dataset.index = String(i);
      if (node.parentNode !== list) { list.appendChild(node); }
    }
    while (list.children.length > count) { list.removeChild(list.lastChild); }
    var query = el.picker.value.trim();
    if (count === 0 && query) {
      list.appendChild(h('li', { className: 'note', role: 'option', 'aria-disabled': 'true', id: 'picker-none', text: 'No one on the roster matches “' + query + '”' }));
    }
    setActive(count > 0 ? 0 : -1);
    setOpen(query.length > 0);
    var status = count === 0 ? (query ? 'No matches.' : '')
      : result.total > count ? result.total + ' people match; showing the first ' + count + '. Keep typing to narrow the list.'
        : result.total === 1 ? '1 person matches.' : result.total + ' people match.';
    el['picker-status'].textContent = status;
  }

  function setOpen(open) {
    picker.open = open;
    el['picker-list'].hidden = !open;
    el.picker.setAttribute('aria-expanded', open ? 'true' : 'false');
    if (!open) { setActive(-1); }
  }

  function setActive(i) {
    var prev = picker.pool[picker.active];
    if (prev) { prev.classList.remove('active'); prev.setAttribute('aria-selected', 'false'); }
    picker.active = i;
    var node = i >= 0 ? picker.pool[i] : null;
    if (node && node.parentNode) {
      node.classList.add('active');
      node.setAttribute('aria-selected', 'true');
      el.picker.setAttribute('aria-activedescendant', node.id);
      if (picker.open) { node.scrollIntoView({ block: 'nearest' }); }
    } else {
      el.picker.removeAttribute('aria-activedescendant');
    }
  }

  function onPickerInput(event) {
    var start = event && event.timeStamp ? event.timeStamp : performance.now();
    var t0 = performance.now();
    var result = search(el.picker.value, MAX_SHOWN);
    renderOptions(result);
    var end = performance.now();
    var entry = { query: el.picker.value, shown: result.items.length, total: result.total, searchMs: end - t0, renderedMs: end - start, frameMs: null };
    timings.push(entry);
    if (timings.length > 1000) { timings.shift(); }
    requestAnimationFrame(function () { entry.frameMs = performance.now() - start; });
    clearFieldError('picker');
  }

  function onPickerKey(event) {
    var key = event.key;
    if (key === 'ArrowDown' || key === 'ArrowUp') {
      event.preventDefault();
      if (!picker.open) { onPickerInput(); return; }
      var n = picker.items.length;
      if (n === 0) { return; }
      var next = key === 'ArrowDown' ? (picker.active + 1) % n : (picker.active - 1 + n) % n;
      setActive(next);
    } else if (key === 'Enter') {
      event.preventDefault();
      if (picker.open && picker.active >= 0) { choose(picker.items[picker.active]); }
    } else if (key === 'Escape') {
      if (picker.open) { event.preventDefault(); setOpen(false); } else if (el.picker.value) { event.preventDefault(); el.picker.value = ''; }
    } else if (key === 'Tab') {
      setOpen(false);
    }
  }

  function choose(person) {
    if (!person) { return; }
    if (state.contacts.length >= state.options.maxContacts) { showLimit(); return; }
    var contact = newContact({ personId: person.id });
    el.picker.value = '';
    setOpen(false);
    addContact(contact, false);
    el['picker-status'].textContent = person.name + ' added. ' + countText() + '.';
    el.picker.focus();
  }

  // ---------- contacts ----------

  function newContact(from) {
    return {
      uid: state.nextUid++,
      personId: from.personId || null,
      outsideKind: from.personId ? null : (from.outsideKind || null),
      outsideLabel: from.personId ? '' : (from.outsideLabel || ''),
      frequency: from.frequency || null,
      benefits: new Set(from.benefits || []),
      personal: typeof from.personal === 'boolean' ? from.personal : null,
      giveBack: from.giveBack || null,
      energy: typeof from.energy === 'number' ? from.energy : null,
      node: null,
      fields: {}
    };
  }

  function contactName(c) {
    if (c.personId) {
      var p = state.byId.get(c.personId);
      return p ? p.name : 'Someone no longer on the roster';
    }
    var label = c.outsideLabel.trim();
    return label ? label + ' (outside the organization)' : 'Someone outside the organization';
  }

  function isAnswered(c) {
    var o = state.options;
    if (!c.personId && !c.outsideKind) { return false; }
    if (!c.frequency) { return false; }
    if (o.askPersonal && c.personal === null) { return false; }
    if (o.askGiveBack && !c.giveBack) { return false; }
    return true;
  }

  function countText() {
    var n = state.contacts.length;
    return n === 1 ? '1 contact named' : n + ' contacts named';
  }

  /**
   * A radio group drawn as a row of segments, or a checkbox group drawn as chips, in a fieldset whose
   * legend names the contact for screen readers. The inputs stay native, so Tab and the arrow keys
   * work as for any radio group, and nothing is checked until the respondent answers.
   */
  function choiceGroup(c, field, question, choices, type) {
    var errorId = 'c' + c.uid + '-' + field + '-error';
    var legend = h('legend', null, [h('span', { className: 'visually-hidden', text: contactName(c) + ': ' }), question]);
    var inColumns = field === 'frequency' || field === 'personal' || field === 'giveBack';
    var set = h('fieldset', { className: 'question question-' + field + (inColumns ? ' in-columns' : ''), id: 'c' + c.uid + '-' + field, 'aria-describedby': errorId }, [legend]);
    var error = h('p', { className: 'field-error', id: errorId, hidden: true });
    set.appendChild(error);
    var chips = type === 'checkbox';
    var box = h('div', { className: chips ? 'chips' : 'segments' });
    choices.forEach(function (choice) {
      var input = h('input', { type: type, name: 'c' + c.uid + '-' + field, value: choice.name, id: 'c' + c.uid + '-' + field + '-' + choice.name });
      var text = h('span', { text: choice.label });
      var hint = choice.hint ? h('span', { className: 'visually-hidden', text: ', ' + choice.hint }) : null;
      box.appendChild(h('label', { className: chips ? 'chip' : 'segment', 'for': input.id, title: choice.hint || null }, [input, text, hint]));
    });
    set.appendChild(box);
    c.fields[field] = { node: set, error: error, focus: function () { var first = set.querySelector('input:checked') || set.querySelector('input'); if (first) { first.focus(); } } };
    return set;
  }

  function buildContact(c) {
    var o = state.options;
    var q = state.questions;
    var choices = state.choices;
    var nameId = 'c' + c.uid + '-name';
    var li = h('li', { className: 'contact', id: 'c' + c.uid });
    var heading = h('h3', { id: nameId, text: contactName(c) });
    var person = c.personId ? state.byId.get(c.personId) : null;
    var meta = h('p', { className: 'meta', text: person ? [person.team, person.fn].filter(Boolean).join(' · ') : c.personId ? '' : 'Outside the organization' });
    var badge = h('span', { className: 'badge', hidden: true, text: '✓ Answered' });
    var remove = h('button', { type: 'button', className: 'button button-secondary button-small' }, [
      'Remove', h('span', { className: 'visually-hidden', text: ' ' + contactName(c) })]);
    remove.addEventListener('click', function () { removeContact(c); });
    li.appendChild(h('div', { className: 'contact-head' }, [h('div', null, [heading, meta, badge]), remove]));

    var cardError = h('p', { className: 'field-error', id: 'c' + c.uid + '-error', hidden: true });
    li.appendChild(cardError);
    c.fields.personId = { node: li, error: cardError, focus: function () { remove.focus(); } };
    c.fields[''] = c.fields.personId;

    if (!c.personId) {
      var kindId = 'c' + c.uid + '-outsideKind';
      var kind = h('select', { id: kindId, className: 'input', 'aria-describedby': kindId + '-error' }, [h('option', { value: '', text: 'Choose…' })]);
      choices.outsideKind.forEach(function (k) { kind.appendChild(h('option', { value: k.name, text: k.label })); });
      var kindError = h('p', { className: 'field-error', id: kindId + '-error', hidden: true });
      var labelId = 'c' + c.uid + '-outsideLabel';
      var maxChars = state.survey.outsideLabelMaxLength;
      // The browser's maxlength counts UTF-16 units; it only bounds the units here (16 per character, as the server does).
      var label = h('input', { id: labelId, className: 'input', type: 'text', maxlength: maxChars * 16, autocomplete: 'off', 'aria-describedby': labelId + '-hint ' + labelId + '-error' });
      var counter = h('span', { className: 'counter', id: labelId + '-count' });
      var labelError = h('p', { className: 'field-error', id: labelId + '-error', hidden: true });
      li.appendChild(h('div', { className: 'outside-fields' }, [
        h('div', null, [h('label', { className: 'label', 'for': kindId, text: q.outsideKind || 'What kind of outside contact is this?' }), kind, kindError]),
        h('div', null, [
          h('label', { className: 'label', 'for': labelId, text: q.outsideLabel || 'A short label' }),
          h('p', { className: 'hint', id: labelId + '-hint' }, ['For example “our main supplier”. Up to ' + maxChars + ' characters. ', counter]),
          label, labelError])
      ]));
      kind.value = c.outsideKind || '';
      label.value = c.outsideLabel;
      var countChars = function () {
        var fitted = fitText(label.value, maxChars);
        if (fitted !== label.value) {
          var end = label.selectionEnd;
          label.value = fitted;
          if (typeof end === 'number') { label.setSelectionRange(Math.min(end, fitted.length), Math.min(end, fitted.length)); }
        }
        counter.textContent = '(' + storedLength(fitted) + ' of ' + maxChars + ' used)';
      };
      countChars();
      kind.addEventListener('change', function () { c.outsideKind = kind.value || null; clearFieldError(c, 'outsideKind'); changed(c); });
      label.addEventListener('input', function () {
        countChars();
        c.outsideLabel = label.value;
        heading.textContent = contactName(c);
        clearFieldError(c, 'outsideLabel');
        changed(c, true);
      });
      c.fields.outsideKind = { node: kind, error: kindError, input: kind, focus: function () { kind.focus(); } };
      c.fields.outsideLabel = { node: label, error: labelError, input: label, focus: function () { label.focus(); } };
    }

    var answers = h('div', { className: 'answers' });
    answers.appendChild(choiceGroup(c, 'frequency', q.frequency, choices.frequency, 'radio'));
    if (o.askPersonal) {
      answers.appendChild(choiceGroup(c, 'personal', q.personal, choices.personal, 'radio'));
    }
    if (o.askGiveBack) {
      answers.appendChild(choiceGroup(c, 'giveBack', q.giveBack, choices.giveBack, 'radio'));
    }
    if (o.askEnergy) {
      answers.appendChild(choiceGroup(c, 'energy', q.energy + ' (optional)', choices.energy, 'radio'));
    }
    if (o.askBenefits) {
      answers.appendChild(choiceGroup(c, 'benefits', q.benefits + ' (choose any)', choices.benefits, 'checkbox'));
    }
    li.appendChild(answers);

    // Reflect the current answer, then listen for changes (one listener per card).
    li.querySelectorAll('input[type=radio], input[type=checkbox]').forEach(function (input) {
      var field = input.name.slice(input.name.indexOf('-') + 1);
      input.checked = valueOf(c, field, input.value);
    });
    li.addEventListener('change', function (event) {
      var input = event.target;
      if (!input.name || (input.type !== 'radio' && input.type !== 'checkbox')) { return; }
      var field = input.name.slice(input.name.indexOf('-') + 1);
      if (field === 'frequency') { c.frequency = input.value; } else if (field === 'giveBack') { c.giveBack = input.value; } else if (field === 'personal') { c.personal = input.value === 'true'; } else if (field === 'energy') { c.energy = Number(input.value); } else if (field === 'benefits') {
        if (input.checked) { c.benefits.add(input.value); } else { c.benefits.delete(input.value); }
      }
      clearFieldError(c, field);
      changed(c);
    });

    c.node = li;
    c.badge = badge;
    return li;
  }

  function valueOf(c, field, value) {
    switch (field) {
      case 'frequency': return c.frequency === value;
      case 'giveBack': return c.giveBack === value;
      case 'personal': return c.personal !== null && String(c.personal) === value;
      case 'energy': return c.energy !== null && String(c.energy) === value;
      case 'benefits': return c.benefits.has(value);
      default: return false;
    }
  }

  function addContact(c, focusFirst) {
    state.contacts.push(c);
    if (c.personId) { state.picked.add(c.personId); }
    el.contacts.appendChild(buildContact(c));
    changed(c);
    if (focusFirst) { (c.fields.outsideKind || c.fields.frequency).focus(); }
  }

  function removeContact(c) {
    var i = state.contacts.indexOf(c);
    if (i < 0) { return; }
    state.contacts.splice(i, 1);
    if (c.personId) { state.picked.delete(c.personId); }
    c.node.remove();
    dropErrors(function (item) { return item.target === c; });
    el['picker-status'].textContent = contactName(c) + ' removed. ' + countText() + '.';
    var next = state.contacts[i] || state.contacts[i - 1];
    if (next) { next.fields.personId.focus(); } else { el.picker.focus(); }
    changed(null);
  }

  function showLimit() {
    showFieldError('picker', 'You have named the most people this survey asks for (' + state.options.maxContacts + '). Remove someone to add another.');
  }

  // ---------- progress and drafts ----------

  function changed(c, typing) {
    if (c && c.node) {
      var done = isAnswered(c);
      c.node.classList.toggle('answered', done);
      c.badge.hidden = !done;
      if (done && !typing) { c.node.classList.remove('invalid'); }
    }
    updateProgress();
    saveDraftSoon();
  }

  function updateProgress() {
    var total = state.contacts.length;
    var answered = state.contacts.filter(isAnswered).length;
    var atLimit = total >= state.options.maxContacts;
    el['contacts-empty'].hidden = total > 0;
    if (el['column-heads']) { el['column-heads'].hidden = total === 0; }
    el.picker.disabled = !state.editable || atLimit;
    el['add-outside'].disabled = !state.editable || atLimit;
    el['pick-hint'].textContent = atLimit
      ? 'You have named ' + total + ' of at most ' + state.options.maxContacts + ' people.'
      : 'Type part of a name; pick as many as apply, up to ' + state.options.maxContacts + '. Team and function tell people with the same name apart.';
    var seconds = (total - answered) * SECONDS_PER_CONTACT + (total === 0 ? 90 : 20);
    var left = seconds < 60 ? 'less than a minute left' : 'about ' + Math.round(seconds / 60) + ' minute' + (Math.round(seconds / 60) === 1 ? '' : 's') + ' left';
    var text = total === 0 ? 'No contacts named yet · ' + left
      : answered === total ? (total === 1 ? 'Your 1 contact is answered' : 'All ' + total + ' contacts answered') + ' · ready to send'
        : answered + ' of ' + total + ' contacts answered · ' + left;
    el['progress-text'].textContent = text;
    el['progress-bar'].value = total === 0 ? 0 : Math.round(100 * answered / total);
  }

  var draftTimer = 0;

  function saveDraftSoon() {
    if (!state.draftKey || !state.editable) { return; }
    clearTimeout(draftTimer);
    draftTimer = setTimeout(saveDraft, 250);
  }

  function saveDraft() {
    draftTimer = 0;
    try {
      sessionStorage.setItem(state.draftKey, JSON.stringify({ basedOn: state.answer ? state.answer.version : 0, contacts: toRequest().contacts }));
    } catch (e) { /* storage full or disabled: answers stay in memory */ }
  }

  /** Writes a pending draft at once, so a change made just before a reload or tab switch is kept. */
  function flushDraft() {
    if (!draftTimer) { return; }
    clearTimeout(draftTimer);
    saveDraft();
  }

  function dropDraft() {
    clearTimeout(draftTimer);
    draftTimer = 0;
    if (state.draftKey) { try { sessionStorage.removeItem(state.draftKey); } catch (e) { /* ignore */ } }
  }

  function readDraft() {
    if (!state.draftKey) { return null; }
    try {
      var draft = JSON.parse(sessionStorage.getItem(state.draftKey) || 'null');
      var basedOn = state.answer ? state.answer.version : 0;
      return draft && draft.basedOn === basedOn && Array.isArray(draft.contacts) ? draft.contacts : null;
    } catch (e) {
      return null;
    }
  }

  /** The storage key of this link's draft: a hash of the token, never the token itself. */
  function draftKeyFor(token) {
    if (!window.crypto || !crypto.subtle || !window.TextEncoder) { return Promise.resolve(null); }
    return crypto.subtle.digest('SHA-256', new TextEncoder().encode(token)).then(function (buf) {
      return 'survey-draft:' + Array.from(new Uint8Array(buf).slice(0, 16)).map(function (b) { return (b < 16 ? '0' : '') + b.toString(16); }).join('');
    }, function () { return null; });
  }

  // ---------- errors at fields ----------

  var pickerField = { error: el['picker-error'], input: el.picker, focus: function () { el.picker.focus(); } };

  /** The field an error belongs to; a path naming no known field falls back to the contact card. */
  function fieldOf(target, field) {
    if (target === 'picker') { return pickerField; }
    return target.fields[field] || target.fields[''];
  }

  function showFieldError(target, message, field) {
    var f = fieldOf(target, field);
    f.error.textContent = message;
    f.error.hidden = false;
    if (f.input) { f.input.setAttribute('aria-invalid', 'true'); }
    if (target !== 'picker') { target.node.classList.add('invalid'); }
    return f;
  }

  function clearFieldError(target, field) {
    var f = target === 'picker' ? pickerField : target.fields[field];
    if (!f || f.error.hidden) { return; }
    f.error.hidden = true;
    f.error.textContent = '';
    if (f.input) { f.input.removeAttribute('aria-invalid'); }
    dropErrors(function (item) { return item.target === target && fieldOf(target, item.field) === f; });
  }

  /** Removes fixed problems from the summary; hides it once nothing is left to fix. */
  function dropErrors(fixed) {
    var before = state.errors.length;
    state.errors = state.errors.filter(function (item) { return !fixed(item); });
    if (state.errors.length !== before) { renderSummary(false); }
  }

  function clearAllErrors() {
    clearFieldError('picker');
    state.contacts.forEach(function (c) {
      Object.keys(c.fields).forEach(function (k) { clearFieldError(c, k); });
      c.node.classList.remove('invalid');
    });
    state.errors = [];
    renderSummary(false);
  }

  /** Shows each error at its field and lists them at the top, one line per contact, each with a button that goes there. */
  function showErrors(list) {
    clearAllErrors();
    list.forEach(function (item) {
      if (item.target) { showFieldError(item.target, item.message, item.field); }
    });
    state.errors = list.slice();
    renderSummary(true);
  }

  /** The summary of the problems not fixed yet: a contact's problems share one line. */
  function renderSummary(focus) {
    var groups = [];
    state.errors.forEach(function (item) {
      var group = item.target ? groups.filter(function (g) { return g.target === item.target; })[0] : null;
      if (!group) {
        group = { target: item.target, items: [] };
        groups.push(group);
      }
      group.items.push(item);
    });
    var list = el['error-list'];
    list.textContent = '';
    groups.forEach(function (g) {
      var first = g.items[0];
      var text = (g.target && g.target !== 'picker' ? contactName(g.target) + ': ' : '') + g.items.map(function (i) { return i.message; }).join(' ');
      var li = h('li', null, [h('span', { className: 'bullet', 'aria-hidden': 'true', text: '•' })]);
      if (g.target) {
        var go = h('button', { type: 'button', className: 'link-button', text: text });
        go.addEventListener('click', function () { fieldOf(g.target, first.field).focus(); });
        li.appendChild(go);
      } else {
        li.appendChild(h('span', { text: text }));
      }
      list.appendChild(li);
    });
    var contacts = groups.filter(function (g) { return g.target && g.target !== 'picker'; }).length;
    el['error-summary-title'].textContent = contacts === groups.length
      ? (contacts === 1 ? 'Please check the answers about this contact' : 'Please check the answers about these ' + contacts + ' contacts')
      : (groups.length === 1 ? 'Please check this' : 'Please check these ' + groups.length + ' things');
    el['error-summary'].hidden = groups.length === 0;
    if (focus && groups.length > 0) { el['error-summary'].focus(); }
  }

  /** "contacts[2].giveBack" → the contact sent at index 2 and its field; unknown paths go to the summary only. */
  function errorsFromProblem(problem) {
    var out = [];
    var errors = problem && problem.errors && typeof problem.errors === 'object' ? problem.errors : {};
    Object.keys(errors).forEach(function (path) {
      var messages = Array.isArray(errors[path]) ? errors[path] : [String(errors[path])];
      var m = /^contacts\[(\d+)\](?:\.([A-Za-z]+))?/.exec(path);
      var target = null;
      var field = '';
      if (m) {
        var uid = state.sentOrder[Number(m[1])];
        target = state.contacts.filter(function (c) { return c.uid === uid; })[0] || null;
        field = m[2] || '';
      } else if (path === 'contacts') {
        target = 'picker';
      }
      messages.forEach(function (message) { out.push({ target: target, field: field, message: String(message) }); });
    });
    if (out.length === 0) {
      out.push({ target: null, field: '', message: (problem && (problem.detail || problem.title)) || 'The answers could not be saved.' });
    }
    return out;
  }

  function checkAnswers() {
    var o = state.options;
    var out = [];
    state.contacts.forEach(function (c) {
      if (!c.personId && !c.outsideKind) { out.push({ target: c, field: 'outsideKind', message: 'Choose what kind of outside contact this is.' }); }
      if (!c.frequency) { out.push({ target: c, field: 'frequency', message: 'Choose how often you go to this person.' }); }
      if (o.askPersonal && c.personal === null) { out.push({ target: c, field: 'personal', message: 'Choose yes or no.' }); }
      if (o.askGiveBack && !c.giveBack) { out.push({ target: c, field: 'giveBack', message: 'Choose how often this person comes to you for help.' }); }
    });
    return out;
  }

  // ---------- talking to the API ----------

  function toRequest() {
    var o = state.options;
    return {
      contacts: state.contacts.map(function (c) {
        var item = {};
        if (c.personId) { item.personId = c.personId; } else {
          if (c.outsideKind) { item.outsideKind = c.outsideKind; }
          var label = c.outsideLabel.trim();
          if (label) { item.outsideLabel = label; }
        }
        if (c.frequency) { item.frequency = c.frequency; }
        item.benefits = o.askBenefits ? state.choices.benefits.map(function (b) { return b.name; }).filter(function (b) { return c.benefits.has(b); }) : [];
        if (o.askPersonal && c.personal !== null) { item.personal = c.personal; }
        if (o.askGiveBack && c.giveBack) { item.giveBack = c.giveBack; }
        if (o.askEnergy && c.energy !== null) { item.energy = c.energy; }
        return item;
      })
    };
  }

  function call(method, path, body) {
    var init = { method: method, headers: { Authorization: 'Bearer ' + state.token, Accept: 'application/json' }, cache: 'no-store', credentials: 'omit', referrerPolicy: 'no-referrer' };
    if (body) {
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    return fetch(path, init).then(function (response) {
      return response.text().then(function (text) {
        var data = null;
        try { data = text ? JSON.parse(text) : null; } catch (e) { data = null; }
        return { status: response.status, ok: response.ok, data: data };
      });
    });
  }

  function tokenFromFragment() {
    var hash = location.hash.replace(/^#/, '');
    var params = new URLSearchParams(hash);
    var token = params.get('token');
    return token && token.length <= 1024 ? token : null;
  }

  function fatal(title, text, canRetry) {
    show(el.loading, false);
    show(el.form, false);
    show(el.done, false);
    el['fatal-title'].textContent = title;
    el['fatal-text'].textContent = text;
    show(el['fatal-retry'], !!canRetry);
    show(el.fatal, true);
    el['fatal-title'].focus();
    document.documentElement.dataset.state = 'error';
  }

  function load() {
    state.token = tokenFromFragment();
    if (!state.token) {
      fatal('This page needs your personal link', 'Open the survey with the link from your invitation. The link carries your personal key after the # sign.', false);
      return;
    }
    show(el.fatal, false);
    show(el.loading, true);
    Promise.all([call('GET', API), draftKeyFor(state.token)]).then(function (results) {
      var r = results[0];
      state.draftKey = results[1];
      if (r.status === 401) {
        fatal('This link is not valid', 'The invitation link is no longer valid. Ask the survey team for a new link.', false);
      } else if (!r.ok || !r.data) {
        fatal('The survey could not be loaded', 'The server answered ' + r.status + '. Nothing you entered was lost.', true);
      } else {
        start(r.data);
      }
    }, function () {
      fatal('No connection', 'The survey could not be loaded because the network is unavailable. Check your connection and try again.', true);
    });
  }

  function start(data) {
    state.survey = data;
    state.options = data.cycle.options;
    state.questions = data.questions;
    state.choices = data.choices;
    state.answer = data.answer ? { submittedAt: data.answer.submittedAt, version: data.answer.version } : null;
    state.editable = data.cycle.status === 'open';
    prepareRoster(data.roster || []);

    document.title = data.cycle.title + ' – network survey';
    el.title.textContent = data.cycle.title;
    // The only time estimate on the page is the one in the progress line, which follows the answers.
    el.intro.textContent = 'Hello ' + data.respondent.name + '.' +
      (state.editable ? ' You can change your answers until ' + formatDate(data.cycle.closesAt) + '.' : '');
    el['pick-question'].textContent = data.questions.informationNetwork;
    el['add-outside'].hidden = !state.options.allowOutsideContacts;
    columnHeads();

    var draft = state.editable ? readDraft() : null;
    var contacts = draft || (data.answer ? data.answer.contacts : []);
    contacts.forEach(function (c) { addContact(newContact(c), false); });

    var notice = [];
    if (!state.editable) {
      notice.push(data.cycle.status === 'scheduled'
        ? 'This survey is not open yet.'
        : 'This survey closed on ' + formatDate(data.cycle.closesAt) + '. Your answers can no longer be changed.');
    }
    if (data.answer) {
      notice.push('You sent your answers on ' + formatDate(data.answer.submittedAt) + '.' + (state.editable ? ' Change anything below and send again to replace them.' : ''));
    }
    if (draft) {
      notice.push('Answers you had not sent yet were restored from this browser tab.');
    }
    el.notice.textContent = notice.join(' ');
    show(el.notice, notice.length > 0);
    el.submit.textContent = data.answer ? 'Save my changes' : 'Send my answers';
    el.form.querySelectorAll('input, select, button').forEach(function (n) { if (!state.editable) { n.disabled = true; } });
    updateProgress();
    showProfileLink(data);

    show(el.loading, false);
    if (!state.editable) {
      showSaved(false);
    } else if (data.answer && !draft) {
      showSaved(false);
    } else {
      show(el.form, true);
      document.documentElement.dataset.state = 'ready';
    }
    window.__surveyReadyAt = performance.now();
  }

  /**
   * On wide screens the contacts are rows under one set of column headings (the questions), so each
   * row's legends can be hidden from sight; screen readers still hear each legend with its group.
   */
  function columnHeads() {
    var o = state.options;
    var q = state.questions;
    var heads = h('div', { className: 'column-heads', id: 'column-heads', 'aria-hidden': 'true' }, [
      h('span', { text: 'Contact' }),
      h('span', { className: 'head-frequency', text: q.frequency }),
      o.askPersonal ? h('span', { className: 'head-personal', text: q.personal }) : null,
      o.askGiveBack ? h('span', { className: 'head-giveBack', text: q.giveBack }) : null
    ]);
    el.contacts.parentNode.insertBefore(heads, el.contacts);
    el['column-heads'] = heads;
  }

  /** One line per contact sent: who, then the answers in the words of the choices. */
  function answerSummary(c) {
    var o = state.options;
    var labels = window.SurveyNetworkDom.labels;
    var parts = [];
    if (c.frequency) { parts.push(labels(state.choices.frequency)[c.frequency] || c.frequency); }
    if (o.askBenefits && c.benefits.size > 0) {
      var b = labels(state.choices.benefits);
      parts.push(state.choices.benefits.filter(function (x) { return c.benefits.has(x.name); }).map(function (x) { return b[x.name]; }).join(', '));
    }
    if (o.askPersonal && c.personal !== null) { parts.push(c.personal ? 'personal too' : 'work only'); }
    if (o.askGiveBack && c.giveBack) { parts.push('comes to you: ' + (labels(state.choices.giveBack)[c.giveBack] || c.giveBack).toLowerCase()); }
    if (o.askEnergy && c.energy !== null) { parts.push('energy ' + c.energy); }
    return contactName(c) + ' — ' + parts.join(' · ');
  }

  /**
   * The saved state instead of the form: what was sent and when, the profile link, and a way to
   * change the answers while the cycle is open; read-only once it is not.
   */
  function showSaved(justSent) {
    var cycle = state.survey.cycle;
    var answer = state.answer;
    var n = state.contacts.length;
    var about = n === 1 ? '1 contact' : n + ' contacts';
    var title;
    var text;
    if (state.editable) {
      title = justSent ? 'Thank you, your answers are saved' : 'Your answers are saved';
      text = (justSent ? 'We received your answers about ' : 'You sent your answers about ') + about + ' on ' + formatDate(answer.submittedAt) +
        '. You can change them with the same link until ' + formatDate(cycle.closesAt) + '.';
    } else if (cycle.status === 'scheduled') {
      title = 'This survey is not open yet';
      text = 'Come back with the same link once it opens.';
    } else {
      title = answer ? 'Your answers' : 'This survey is closed';
      text = 'This survey closed on ' + formatDate(cycle.closesAt) + '. ' +
        (answer ? 'You sent your answers about ' + about + ' on ' + formatDate(answer.submittedAt) + '. Your answers can no longer be changed.' : 'No answers were sent with this link.');
    }
    el['done-title'].textContent = title;
    el['done-text'].textContent = text;
    var list = el['done-list'];
    list.textContent = '';
    if (answer) { state.contacts.forEach(function (c) { list.appendChild(h('li', { text: answerSummary(c) })); }); }
    show(list, !!answer && n > 0);
    show(el.edit, state.editable);
    show(el.form, false);
    show(el.done, true);
    document.documentElement.dataset.state = state.editable ? (justSent ? 'sent' : 'saved') : 'closed';
  }

  function showProfileLink(data) {
    // Offered once the service publishes personal profiles (a same-origin path in the survey data).
    var url = typeof data.profileUrl === 'string' && /^\/(?!\/)/.test(data.profileUrl) ? data.profileUrl : null;
    if (url) { el['profile-link'].href = url + '#token=' + encodeURIComponent(state.token); }
    show(el.profile, !!url);
  }

  function submit(event) {
    if (event) { event.preventDefault(); }
    if (state.sending || !state.editable) { return; }
    var problems = checkAnswers();
    if (problems.length > 0) { showErrors(problems); return; }
    clearAllErrors();
    var body = toRequest();
    state.sentOrder = state.contacts.map(function (c) { return c.uid; });
    state.sending = true;
    el.submit.disabled = true;
    el.retry.hidden = true;
    el['send-status'].className = 'send-status';
    el['send-status'].textContent = 'Sending…';
    call('PUT', API + '/response', body).then(function (r) {
      state.sending = false;
      el.submit.disabled = false;
      if (r.ok) {
        sent(r.data || {});
      } else if (r.status === 400 || r.status === 422) {
        el['send-status'].textContent = '';
        showErrors(errorsFromProblem(r.data));
      } else if (r.status === 401) {
        sendFailed('Your link is no longer accepted, so the answers were not saved. Ask the survey team for a new link.', false);
      } else if (r.status === 409) {
        sendFailed((r.data && r.data.title) || 'The survey is closed.', false);
      } else if (r.status === 429) {
        sendFailed('Too many attempts in a short time. Wait a moment, then try again; your answers are kept on this page.', true);
      } else if (r.status === 413) {
        sendFailed('The answer is too large to send. Shorten the labels of outside contacts.', false);
      } else {
        sendFailed('The server could not save your answers just now (error ' + r.status + '). Your answers are kept on this page.', true);
      }
    }, function () {
      state.sending = false;
      el.submit.disabled = false;
      sendFailed('Your answers could not be sent: the network is unavailable. They are kept on this page; try again when you are back online.', true);
    });
  }

  function sendFailed(message, canRetry) {
    el['send-status'].className = 'send-status error';
    el['send-status'].textContent = message;
    el.retry.hidden = !canRetry;
    if (canRetry) { el.retry.focus(); }
  }

  function sent(receipt) {
    dropDraft();
    state.answer = { submittedAt: receipt.submittedAt, version: receipt.version };
    el['send-status'].textContent = '';
    el.notice.textContent = 'You sent your answers on ' + formatDate(receipt.submittedAt) + '. Change anything below and send again to replace them.';
    show(el.notice, true);
    el.submit.textContent = 'Save my changes';
    showSaved(true);
    el['done-title'].focus();
  }

  // ---------- wiring ----------

  el.picker.addEventListener('input', onPickerInput);
  el.picker.addEventListener('keydown', onPickerKey);
  el.picker.addEventListener('blur', function () { setOpen(false); });
  el.picker.addEventListener('focus', function () { if (el.picker.value.trim()) { onPickerInput(); } });
  el['picker-list'].addEventListener('mousedown', function (event) { event.preventDefault(); });
  el['picker-list'].addEventListener('click', function (event) {
    var option = event.target.closest('li[data-index]');
    if (option) { choose(picker.items[Number(option.dataset.index)]); }
  });
  el['add-outside'].addEventListener('click', function () {
    if (state.contacts.length >= state.options.maxContacts) { showLimit(); return; }
    addContact(newContact({}), true);
    el['picker-status'].textContent = 'Outside contact added. ' + countText() + '.';
  });
  el.form.addEventListener('submit', submit);
  el.retry.addEventListener('click', function () { submit(null); });
  el['fatal-retry'].addEventListener('click', load);
  el.edit.addEventListener('click', function () {
    show(el.done, false);
    show(el.form, true);
    document.documentElement.dataset.state = 'ready';
    el.picker.focus();
  });
  window.addEventListener('pagehide', flushDraft);
  document.addEventListener('visibilitychange', function () { if (document.visibilityState === 'hidden') { flushDraft(); } });
  window.addEventListener('hashchange', function () {
    if (tokenFromFragment() !== state.token) { location.reload(); }
  });

  load();
}());
