// Candor web UI: plain JavaScript, no build step. Every call goes to the REST API with the
// signed-in key as a Bearer token; the key lives in this tab's sessionStorage only. Text from
// the server is always inserted with textContent, never as HTML.
'use strict';

const KEY = 'candor.key';
const state = { session: null, auditAfter: 0, auditHead: 0, blobs: [] };

function $(id) { return document.getElementById(id); }

function el(tag, props, ...children) {
  const e = document.createElement(tag);
  Object.entries(props || {}).forEach(([k, v]) => {
    if (k === 'class') e.className = v;
    else if (k === 'text') e.textContent = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v);
  });
  children.flat().forEach(c => e.append(c instanceof Node ? c : document.createTextNode(String(c))));
  return e;
}

function show(text, error) {
  const m = $('message');
  m.textContent = text;
  m.className = error ? 'error' : '';
  m.hidden = !text;
}

async function api(method, path, body) {
  const headers = { Authorization: 'Bearer ' + sessionStorage.getItem(KEY) };
  let payload;
  if (body instanceof FormData) payload = body;
  else if (body !== undefined) { headers['Content-Type'] = 'application/json'; payload = JSON.stringify(body); }
  const r = await fetch(path, { method, headers, body: payload });
  const type = r.headers.get('Content-Type') || '';
  if (!r.ok) {
    let detail = r.status + ' ' + r.statusText;
    if (type.includes('json')) { const p = await r.json(); detail = p.detail || p.title || detail; }
    if (r.status === 401 && path !== '/v1/session') signOut('Your key is no longer valid: ' + detail);
    throw new Error(detail);
  }
  if (type.startsWith('image/')) return r.blob();
  return type.includes('json') ? r.json() : r.text();
}

async function cropUrl(faceId) {
  try {
    const blob = await api('GET', '/v1/faces/' + faceId + '/crop');
    const url = URL.createObjectURL(blob);
    state.blobs.push(url);
    return url;
  } catch (e) { return null; }
}

// ---- session --------------------------------------------------------------------------------

async function signIn(key) {
  sessionStorage.setItem(KEY, key);
  try {
    state.session = await api('POST', '/v1/session');
  } catch (e) {
    sessionStorage.removeItem(KEY);
    throw e;
  }
  $('who').textContent = state.session.user + ' · ' + state.session.role;
  $('nav').hidden = false;
  $('signout').hidden = false;
  const purpose = $('search-purpose');
  purpose.replaceChildren(...state.session.purposes.map(p => el('option', { value: p, text: p })));
  await loadCollections();
}

function signOut(text) {
  sessionStorage.removeItem(KEY);
  state.session = null;
  state.blobs.forEach(u => URL.revokeObjectURL(u));
  state.blobs = [];
  $('nav').hidden = true;
  $('signout').hidden = true;
  $('who').textContent = '';
  $('search-result').hidden = true;
  $('candidates').replaceChildren();
  location.hash = '#signin';
  route();
  show(text || '', false);
}

async function loadCollections() {
  let list = [];
  try { list = await api('GET', '/v1/collections'); } catch (e) { list = []; }
  const box = $('search-collections');
  box.replaceChildren(el('legend', { text: "Collections (more than one needs a supervisor's approval)" }));
  list.forEach((c, i) => box.append(el('label', {},
    el('input', Object.assign({ type: 'checkbox', value: c.name, name: 'collection' }, i === 0 ? { checked: '' } : {})),
    c.name + ' — ' + c.purpose)));
  if (state.session.collections.includes('*')) {
    box.append(el('label', {}, el('input', { type: 'checkbox', value: '*', name: 'collection' }), 'all collections'));
  }
  $('subjects-collection').replaceChildren(...list.map(c => el('option', { value: c.name, text: c.name })));
}

// ---- routing --------------------------------------------------------------------------------

const pages = ['signin', 'search', 'review', 'subjects', 'audit', 'transparency'];

function route() {
  let [page, arg] = location.hash.replace(/^#/, '').split('/');
  if (!state.session) page = 'signin';
  else if (!pages.includes(page) || page === 'signin') page = 'search';
  pages.forEach(p => { $('page-' + p).hidden = p !== page; });
  document.querySelectorAll('#nav a').forEach(a => a.classList.toggle('active', a.dataset.page === page));
  show('', false);
  if (page === 'review' && arg) { $('review-id').value = arg; openReview(arg); }
  if (page === 'subjects') loadSubjects();
  if (page === 'audit') loadAudit(null);
  if (page === 'transparency') loadTransparency();
}

// ---- search ---------------------------------------------------------------------------------

function drawProbe(file, boxes) {
  const img = new Image();
  const url = URL.createObjectURL(file);
  state.blobs.push(url);
  img.onload = () => {
    const canvas = $('probe-canvas');
    const scale = Math.min(1, 340 / img.width);
    canvas.width = Math.round(img.width * scale);
    canvas.height = Math.round(img.height * scale);
    const g = canvas.getContext('2d');
    g.drawImage(img, 0, 0, canvas.width, canvas.height);
    boxes.forEach(({ box, searched }) => {
      g.lineWidth = searched ? 3 : 1.5;
      g.strokeStyle = searched ? '#2ecc71' : '#f1c40f';
      g.strokeRect(box.x * scale, box.y * scale, box.width * scale, box.height * scale);
    });
  };
  img.src = url;
}

function stateLine(s) {
  return el('span', { class: 'state ' + s, text: s.replaceAll('-', ' ') });
}

function reviewControls(searchId, faceId, onDone) {
  const note = el('textarea', { placeholder: 'Note (required): what you compared', class: 'note' });
  const act = verdict => async () => {
    if (!note.value.trim()) { show('A review needs a note.', true); return; }
    try {
      const status = await api('POST', '/v1/searches/' + searchId + '/candidates/' + faceId + '/reviews',
        { verdict, note: note.value.trim() });
      onDone(status);
      show('Recorded: ' + verdict + '. The candidate is now ' + status.state.replaceAll('-', ' ') + '.', false);
    } catch (e) { show(e.message, true); }
  };
  return el('div', {}, note, el('div', { class: 'actions' },
    el('button', { type: 'button', class: 'confirm', onclick: act('confirmed') }, 'Confirm'),
    el('button', { type: 'button', class: 'reject', onclick: act('rejected') }, 'Reject')));
}

async function candidateCard(searchId, c) {
  const status = el('div', {}, stateLine('unreviewed'));
  const src = c.hasCrop ? await cropUrl(c.faceId) : null;
  const card = el('div', { class: 'card candidate', 'data-face': c.faceId },
    src ? el('img', { src, alt: 'face ' + c.faceId }) : el('div', { class: 'meta', text: 'no crop' }),
    el('div', { class: 'rank', text: '#' + c.rank + ' · score ' + c.score.toFixed(3) }),
    el('div', { class: 'name', text: c.subject ? c.subject.displayName : 'unidentified face' }),
    ...(c.subjectScore !== c.score
      ? [el('div', { class: 'meta', text: 'ranked by all their faces: ' + c.subjectScore.toFixed(3) })] : []),
    el('div', { class: 'meta', text: (c.subject ? 'ref ' + c.subject.externalRef + ' · ' : '') + 'collection ' + c.collection }),
    el('div', { class: 'meta', text: 'false-match rate ' + (c.fmrText || 'not calibrated') }),
    el('div', { class: 'meta', text: 'source ' + c.source }),
    status);
  card.append(reviewControls(searchId, c.faceId, s => status.replaceChildren(stateLine(s.state))));
  return card;
}

async function runSearch(event) {
  event.preventDefault();
  const file = $('search-photo').files[0];
  const collections = [...document.querySelectorAll('#search-collections input:checked')].map(i => i.value);
  if (!collections.length) { show('Choose at least one collection.', true); return; }
  const form = new FormData();
  form.append('photo', file);
  form.append('purpose', $('search-purpose').value);
  form.append('case', $('search-case').value.trim());
  form.append('collections', collections.join(','));
  form.append('k', $('search-k').value || '10');
  $('search-submit').disabled = true;
  show('Searching…', false);
  try {
    const r = await api('POST', '/v1/search', form);
    let faces = [];
    try { faces = (await api('POST', '/v1/detect', (() => { const f = new FormData(); f.append('photo', file); return f; })())).faces; } catch (e) { faces = []; }
    const boxes = faces.map(f => ({ box: f.box, searched: false }));
    if (r.probeBox) boxes.push({ box: r.probeBox, searched: true });
    drawProbe(file, boxes);
    $('probe-info').textContent = r.facesInProbe + ' face(s) in the probe; the green box was searched. Probe SHA-256 ' + r.probeSha256.slice(0, 16) + '… (the photo is not kept).';
    $('search-info').replaceChildren(
      el('strong', { text: r.candidates.length + ' candidates' }),
      ' for case ' + r.caseRef + ' (' + r.purpose + '). ' + r.notice + ' Search id ',
      el('code', { id: 'search-id', text: r.searchId }),
      ' — a second reviewer opens it under ',
      el('a', { href: '#review/' + r.searchId, text: 'Review' }), '.');
    const cards = [];
    for (const c of r.candidates) cards.push(await candidateCard(r.searchId, c));
    $('candidates').replaceChildren(...cards);
    $('search-result').hidden = false;
    show('', false);
  } catch (e) { show(e.message, true); } finally { $('search-submit').disabled = false; }
}

// ---- review ---------------------------------------------------------------------------------

async function openReview(id) {
  try {
    const r = await api('GET', '/v1/searches/' + encodeURIComponent(id) + '/reviews');
    const s = r.search;
    $('review-info').textContent = 'Search by ' + s.actor + ' at ' + s.at + ' for case ' + s.caseRef
      + ' (' + s.purpose + ') in ' + s.collections.join(', ') + '.';
    const cards = [];
    for (const [i, c] of r.candidates.entries()) {
      const status = el('div', {}, stateLine(c.state));
      const src = await cropUrl(c.faceId);
      const card = el('div', { class: 'card candidate', 'data-face': c.faceId },
        src ? el('img', { src, alt: 'face ' + c.faceId }) : el('div', { class: 'meta', text: 'no crop' }),
        el('div', { class: 'rank', text: '#' + (i + 1) + ' · face ' + c.faceId }),
        el('div', { class: 'meta', text: c.reviews.map(v => v.reviewer + ': ' + v.verdict).join('; ') || 'no reviews yet' }),
        status);
      card.append(reviewControls(s.searchId, c.faceId, st => status.replaceChildren(stateLine(st.state))));
      cards.push(card);
    }
    $('review-candidates').replaceChildren(...cards);
  } catch (e) { show(e.message, true); }
}

// ---- subjects ---------------------------------------------------------------------------------

async function loadSubjects() {
  const c = $('subjects-collection').value;
  if (!c) return;
  try {
    const list = await api('GET', '/v1/collections/' + c + '/subjects');
    renderSubjects(list);
  } catch (e) { $('subjects-table').tBodies[0].replaceChildren(); show(e.message, true); }
}

function renderSubjects(list) {
  $('subjects-table').tBodies[0].replaceChildren(...list.map(s => el('tr', {},
    el('td', { text: s.displayName }), el('td', { text: s.externalRef }),
    el('td', { text: s.basis.kind + ': ' + s.basis.reference }), el('td', { text: s.retainUntil }),
    el('td', { text: s.faces }), el('td', { class: 'hash', text: s.id }))));
  const select = $('photos-subject');
  const keep = select.value;
  const known = new Set([...select.options].map(o => o.value));
  list.forEach(s => { if (!known.has(s.id)) select.append(el('option', { value: s.id, text: s.displayName + ' (' + s.externalRef + ')' })); });
  if (keep) select.value = keep;
}

async function createSubject(event) {
  event.preventDefault();
  const c = $('subjects-collection').value;
  try {
    const s = await api('POST', '/v1/collections/' + c + '/subjects', {
      externalRef: $('subject-ref').value.trim(), displayName: $('subject-name').value.trim(),
      basis: { kind: $('subject-basis-kind').value, reference: $('subject-basis-ref').value.trim() },
      retainUntil: $('subject-until').value || null });
    $('photos-subject').append(el('option', { value: s.id, text: s.displayName + ' (' + s.externalRef + ')' }));
    $('photos-subject').value = s.id;
    show('Enrolled ' + s.displayName + ' (kept until ' + s.retainUntil + '). Now add photos.', false);
  } catch (e) { show(e.message, true); }
}

async function enrolPhotos(event) {
  event.preventDefault();
  const form = new FormData();
  [...$('photos-files').files].forEach(f => form.append('photo', f));
  $('photos-submit').disabled = true;
  try {
    const r = await api('POST', '/v1/subjects/' + $('photos-subject').value + '/photos', form);
    const errors = r.errors.map(e => e.file + ': ' + e.error).join('; ');
    $('photos-result').textContent = r.faces + ' face(s) enrolled from ' + r.files + ' photo(s)'
      + (r.withoutFace ? ', ' + r.withoutFace + ' without a face' : '') + (errors ? '. Errors: ' + errors : '.');
    loadSubjects();
  } catch (e) { show(e.message, true); } finally { $('photos-submit').disabled = false; }
}

// ---- audit ------------------------------------------------------------------------------------

const AUDIT_PAGE = 50;

async function loadAudit(after) {
  try {
    if (after === null) {
      const head = (await api('GET', '/v1/audit?limit=1')).headSequence;
      after = Math.max(0, head - AUDIT_PAGE);
    }
    const page = await api('GET', '/v1/audit?after=' + after + '&limit=' + AUDIT_PAGE);
    state.auditAfter = after;
    state.auditHead = page.headSequence;
    const rows = page.entries.slice().reverse().map(e => el('tr', { class: 'entry', 'data-action': e.action },
      el('td', { text: e.sequence }), el('td', { text: e.time.replace('T', ' ').replace(/\.\d+Z$/, 'Z') }),
      el('td', { text: e.actor }), el('td', { class: 'action', text: e.action }), el('td', { text: e.object }),
      el('td', { class: 'details', text: JSON.stringify(e.details) }), el('td', { class: 'hash', text: e.hash.slice(0, 12) + '…' })));
    $('audit-table').tBodies[0].replaceChildren(...rows);
    const first = page.entries.length ? page.entries[0].sequence : 0;
    const last = page.entries.length ? page.entries[page.entries.length - 1].sequence : 0;
    $('audit-range').textContent = 'entries ' + first + '–' + last + ' of ' + page.headSequence;
    $('audit-prev').disabled = last >= page.headSequence;
    $('audit-next').disabled = first <= 1;
  } catch (e) { show(e.message, true); }
}

async function verifyAudit() {
  try {
    const v = await api('GET', '/v1/audit/verify');
    $('audit-verdict').replaceChildren(v.intact
      ? el('span', { class: 'ok', text: 'Chain intact: ' + v.entriesChecked + ' entries verified.' })
      : el('span', { class: 'bad', text: 'Chain BROKEN at entry ' + v.firstBroken + ': ' + v.problem }));
  } catch (e) { show(e.message, true); }
}

// ---- transparency -----------------------------------------------------------------------------

async function loadTransparency() {
  try {
    const t = await api('GET', '/v1/transparency');
    $('transparency-table').tBodies[0].replaceChildren(...t.months.map(m => el('tr', {},
      el('td', { text: m.month }),
      el('td', { text: Object.entries(m.searchesByPurpose).map(([p, n]) => p + ': ' + n).join(', ') || '0' }),
      el('td', { text: m.searchesDenied }), el('td', { text: m.confirmations + ' / ' + m.rejections }),
      el('td', { text: m.identificationsConfirmed }), el('td', { text: m.subjectErasures }),
      el('td', { text: m.mediaErasures }), el('td', { text: m.facesErased }))));
    const r = await api('GET', '/v1/retention-schedule');
    $('retention').replaceChildren(
      el('p', { text: 'Expired data is erased ' + r.sweep + '.' }),
      el('ul', {}, r.collections.map(c => el('li', { text: c.collection + ': ' + c.purpose + '; kept '
        + c.retentionInWords + ' (' + c.lawfulBasis + ': ' + c.basisReference + ')' }))),
      el('ul', {}, r.rules.map(x => el('li', { text: x }))));
  } catch (e) { show(e.message, true); }
}

// ---- API docs page ------------------------------------------------------------------------------

async function renderDocs() {
  const main = $('docs');
  if (!sessionStorage.getItem(KEY)) return;
  try {
    const doc = await api('GET', '/openapi.json');
    main.replaceChildren(el('h1', { text: doc.info.title + ' ' + doc.info.version }), el('p', { class: 'hint', text: doc.info.description }));
    Object.entries(doc.paths).forEach(([path, item]) => Object.entries(item).forEach(([method, op]) => {
      const fields = [];
      (op.parameters || []).forEach(p => fields.push(p.in + ' ' + p.name + (p.required ? '' : ' (optional)')));
      if (op.requestBody) Object.entries(op.requestBody.content).forEach(([type, c]) =>
        Object.entries(c.schema.properties || {}).forEach(([n, s]) => fields.push(type + ' ' + n + ': ' + (s.description || s.type))));
      main.append(el('div', { class: 'op' }, el('span', { class: 'method', text: method.toUpperCase() }),
        el('span', { class: 'path', text: path }), el('div', { text: op.summary }),
        el('ul', {}, fields.map(f => el('li', { text: f }))),
        el('div', { class: 'meta', text: 'responses: ' + Object.keys(op.responses).join(', ') })));
    }));
  } catch (e) { main.replaceChildren(el('p', { text: e.message })); }
}

// ---- start --------------------------------------------------------------------------------------

document.addEventListener('DOMContentLoaded', async () => {
  if (document.body.classList.contains('docs')) { renderDocs(); return; }
  $('signin-form').addEventListener('submit', async e => {
    e.preventDefault();
    try {
      await signIn($('signin-key').value.trim());
      $('signin-key').value = '';
      if (!location.hash || location.hash === '#signin') location.hash = '#search'; else route();
    } catch (err) { show('Sign-in failed: ' + err.message, true); }
  });
  $('signout').addEventListener('click', () => signOut('Signed out.'));
  $('search-form').addEventListener('submit', runSearch);
  $('review-form').addEventListener('submit', e => { e.preventDefault(); location.hash = '#review/' + $('review-id').value.trim(); });
  $('subjects-collection').addEventListener('change', loadSubjects);
  $('subject-form').addEventListener('submit', createSubject);
  $('photos-form').addEventListener('submit', enrolPhotos);
  $('audit-verify').addEventListener('click', verifyAudit);
  $('audit-next').addEventListener('click', () => loadAudit(Math.max(0, state.auditAfter - AUDIT_PAGE)));
  $('audit-prev').addEventListener('click', () => loadAudit(Math.min(state.auditAfter + AUDIT_PAGE, Math.max(0, state.auditHead - AUDIT_PAGE))));
  window.addEventListener('hashchange', route);
  const key = sessionStorage.getItem(KEY);
  if (key) { try { await signIn(key); } catch (e) { sessionStorage.removeItem(KEY); } }
  route();
});

// ==== People's rights: the request register (issue 19) =========================================
// Kept apart from the pages above: it adds the 'requests' page to the routing by wrapping route(),
// and talks only to /v1/requests and /v1/optouts. A privacy officer's key is needed.

pages.push('requests');
const routeBeforeRequests = route;
route = function () {
  routeBeforeRequests();
  const [page, arg] = location.hash.replace(/^#/, '').split('/');
  if (state.session && page === 'requests') { loadRequests(); if (arg) openRequest(arg); }
};

async function imageUrl(path) {
  try {
    const url = URL.createObjectURL(await api('GET', path));
    state.blobs.push(url);
    return url;
  } catch (e) { return null; }
}

async function loadRequests() {
  try {
    const list = await api('GET', '/v1/requests' + ($('requests-open').checked ? '?open=true' : ''));
    $('requests-table').tBodies[0].replaceChildren(...list.map(r => el('tr',
      { class: r.overdue ? 'overdue' : '', 'data-request': r.id },
      el('td', {}, el('a', { href: '#requests/' + r.id, text: r.id.slice(0, 8) + '…' })),
      el('td', { text: r.kind }), el('td', { text: r.received.slice(0, 10) }), el('td', { text: r.due }),
      el('td', { class: 'request-state', text: r.answered ? 'answered' : r.overdue ? 'OVERDUE' : 'open' }),
      el('td', { text: r.requesterRef }))));
    const entries = await api('GET', '/v1/optouts');
    $('optout-list').replaceChildren(...entries.map(e => el('li', {},
      'entry ' + e.id.slice(0, 8) + '… (consent ' + e.consentReference + ') ',
      el('button', { type: 'button', class: 'secondary', onclick: () => removeOptOut(e.id) }, 'Remove'))));
  } catch (e) { show(e.message, true); }
}

function matchCard(requestId, m, open) {
  const status = el('div', {}, stateLine(m.state));
  const card = el('div', { class: 'card candidate', 'data-face': m.faceId },
    el('div', { class: 'meta', text: 'loading…' }),
    el('div', { class: 'rank', text: '#' + m.rank + ' · score ' + m.score.toFixed(3) }),
    el('div', { class: 'name', text: m.subjectName ? m.subjectName + ' (' + m.subjectRef + ')'
      : m.outcome === 'erased' ? 'erased: no longer held' : 'face filed under no subject' }),
    el('div', { class: 'meta', text: 'collection ' + m.collection + ' · false-match rate '
      + (m.fmr === null ? 'not calibrated' : m.fmr.toExponential(1)) }),
    el('div', { class: 'meta', text: m.reviews.map(v => v.reviewer + ': ' + v.verdict).join('; ') || 'no reviews yet' }),
    ...(m.outcome ? [el('div', { class: 'meta outcome', text: m.outcome + (m.outcomeReference ? ' under ' + m.outcomeReference : '') })] : []),
    status);
  imageUrl('/v1/requests/' + requestId + '/matches/' + m.faceId + '/crop').then(src =>
    card.firstChild.replaceWith(src ? el('img', { src, alt: 'face ' + m.faceId }) : el('div', { class: 'meta', text: 'no crop' })));
  if (open && !m.outcome) {
    const note = el('textarea', { placeholder: 'Note (required): what you compared', class: 'note' });
    const act = verdict => async () => {
      if (!note.value.trim()) { show('A review needs a note.', true); return; }
      try {
        const s = await api('POST', '/v1/requests/' + requestId + '/matches/' + m.faceId + '/reviews',
          { verdict, note: note.value.trim() });
        status.replaceChildren(stateLine(s.state));
        show('Recorded: ' + verdict + '. The match is now ' + s.state.replaceAll('-', ' ') + '.', false);
      } catch (e) { show(e.message, true); }
    };
    card.append(note, el('div', { class: 'actions' },
      el('button', { type: 'button', class: 'confirm', onclick: act('confirmed') }, 'Confirm'),
      el('button', { type: 'button', class: 'reject', onclick: act('rejected') }, 'Reject')));
  }
  return card;
}

async function openRequest(id) {
  try {
    const d = await api('GET', '/v1/requests/' + encodeURIComponent(id));
    const r = d.request;
    state.request = r.id;
    $('request-detail').hidden = false;
    $('request-title').textContent = 'Request ' + r.id + ' (' + r.kind + ')';
    $('request-info').textContent = 'Requester ' + r.requesterRef + '; received ' + r.received + ' by '
      + r.receivedBy + '; due ' + r.due + (r.overdue ? ' (OVERDUE)' : '') + '. Identity: '
      + (r.identityChecked ? 'checked by ' + r.identityCheckedBy + ' (' + r.identityNote + ')' : 'not checked yet')
      + '. ' + (r.answered ? 'Answered ' + r.answered + ': ' + r.outcome + '.' : 'Open.') + ' '
      + d.matches.length + ' match(es) at similarity ≥ ' + (r.threshold || 0).toFixed(3) + '.';
    $('request-identity-row').hidden = !!r.identityChecked || !!r.answered;
    $('request-answer-row').hidden = !!r.answered;
    $('request-erase').hidden = $('request-object').hidden = !!r.answered;
    const probe = r.photoKept ? await imageUrl('/v1/requests/' + r.id + '/photo') : null;
    $('request-probe').hidden = !probe;
    if (probe) $('request-probe').src = probe;
    $('request-matches').replaceChildren(...d.matches.map(m => matchCard(r.id, m, !r.answered)));
    $('request-receipts').replaceChildren(...d.receipts.map(x => el('li', { class: 'receipt',
      text: 'Erased ' + x.what + ' at ' + x.at + ': ' + x.facesErased + ' face(s), audit entry #' + x.auditSequence })));
    $('request-pdf-link').hidden = true;
  } catch (e) { show(e.message, true); }
}

async function requestAction(label, method, path, body) {
  try {
    await api(method, path, body);
    show(label, false);
    await openRequest(state.request);
    await loadRequests();
  } catch (e) { show(e.message, true); }
}

async function receiveRequest(event) {
  event.preventDefault();
  const form = new FormData();
  form.append('photo', $('request-photo').files[0]);
  form.append('requester', $('request-ref').value.trim());
  form.append('kind', $('request-kind').value);
  $('request-submit').disabled = true;
  show('Searching every collection…', false);
  try {
    const d = await api('POST', '/v1/requests/access', form);
    show('Registered request ' + d.request.id + ': ' + d.matches.length + ' match(es) to review.', false);
    location.hash = '#requests/' + d.request.id;
  } catch (e) { show(e.message, true); } finally { $('request-submit').disabled = false; }
}

async function downloadReport() {
  try {
    const r = await fetch('/v1/requests/' + state.request + '/report.pdf',
      { headers: { Authorization: 'Bearer ' + sessionStorage.getItem(KEY) } });
    if (!r.ok) { const p = await r.json(); throw new Error(p.detail || r.statusText); }
    const url = URL.createObjectURL(await r.blob());
    state.blobs.push(url);
    const link = $('request-pdf-link');
    link.href = url;
    link.download = 'access-report-' + state.request + '.pdf';
    link.hidden = false;
    show('The report is ready: download it for the requester.', false);
  } catch (e) { show(e.message, true); }
}

async function addOptOut(event) {
  event.preventDefault();
  const form = new FormData();
  form.append('photo', $('optout-photo').files[0]);
  form.append('requester', $('optout-ref').value.trim());
  form.append('consent', $('optout-consent').value.trim());
  try {
    const r = await api('POST', '/v1/optouts', form);
    show('Added to the do-not-enrol list: entry ' + r.entry.id + '.', false);
    loadRequests();
  } catch (e) { show(e.message, true); }
}

async function removeOptOut(id) {
  const requester = prompt('Your reference for the person asking to be removed');
  if (!requester) return;
  try {
    await api('POST', '/v1/optouts/' + id + '/removal', { requester });
    show('Removed from the do-not-enrol list.', false);
    loadRequests();
  } catch (e) { show(e.message, true); }
}

// The transparency page gains a line on people's requests (GET /v1/transparency's "rights").
const loadTransparencyBeforeRequests = loadTransparency;
loadTransparency = async function () {
  await loadTransparencyBeforeRequests();
  let line = $('transparency-rights');
  if (!line) {
    line = el('p', { id: 'transparency-rights' });
    $('transparency-table').after(line);
  }
  try {
    const r = (await api('GET', '/v1/transparency')).rights;
    const kinds = Object.entries(r.requestsByKind).map(([k, n]) => k + ' ' + n).join(', ') || 'none';
    line.textContent = 'People\'s requests: ' + kinds + '; answered ' + r.answered
      + (r.medianDaysToAnswer === null ? '' : ' (median ' + r.medianDaysToAnswer + ' days)')
      + ', ' + r.answeredLate + ' late; open ' + r.open + ', overdue ' + r.overdue
      + '; erasures on request ' + r.erasuresOnRequest + ' (' + r.facesErasedOnRequest
      + ' faces); faces kept on an overriding basis ' + r.facesRetained
      + '; faces kept out by the do-not-enrol list ' + r.optOutSkips + '.';
  } catch (e) { line.textContent = ''; }
};

document.addEventListener('DOMContentLoaded', () => {
  if (document.body.classList.contains('docs')) return;
  $('request-form').addEventListener('submit', receiveRequest);
  $('optout-form').addEventListener('submit', addOptOut);
  $('requests-open').addEventListener('change', loadRequests);
  $('request-identity').addEventListener('click', () => requestAction('Identity check recorded.',
    'POST', '/v1/requests/' + state.request + '/identity', { note: $('request-identity-note').value.trim() }));
  $('request-erase').addEventListener('click', () => requestAction('Erased; the receipts are attached.',
    'POST', '/v1/requests/' + state.request + '/erasure', {}));
  $('request-object').addEventListener('click', () => requestAction('Recorded: the faces are kept under that basis.',
    'POST', '/v1/requests/' + state.request + '/objection',
    { basisReference: $('request-basis').value.trim(), note: $('request-basis-note').value.trim() }));
  $('request-answer').addEventListener('click', () => requestAction('Answered; the requester\'s photo is deleted.',
    'POST', '/v1/requests/' + state.request + '/answer', { outcome: $('request-outcome').value.trim() }));
  $('request-pdf').addEventListener('click', downloadReport);
});
// ==== end of people's rights ====================================================================
