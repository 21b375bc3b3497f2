// The HTML report's script, as text: it reads the findings from the page's JSON data block and renders
// the table a page at a time, with filters and sorting. It builds the DOM with textContent only, never
// innerHTML, so item text stays text; only http(s) URLs become links.
export const HTML_CLIENT_SCRIPT = String.raw`(function () {
  'use strict';
  var PAGE_SIZE = 100;
  var data = JSON.parse(document.getElementById('backlint-data').textContent);
  var collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });
  var KIND_ORDER = ['story', 'epic', 'roadmap', 'other', 'team'];
  var rows = data.findings.map(function (f, index) {
    var person = f[9] < 0 ? null : data.people[f[9]];
    return {
      index: index, source: f[0], key: f[1], type: f[2], kind: f[3], title: f[4], url: f[5], rule: f[6],
      severity: f[7], message: f[8], person: person, responsible: person ? person.name : '(nobody)', team: f[10], change: f[11],
      ownerSource: f[12], baseline: f[13], baselineNote: f[14],
      search: (f[1] + ' ' + f[4] + ' ' + f[8] + ' ' + (person ? person.name : '')).toLowerCase()
    };
  });
  var filterNames = ['rule', 'severity', 'source', 'responsible', 'kind'];
  if (data.compared) filterNames.push('change');
  if (data.baselined) filterNames.push('baseline');
  var state = { filters: {}, text: '', sort: null, direction: 1, page: 0, shown: rows };
  var body = document.querySelector('#findings tbody');
  var status = document.getElementById('table-status');
  var pageLabel = document.getElementById('page-label');
  var previous = document.getElementById('page-previous');
  var next = document.getElementById('page-next');

  function valueOf(row, name) {
    if (name === 'severity') return row.severity === 'warn' ? 'warning' : 'error';
    if (name === 'baseline') return row.baseline || 'not in the baseline';
    return row[name] == null ? '' : String(row[name]);
  }

  filterNames.forEach(function (name) {
    var select = document.getElementById('filter-' + name);
    if (!select) return;
    var counts = new Map();
    rows.forEach(function (row) { var value = valueOf(row, name); counts.set(value, (counts.get(value) || 0) + 1); });
    var values = Array.from(counts.keys()).sort(collator.compare);
    // Kinds in the order people think of them (story, epic, roadmap, other, team), not alphabetically.
    if (name === 'kind') values.sort(function (a, b) { return rank(KIND_ORDER, a) - rank(KIND_ORDER, b); });
    values.forEach(function (value) {
      var option = document.createElement('option');
      option.value = value;
      option.textContent = (value === '' ? '(none)' : value) + ' (' + counts.get(value) + ')';
      select.appendChild(option);
    });
    select.addEventListener('change', function () {
      if (select.value === '') delete state.filters[name]; else state.filters[name] = select.value;
      state.page = 0;
      update();
    });
  });

  function rank(order, value) { var i = order.indexOf(value); return i < 0 ? order.length : i; }

  document.getElementById('filters').addEventListener('submit', function (event) { event.preventDefault(); });
  var search = document.getElementById('filter-text');
  search.addEventListener('input', function () { state.text = search.value.trim().toLowerCase(); state.page = 0; update(); });
  document.getElementById('filter-reset').addEventListener('click', function () {
    state.filters = {}; state.text = ''; search.value = '';
    filterNames.forEach(function (name) { var select = document.getElementById('filter-' + name); if (select) select.value = ''; });
    state.page = 0;
    update();
  });

  var severityRank = { error: 0, warn: 1 };
  var comparators = {
    item: function (a, b) { return collator.compare(a.source, b.source) || collator.compare(a.key, b.key); },
    title: function (a, b) { return collator.compare(a.title, b.title); },
    rule: function (a, b) { return collator.compare(a.rule, b.rule); },
    severity: function (a, b) { return severityRank[a.severity] - severityRank[b.severity]; },
    responsible: function (a, b) { return (a.person ? 0 : 1) - (b.person ? 0 : 1) || collator.compare(a.responsible, b.responsible); },
    kind: function (a, b) { return rank(KIND_ORDER, a.kind) - rank(KIND_ORDER, b.kind) || collator.compare(a.kind, b.kind); },
    team: function (a, b) { return collator.compare(a.team || '', b.team || ''); },
    change: function (a, b) { return collator.compare(a.change || '', b.change || ''); }
  };
  Array.prototype.forEach.call(document.querySelectorAll('#findings th button[data-sort]'), function (button) {
    button.addEventListener('click', function () {
      var column = button.getAttribute('data-sort');
      if (state.sort === column) state.direction = -state.direction; else { state.sort = column; state.direction = 1; }
      Array.prototype.forEach.call(document.querySelectorAll('#findings th'), function (th) { th.removeAttribute('aria-sort'); });
      button.parentNode.setAttribute('aria-sort', state.direction === 1 ? 'ascending' : 'descending');
      state.page = 0;
      update();
    });
  });

  previous.addEventListener('click', function () { if (state.page > 0) { state.page -= 1; render(); } });
  next.addEventListener('click', function () { if ((state.page + 1) * PAGE_SIZE < state.shown.length) { state.page += 1; render(); } });

  function update() {
    var names = Object.keys(state.filters);
    var shown = rows.filter(function (row) {
      for (var i = 0; i < names.length; i++) if (valueOf(row, names[i]) !== state.filters[names[i]]) return false;
      return state.text === '' || row.search.indexOf(state.text) >= 0;
    });
    if (state.sort) {
      var compare = comparators[state.sort];
      var direction = state.direction;
      shown.sort(function (a, b) { return direction * compare(a, b) || a.index - b.index; });
    }
    state.shown = shown;
    render();
  }

  // Each cell names its column (data-label): below the breakpoint the rows stack as cards and show it.
  function cell(tr, text, className, label) {
    var td = document.createElement('td');
    if (className) td.className = className;
    td.setAttribute('data-label', label);
    td.textContent = text;
    tr.appendChild(td);
    return td;
  }

  function render() {
    var start = state.page * PAGE_SIZE;
    var slice = state.shown.slice(start, start + PAGE_SIZE);
    var fragment = document.createDocumentFragment();
    slice.forEach(function (row) {
      var tr = document.createElement('tr');
      var isTeam = row.kind === 'team';
      tr.className = (row.severity === 'warn' ? 'warn' : 'error') + (isTeam ? ' team-finding' : '') + (row.baseline ? ' baseline-' + row.baseline : '');
      var item = document.createElement('td');
      item.className = 'item';
      item.setAttribute('data-label', 'Item');
      if (isTeam) {
        // A finding about a roster team: no item to link to, so it names the team (its key is team/<name>).
        item.textContent = row.key;
      } else if (typeof row.url === 'string' && /^https?:\/\//i.test(row.url)) {
        var link = document.createElement('a');
        link.href = row.url;
        link.target = '_blank';
        link.rel = 'noopener noreferrer';
        link.textContent = row.source + '/' + row.key;
        item.appendChild(link);
      } else {
        item.textContent = row.source + '/' + row.key;
      }
      var type = document.createElement('div');
      type.className = 'sub';
      type.textContent = isTeam ? row.type + ' · ' + row.source : row.type;
      item.appendChild(type);
      tr.appendChild(item);
      cell(tr, row.title, 'title', 'Title');
      cell(tr, (row.severity === 'warn' ? '▲ warning' : '✖ error') + (row.change === 'new' ? ' · new' : '') + (row.baseline === 'known' ? ' · known' : row.baseline === 'expired' ? ' · baseline expired' : ''), 'severity', 'Severity');
      var message = cell(tr, row.message, 'message', 'Problem');
      if (row.baselineNote) {
        var note = document.createElement('div');
        note.className = 'sub baseline-note';
        note.textContent = row.baselineNote;
        message.appendChild(note);
      }
      var rule = document.createElement('div');
      rule.className = 'sub rule';
      rule.textContent = row.rule;
      message.appendChild(rule);
      var responsible = cell(tr, row.responsible, row.person ? 'responsible' : 'responsible nobody', 'Responsible');
      if (row.ownerSource === 'roster' || row.ownerSource === 'field') {
        var via = document.createElement('div');
        via.className = 'sub via';
        via.textContent = row.ownerSource === 'roster' ? 'via roster' : 'via field';
        responsible.appendChild(via);
      }
      cell(tr, row.kind, 'kind', 'Kind');
      cell(tr, row.team || '', 'team', 'Team');
      fragment.appendChild(tr);
    });
    body.replaceChildren(fragment);
    var total = state.shown.length;
    var pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
    status.textContent = total === 0
      ? 'No findings match (of ' + rows.length.toLocaleString('en') + ').'
      : 'Showing ' + (start + 1).toLocaleString('en') + '–' + (start + slice.length).toLocaleString('en') + ' of ' +
        total.toLocaleString('en') + ' matching findings (of ' + rows.length.toLocaleString('en') + ').';
    status.setAttribute('data-matching', String(total));
    pageLabel.textContent = 'Page ' + (state.page + 1) + ' of ' + pages;
    previous.disabled = state.page === 0;
    next.disabled = state.page + 1 >= pages;
  }

  update();
  document.documentElement.setAttribute('data-ready', 'true');
})();`;
