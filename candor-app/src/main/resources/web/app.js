// Candor web UI: plain JavaScript, no build step. Every call goes to the REST API with the
// signed-in key as a Bearer token; the key lives in this tab's sessionStorage only. Text from
// the server is always inserted with textContent, never as HTML.
'use strict';

const KEY = 'candor.key';
const state = { session: null, auditAfter: 0, auditHead: 0, blobs: [], probe: null, search: null,
  probeUrls: {}, auditQuery: '', auditNext: null };

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

// Errors are announced at once (role=alert); other messages politely (role=status).
function show(text, error) {
  const m = $('message');
  m.setAttribute('role', error ? 'alert' : 'status');
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

// A file the API answers with (a PDF, a CSV export): its bytes and the name it suggests.
async function apiFile(path) {
  const r = await fetch(path, { headers: { Authorization: 'Bearer ' + sessionStorage.getItem(KEY) } });
  if (!r.ok) {
    let detail = r.status + ' ' + r.statusText;
    if ((r.headers.get('Content-Type') || '').includes('json')) { const p = await r.json(); detail = p.detail || p.title || detail; }
    throw new Error(detail);
  }
  const name = /filename="([^"]+)"/.exec(r.headers.get('Content-Disposition') || '');
  return { blob: await r.blob(), name: name ? name[1] : 'download' };
}

// Hands a file to the browser as a download, through a link that stays on the page.
function offer(link, file) {
  const url = URL.createObjectURL(file.blob);
  state.blobs.push(url);
  link.href = url;
  link.download = file.name;
  link.textContent = 'Download ' + file.name + ' (' + Math.max(1, Math.round(file.blob.size / 1024)) + ' KB)';
  link.hidden = false;
  link.click();
}

// Face ids are opaque strings: only ever compared, or put into a URL, as text. A crop that
// cannot be read says why, rather than passing for a face without a crop.
async function cropUrl(faceId) {
  try {
    const blob = await api('GET', '/v1/faces/' + encodeURIComponent(String(faceId)) + '/crop');
    const url = URL.createObjectURL(blob);
    state.blobs.push(url);
    return { url };
  } catch (e) { return { error: e.message }; }
}

function may(action) {
  return !action || (state.session !== null && state.session.actions.includes(action));
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
  // Each role sees only the pages it can use.
  document.querySelectorAll('#nav a[data-needs]').forEach(a => { a.hidden = !may(a.dataset.needs); });
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
  resetProbe();
  state.search = null;
  state.probeUrls = {};
  $('case-view').hidden = true;
  $('audit-table').tBodies[0].replaceChildren();
  location.hash = '#signin';
  route();
  show(text || '', false);
}

async function loadCollections() {
  let list = [];
  try { list = await api('GET', '/v1/collections'); } catch (e) { show('Cannot list the collections: ' + e.message, true); }
  const box = $('search-collections');
  box.replaceChildren(el('legend', { text: "Collections (more than one needs a supervisor's approval)" }));
  list.forEach((c, i) => box.append(el('label', {},
    el('input', Object.assign({ type: 'checkbox', value: c.name, name: 'collection' }, i === 0 ? { checked: '' } : {})),
    c.name + ' — ' + c.purpose)));
  if (state.session.collections.includes('*')) {
    box.append(el('label', {}, el('input', { type: 'checkbox', value: '*', name: 'collection' }), 'all collections'));
  }
  $('subjects-collection').replaceChildren(...list.map(c => el('option', { value: c.name, text: c.name })));
  $('audit-collection').replaceChildren(el('option', { value: '', text: 'any' }),
    ...list.map(c => el('option', { value: c.name, text: c.name })));
}

// ---- routing --------------------------------------------------------------------------------

// Each page and the action its role needs (see the session's actions; a page not listed needs
// none); the first a role may use is its home page.
const pages = { signin: null, search: 'search', queue: 'review', case: 'review_read',
  review: 'review_read', compare: 'review_read', subjects: 'subject_enrol', erase: 'erase',
  audit: 'audit_read', transparency: 'public_read' };

function home() {
  return ['search', 'queue', 'case', 'subjects', 'erase', 'audit', 'requests', 'transparency']
    .find(p => may(pages[p])) || 'transparency';
}

function route() {
  let [page, ...args] = location.hash.replace(/^#/, '').split('/');
  args = args.map(a => { try { return decodeURIComponent(a); } catch (e) { return a; } });
  let refused = false;
  if (!state.session) page = 'signin';
  else if (!$('page-' + page) || page === 'signin') page = home();
  else if (!may(pages[page])) { refused = true; page = home(); }
  document.querySelectorAll('section.page').forEach(p => { p.hidden = p.id !== 'page-' + page; });
  document.querySelectorAll('#nav a').forEach(a => {
    a.classList.toggle('active', a.dataset.page === page);
    if (a.dataset.page === page) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
  });
  show(refused ? 'Your role (' + state.session.role + ') cannot use that page.' : '', refused);
  // Move focus to the new page's heading, so keyboard and screen-reader users land on it.
  const heading = $('page-' + page).querySelector('h1');
  if (heading) heading.focus();
  if (page === 'queue') loadQueue();
  if (page === 'review' && args[0]) { $('review-id').value = args[0]; openReview(args[0]); }
  if (page === 'compare' && args[1]) openCompare(args[0], args[1]);
  if (page === 'case' && args[0]) { $('case-ref').value = args[0]; openCase(args[0]); }
  if (page === 'subjects') loadSubjects();
  if (page === 'erase') prepareErase(args[0] || '');
  if (page === 'audit') loadAudit(null);
  if (page === 'transparency') loadTransparency();
}

// ---- search ---------------------------------------------------------------------------------

// The probe for the next search: the file, its image, the faces /v1/detect found in it and the
// face picked. The photo is detected once, when chosen, so that a person picks the face before
// anything is searched; the search detects it again on the server, and nothing is posted after
// it: the search's own answer (probeBox, facesInProbe) says which face was searched.
function resetProbe() {
  state.probe = null;
  state.probePending = null;
  $('probe-preview').hidden = true;
  $('probe-faces').hidden = true;
  $('probe-faces').replaceChildren(el('legend', { text: 'This photo holds several faces: pick the one to search' }));
  $('probe-status').textContent = '';
}

function chooseProbe(file) {
  if (!file) return;
  if (!(file.type || '').startsWith('image/')) {
    show(file.name + ' is not an image (' + (file.type || 'unknown type') + '): choose a photo.', true);
    return;
  }
  resetProbe();
  show('', false);
  $('search-result').hidden = true;
  const url = URL.createObjectURL(file);
  state.blobs.push(url);
  const probe = { file, url, image: null, width: 0, height: 0, faces: [], picked: null, error: null };
  state.probe = probe;
  $('probe-preview').hidden = false;
  $('probe-status').textContent = 'Finding the faces in ' + file.name + '…';
  const image = new Promise((resolve, reject) => {
    const img = new Image();
    img.onload = () => resolve(img);
    img.onerror = () => reject(new Error('this browser cannot show ' + file.name));
    img.src = url;
  });
  const form = new FormData();
  form.append('photo', file);
  state.probePending = Promise.all([image, api('POST', '/v1/detect', form)]).then(([img, d]) => {
    if (state.probe !== probe) return;
    probe.image = img;
    probe.width = d.width;
    probe.height = d.height;
    // Largest first, as the search's default is.
    probe.faces = d.faces.slice().sort((a, b) => b.box.width * b.box.height - a.box.width * a.box.height);
    if (probe.faces.length === 1) probe.picked = 0;
    renderFaces(probe);
    drawProbe(probe, null);
  }).catch(e => {
    if (state.probe !== probe) return;
    probe.error = e.message;
    $('probe-status').textContent = '';
    show('Cannot read the faces in ' + file.name + ': ' + e.message, true);
  });
}

function renderFaces(probe) {
  const n = probe.faces.length;
  $('probe-status').textContent = n === 0 ? 'No face found in this photo: a search needs one. Choose another photo.'
    : n === 1 ? 'One face found: it is the one searched.'
    : n + ' faces found: pick the one to search, by its box or below. Only that face is searched, and only its crop is kept for the reviewers.';
  const box = $('probe-faces');
  box.replaceChildren(el('legend', { text: 'This photo holds several faces: pick the one to search' }));
  if (n > 1) {
    probe.faces.forEach((f, i) => box.append(el('label', {},
      el('input', { type: 'radio', name: 'probe-face', value: String(i), class: 'probe-face', onchange: () => pickFace(i) }),
      'Face ' + (i + 1) + (i === 0 ? ' (largest)' : '') + ': ' + Math.round(f.box.width) + '×' + Math.round(f.box.height)
        + ' px at ' + Math.round(f.box.x) + ',' + Math.round(f.box.y) + ', quality ' + f.quality.toFixed(2))));
  }
  box.hidden = n < 2;
}

function pickFace(i) {
  state.probe.picked = i;
  show('', false);
  const radio = document.querySelector('#probe-faces input[value="' + i + '"]');
  if (radio) radio.checked = true;
  drawProbe(state.probe, null);
}

function sameBox(a, b) {
  return Math.abs(a.x - b.x) < 1 && Math.abs(a.y - b.y) < 1 && Math.abs(a.width - b.width) < 1;
}

// Draws the probe with every face boxed: the face picked (or, after the search, the face
// searched) in green and thick, the others in yellow, each numbered as in the list.
function drawProbe(probe, searched) {
  const img = probe.image;
  if (!img) return;
  const canvas = $('probe-canvas');
  const scale = Math.min(1, 340 / img.naturalWidth);
  canvas.width = Math.round(img.naturalWidth * scale);
  canvas.height = Math.round(img.naturalHeight * scale);
  const k = canvas.width / (probe.width || img.naturalWidth);
  const g = canvas.getContext('2d');
  g.drawImage(img, 0, 0, canvas.width, canvas.height);
  g.font = 'bold 13px system-ui, sans-serif';
  probe.faces.forEach((f, i) => {
    const chosen = searched ? sameBox(f.box, searched) : i === probe.picked;
    g.lineWidth = chosen ? 3 : 1.5;
    g.strokeStyle = chosen ? '#2ecc71' : '#f1c40f';
    g.strokeRect(f.box.x * k, f.box.y * k, f.box.width * k, f.box.height * k);
    if (probe.faces.length > 1) {
      g.fillStyle = g.strokeStyle;
      g.fillText(String(i + 1), f.box.x * k + 3, f.box.y * k + 14);
    }
  });
  canvas.setAttribute('aria-label', 'the probe photo, ' + probe.faces.length + ' face(s) boxed'
    + (searched ? '; the searched face in green' : probe.picked !== null ? '; face ' + (probe.picked + 1) + ' picked, in green' : ''));
}

function pickAt(event) {
  const probe = state.probe;
  if (!probe || probe.faces.length < 2) return;
  const canvas = $('probe-canvas');
  const rect = canvas.getBoundingClientRect();
  const k = (canvas.width / rect.width) / (canvas.width / probe.width);
  const x = (event.clientX - rect.left) * k;
  const y = (event.clientY - rect.top) * k;
  const i = probe.faces.findIndex(f => x >= f.box.x && x <= f.box.x + f.box.width && y >= f.box.y && y <= f.box.y + f.box.height);
  if (i >= 0) pickFace(i);
}

function stateLine(s) {
  return el('span', { class: 'state ' + s, text: s.replaceAll('-', ' ') });
}

function weakLabel(c, threshold) {
  return el('span', { class: 'weak-label', title: 'estimated false match rate '
    + (c.fmrText ? c.fmrText + ' is above ' : 'unknown; the review threshold is ') + threshold.toExponential(0)
    + ': confirming needs a written reason', text: 'weak candidate' });
}

function reviewControls(searchId, faceId, weak, reasonMin, onDone) {
  const note = el('textarea', { class: 'note', 'aria-label': weak ? 'Reason for your decision (required)' : 'Note on your decision (required)',
    placeholder: weak
    ? 'Reason (required, at least ' + reasonMin + ' characters to confirm a weak candidate): what in the two faces agrees'
    : 'Note (required): what you compared' });
  const act = verdict => async () => {
    if (!note.value.trim()) { show('A review needs a note.', true); return; }
    try {
      const status = await api('POST', '/v1/searches/' + encodeURIComponent(searchId) + '/candidates/'
        + encodeURIComponent(String(faceId)) + '/reviews', { verdict, note: note.value.trim() });
      onDone(status);
      show('Recorded: ' + verdict + '. The candidate is now ' + status.state.replaceAll('-', ' ') + '.', false);
    } catch (e) { show(e.message, true); }
  };
  return el('div', {}, note, el('div', { class: 'actions' },
    el('button', { type: 'button', class: 'confirm', onclick: act('confirmed') }, 'Confirm'),
    el('button', { type: 'button', class: 'reject', onclick: act('rejected') }, 'Reject')));
}

function compareHref(searchId, faceId) {
  return '#compare/' + encodeURIComponent(searchId) + '/' + encodeURIComponent(String(faceId));
}

async function candidateCard(r, c) {
  const status = el('div', {}, stateLine('unreviewed'));
  const crop = c.hasCrop ? await cropUrl(c.faceId) : { error: 'no crop kept' };
  const card = el('div', { class: 'card candidate' + (c.weak ? ' weak' : ''), 'data-face': String(c.faceId) },
    crop.url ? el('img', { src: crop.url, alt: 'candidate #' + c.rank + ' face' })
      : el('div', { class: 'meta crop-missing', text: 'Crop unavailable: ' + crop.error }),
    el('div', { class: 'rank', text: '#' + c.rank + ' · score ' + c.score.toFixed(3) }),
    ...(c.weak ? [weakLabel(c, r.reviewThreshold)] : []),
    el('div', { class: 'name', text: c.subject ? c.subject.displayName : 'unidentified face' }),
    ...(c.subjectScore !== c.score
      ? [el('div', { class: 'meta', text: 'ranked by all their faces: ' + c.subjectScore.toFixed(3) })] : []),
    el('div', { class: 'meta', text: (c.subject ? 'ref ' + c.subject.externalRef + ' · ' : '') + 'collection ' + c.collection }),
    el('div', { class: 'meta', text: 'false-match rate ' + (c.fmrText || 'not calibrated') }),
    el('div', { class: 'meta', text: 'source ' + c.source }),
    el('a', { class: 'compare-link', href: compareHref(r.searchId, c.faceId), text: 'Compare side by side' }),
    status);
  card.append(reviewControls(r.searchId, c.faceId, c.weak, r.weakReasonMin, s => status.replaceChildren(stateLine(s.state))));
  return card;
}

// The line at the deployment's operating (review) threshold: candidates above it first, in rank
// order, then the weak ones, greyed.
function thresholdLine(r, weak) {
  const text = 'Operating threshold: estimated false match rate ' + r.reviewThreshold.toExponential(0) + '. '
    + (weak ? 'Candidates below this line are weak: their estimate is above it or unknown, and confirming one needs a written reason.'
      : 'Every candidate is above it.');
  return el('div', { class: 'threshold-line', id: 'threshold-line', role: 'separator', 'aria-label': text }, el('span', { text }));
}

function boxText(b) {
  return [b.x, b.y, b.width, b.height].join(',');
}

async function runSearch(event) {
  event.preventDefault();
  const probe = state.probe;
  if (!probe) { show('Choose, drop or paste a probe photo first.', true); $('search-photo').focus(); return; }
  $('search-submit').disabled = true;
  try {
    await state.probePending;
    if (probe.error) { show('Cannot search with this photo: ' + probe.error, true); return; }
    if (probe.faces.length === 0) { show('No face was found in the probe photo: choose another.', true); return; }
    if (probe.picked === null) {
      show('This photo holds ' + probe.faces.length + ' faces: pick the one to search.', true);
      document.querySelector('#probe-faces input').focus();
      return;
    }
    const collections = [...document.querySelectorAll('#search-collections input:checked')].map(i => i.value);
    if (!collections.length) { show('Choose at least one collection.', true); return; }
    const form = new FormData();
    form.append('photo', probe.file);
    form.append('purpose', $('search-purpose').value);
    form.append('case', $('search-case').value.trim());
    form.append('collections', collections.join(','));
    form.append('k', $('search-k').value || '10');
    if (probe.faces.length > 1) form.append('face', boxText(probe.faces[probe.picked].box));
    show('Searching…', false);
    const r = await api('POST', '/v1/search', form);
    state.search = Object.assign({}, r, { probe });
    if (r.probeBox) drawProbe(probe, r.probeBox);
    $('probe-info').textContent = r.facesInProbe + ' face(s) in the probe; the green box was searched. Probe SHA-256 ' + r.probeSha256.slice(0, 16) + '… (the photo is not kept'
      + (r.probeKeptUntil ? '; the searched face is kept sealed for the reviewers until every candidate is decided, at most until ' + r.probeKeptUntil : '') + ').';
    $('search-info').replaceChildren(
      el('strong', { text: r.candidates.length + ' candidates' }),
      ' for case ', el('a', { href: '#case/' + encodeURIComponent(r.caseRef), id: 'search-case-link', text: r.caseRef }),
      ' (' + r.purpose + '). ' + r.notice + ' Search id ',
      el('code', { id: 'search-id', text: r.searchId }),
      ' — a second reviewer opens it under ',
      el('a', { href: '#review/' + r.searchId, text: 'Review' }), '.');
    const strong = [];
    const weak = [];
    for (const c of r.candidates) (c.weak ? weak : strong).push(await candidateCard(r, c));
    $('candidates').replaceChildren(...strong, thresholdLine(r, weak.length > 0), ...weak);
    $('search-result').hidden = false;
    show('', false);
  } catch (e) { show(e.message, true); } finally { $('search-submit').disabled = false; }
}

// ---- compare --------------------------------------------------------------------------------

function loadImage(url) {
  return new Promise((resolve, reject) => {
    const img = new Image();
    img.onload = () => resolve(img);
    img.onerror = () => reject(new Error('the image cannot be shown'));
    img.src = url;
  });
}

// The region a face's crop is cut from, as the server cuts it (candor.core.gallery.CropGeometry):
// a square of 1.5 times the box's longer side around its centre, clipped to the image.
function cropRegion(box, width, height) {
  const side = 1.5 * Math.max(box.width, box.height);
  const x0 = Math.floor(box.x + box.width / 2 - side / 2);
  const y0 = Math.floor(box.y + box.height / 2 - side / 2);
  const x = Math.max(0, x0);
  const y = Math.max(0, y0);
  return { x, y, width: Math.min(width, x0 + Math.ceil(side)) - x, height: Math.min(height, y0 + Math.ceil(side)) - y };
}

// Draws a face (a region of an image) on a canvas, with its landmarks (fractions of the region,
// x0, y0, ..., x4, y4) as dots.
function drawFace(canvas, img, region, points, label) {
  const r = region || { x: 0, y: 0, width: img.naturalWidth, height: img.naturalHeight };
  const scale = 240 / Math.max(r.width, r.height);
  canvas.width = Math.round(r.width * scale);
  canvas.height = Math.round(r.height * scale);
  const g = canvas.getContext('2d');
  g.drawImage(img, r.x, r.y, r.width, r.height, 0, 0, canvas.width, canvas.height);
  for (let i = 0; points && i + 1 < points.length; i += 2) {
    g.beginPath();
    g.arc(points[i] * canvas.width, points[i + 1] * canvas.height, 3.5, 0, 2 * Math.PI);
    g.fillStyle = '#2ecc71';
    g.fill();
    g.lineWidth = 1;
    g.strokeStyle = '#0b3d1c';
    g.stroke();
  }
  canvas.hidden = false;
  canvas.setAttribute('aria-label', label + (points && points.length ? ', with its five landmarks marked' : ''));
}

async function probeUrl(searchId) {
  if (!state.probeUrls[searchId]) {
    const url = URL.createObjectURL(await api('GET', '/v1/searches/' + encodeURIComponent(searchId) + '/probe'));
    state.blobs.push(url);
    state.probeUrls[searchId] = url;
  }
  return state.probeUrls[searchId];
}

function factRow(name, value) {
  return el('tr', {}, el('th', { scope: 'row', text: name }), el('td', {}, value));
}

async function openCompare(searchId, faceId) {
  $('compare-facts').tBodies[0].replaceChildren();
  $('compare-decide').replaceChildren();
  $('compare-probe').hidden = true;
  $('compare-candidate').hidden = true;
  $('compare-probe-info').textContent = 'probe: loading…';
  $('compare-candidate-info').textContent = 'candidate: loading…';
  try {
    const sheet = await api('GET', '/v1/searches/' + encodeURIComponent(searchId) + '/reviews');
    const c = sheet.candidates.find(x => x.faceId === faceId);
    if (!c) throw new Error('that face is not a candidate of search ' + searchId);
    const local = state.search && state.search.searchId === searchId && state.search.probe.image ? state.search : null;
    $('compare-back').href = local ? '#search' : '#review/' + encodeURIComponent(searchId);
    $('compare-back').textContent = local ? 'Back to the results' : 'Back to the review of this search';
    if (local && local.probeBox) {
      // The investigator's own photo: the searched face cut as the server cut the kept probe,
      // with the landmarks /v1/detect found, and no read of the kept probe.
      const p = local.probe;
      const k = p.image.naturalWidth / p.width;
      const region = cropRegion(local.probeBox, p.width, p.height);
      const face = p.faces.find(f => sameBox(f.box, local.probeBox));
      const points = face && face.landmarks ? face.landmarks.map((v, i) => i % 2 === 0
        ? (v - region.x) / region.width : (v - region.y) / region.height) : null;
      drawFace($('compare-probe'), p.image, { x: region.x * k, y: region.y * k, width: region.width * k, height: region.height * k },
        points, 'the probe: the searched face of your photo');
      $('compare-probe-info').textContent = 'probe (your photo, the searched face)';
    } else if (sheet.probe.available) {
      drawFace($('compare-probe'), await loadImage(await probeUrl(searchId)), null, null, 'the probe: the searched face, as kept');
      $('compare-probe-info').textContent = 'probe (kept sealed for the reviewers until ' + sheet.probe.keptUntil + ')';
    } else {
      $('compare-probe-info').textContent = sheet.probe.deletedAt ? 'The probe face was deleted at ' + sheet.probe.deletedAt
        + ' (' + sheet.probe.deletedReason + ').' : 'No probe face was kept for this search.';
    }
    if (c.hasCrop) {
      const crop = await cropUrl(c.faceId);
      if (crop.url) {
        drawFace($('compare-candidate'), await loadImage(crop.url), null, c.landmarks, 'candidate #' + c.rank);
        $('compare-candidate-info').textContent = 'candidate #' + c.rank;
      } else {
        $('compare-candidate-info').textContent = 'Candidate #' + c.rank + ': crop unavailable: ' + crop.error;
      }
    } else {
      $('compare-candidate-info').textContent = 'Candidate #' + c.rank + ': ' + (c.erased ? 'erased since the search' : 'no crop kept');
    }
    const rows = [
      factRow('Rank', '#' + c.rank + (c.weak ? ' — weak candidate' : '')),
      factRow('Similarity', c.score === null ? 'not recorded' : c.score.toFixed(3)),
      factRow('Estimated false match rate', (c.fmrText || 'not calibrated') + ' (review threshold '
        + sheet.reviewThreshold.toExponential(0) + ')'),
      factRow('Subject', c.subject ? c.subject.displayName + ' (ref ' + c.subject.externalRef + ')'
        : c.erased ? 'erased since the search' : 'unidentified face')];
    if (!c.erased) {
      rows.push(
        factRow('Collection', c.collection),
        factRow('Source', c.source || 'unknown'),
        factRow('Lawful basis', c.basis ? c.basis.kind + ', ' + c.basis.reference + (c.basis.collectionDefault ? ' (collection default)' : '') : 'unknown'),
        factRow('Quality', c.quality ? c.quality.score.toFixed(2) + (c.quality.reasons.length ? ' — ' + c.quality.reasons.join(', ') : ' — no flags') : 'unknown'));
    }
    rows.push(factRow('Decisions', decisions(c, c.blind)));
    $('compare-facts').tBodies[0].replaceChildren(...rows);
    const mine = c.reviews.some(v => v.reviewer === state.session.user);
    if (sheet.readerMayDecide && !c.erased && !mine) {
      $('compare-decide').append(el('h2', { text: 'Your decision' }),
        reviewControls(searchId, c.faceId, c.weak, sheet.weakReasonMin, () => openCompare(searchId, faceId)));
    }
  } catch (e) { show(e.message, true); }
}

// ---- case -------------------------------------------------------------------------------------

function when(t) {
  return t ? t.replace('T', ' ').replace(/\.\d+Z$/, 'Z') : 'unknown';
}

function caseSearch(s) {
  const r = s.search;
  const id = 'case-search-' + r.searchId;
  const probe = s.probe.available ? 'probe face kept sealed until ' + when(s.probe.keptUntil)
    : s.probe.deletedAt ? 'probe face deleted at ' + when(s.probe.deletedAt) + ' (' + s.probe.deletedReason + ')'
    : 'no probe face kept';
  const rows = s.candidates.map(c => el('tr', { class: 'case-candidate' + (c.weak ? ' weak' : ''), 'data-face': c.faceId },
    el('td', { text: '#' + c.rank }),
    el('td', { text: c.subject ? c.subject.displayName + ' (ref ' + c.subject.externalRef + ')' : c.erased ? 'erased since the search' : 'unidentified face' }),
    el('td', { text: c.score === null ? 'not recorded' : c.score.toFixed(3) }),
    el('td', { text: (c.fmrText || 'not calibrated') + (c.weak ? ' (weak)' : '') }),
    el('td', {}, c.blind ? el('span', { class: 'meta', text: 'shown once you decide' }) : stateLine(c.state)),
    el('td', {}, c.blind ? '' : c.reviews.length ? el('ul', { class: 'decision-list' }, c.reviews.map(v => el('li', { class: 'case-decision',
      text: v.reviewer + ' ' + v.verdict + ' at ' + when(v.at) + ': \u201c' + v.note + '\u201d' }))) : 'none yet'),
    el('td', {}, c.erased ? '' : el('a', { href: compareHref(r.searchId, c.faceId), text: 'Compare', 'aria-label': 'Compare candidate #' + c.rank }))));
  return el('section', { class: 'case-search', 'data-search': r.searchId, 'aria-labelledby': id },
    el('h2', { id, text: 'Search at ' + when(r.at) + ' by ' + r.actor }),
    el('p', { class: 'meta', text: 'Search id ' + r.searchId + ' · purpose ' + r.purpose + ' · collections '
      + r.collections.join(', ') + ' · audit entry #' + r.auditSequence + ' · ' + probe }),
    el('p', {}, el('a', { href: '#review/' + r.searchId, text: 'Open its review' })),
    s.candidates.length ? el('table', { class: 'case-candidates' },
      el('thead', {}, el('tr', {}, ['Rank', 'Candidate', 'Similarity', 'Est. false match rate', 'State', 'Decisions', 'Compare']
        .map(h => el('th', { scope: 'col', text: h })))),
      el('tbody', {}, rows)) : el('p', { text: 'No candidates.' }));
}

async function openCase(ref) {
  $('case-view').hidden = true;
  $('case-report-link').hidden = true;
  try {
    const f = await api('GET', '/v1/cases/' + encodeURIComponent(ref));
    state.caseRef = f.caseRef;
    $('case-notice').textContent = f.notice;
    const all = f.searches.flatMap(s => s.candidates);
    $('case-summary').textContent = f.searches.length + ' search(es), ' + all.length + ' candidate(s), '
      + all.filter(c => c.state === 'identified').length + ' identified by two reviewers.';
    $('case-searches').replaceChildren(...f.searches.map(caseSearch));
    $('case-approvals').replaceChildren(f.approvals.length ? el('ul', {}, f.approvals.map(a => el('li', {
      text: 'Approval ' + a.id + ' by ' + a.approvedBy + ' at ' + when(a.created) + ' for ' + a.purpose + ' in '
        + a.collections.join(', ') + (a.investigator ? ', for ' + a.investigator : '') + ', until ' + when(a.expires) + ': \u201c' + a.note + '\u201d' })))
      : el('p', { text: 'None recorded (a search of one collection needs none).' }));
    $('case-entries').tBodies[0].replaceChildren(...f.entries.map(e => el('tr', { class: 'entry', 'data-action': e.action },
      el('td', { text: e.sequence }), el('td', { text: when(e.time) }), el('td', { text: e.actor }),
      el('td', { class: 'action', text: e.action }), el('td', { text: e.object }),
      el('td', { class: 'details', text: JSON.stringify(e.details) }))));
    $('case-view').hidden = false;
  } catch (e) { show(e.message, true); }
}

async function exportCase() {
  $('case-export').disabled = true;
  try {
    const file = await apiFile('/v1/cases/' + encodeURIComponent(state.caseRef) + '/report.pdf');
    offer($('case-report-link'), file);
    show('Report exported as ' + file.name + '; the export is recorded in the audit log.', false);
  } catch (e) { show(e.message, true); } finally { $('case-export').disabled = false; }
}

// ---- review ---------------------------------------------------------------------------------

async function loadQueue() {
  try {
    const entries = await api('GET', '/v1/reviews/queue');
    $('queue-table').tBodies[0].replaceChildren(...entries.map(e => el('tr', { class: 'queue-entry', 'data-search': e.searchId },
      el('td', { text: e.at.replace('T', ' ').replace(/\.\d+Z$/, 'Z') }), el('td', { text: e.caseRef }),
      el('td', { text: e.purpose }), el('td', { text: e.ownSearch ? 'you' : e.actor }),
      el('td', { text: e.collections.join(', ') }), el('td', { text: e.undecided }),
      el('td', {}, el('a', { href: '#review/' + e.searchId, class: 'open-review', text: 'Review' })))));
    $('queue-empty').hidden = entries.length > 0;
  } catch (e) { show(e.message, true); }
}

function decisions(c, blind) {
  if (blind) {
    return el('div', { class: 'decisions' }, el('p', { class: 'blind-note',
      text: 'Blind review: decide from the faces, the score and the estimate. Other reviewers\u2019 decisions on this candidate are shown after you decide.' }));
  }
  return el('div', { class: 'decisions' }, stateLine(c.state),
    c.reviews.length ? el('ul', {}, c.reviews.map(v => el('li', { class: 'review-line',
      text: v.reviewer + ': ' + v.verdict + ' \u2014 \u201c' + v.note + '\u201d' }))) : el('p', { class: 'meta', text: 'no decisions yet' }));
}

async function openReview(id) {
  try {
    const r = await api('GET', '/v1/searches/' + encodeURIComponent(id) + '/reviews');
    const s = r.search;
    $('review-info').replaceChildren('Search by ' + s.actor + ' at ' + s.at + ' for case ',
      el('a', { href: '#case/' + encodeURIComponent(s.caseRef), text: s.caseRef }),
      ' (' + s.purpose + ') in ' + s.collections.join(', ') + '.');
    $('review-rules').textContent = 'Candidates whose estimated false match rate is above ' + r.reviewThreshold.toExponential(0)
      + ', or not calibrated, are weak (greyed): confirming one needs a reason of at least ' + r.weakReasonMin + ' characters.';
    let probe = null;
    if (r.probe.available) {
      try { probe = await probeUrl(id); } catch (e) { show('Cannot read the probe face: ' + e.message, true); }
    }
    $('review-probe').hidden = !probe;
    if (probe) $('review-probe').src = probe;
    $('review-probe-info').textContent = probe
      ? 'Probe: the searched face, kept sealed until every candidate is decided (at most until ' + r.probe.keptUntil + ').'
      : r.probe.deletedAt ? 'The probe face was deleted at ' + r.probe.deletedAt + ' (' + r.probe.deletedReason + ').'
      : 'No probe face was kept for this search.';
    const me = state.session.user;
    const cards = [];
    for (const c of r.candidates) {
      const crop = c.hasCrop ? await cropUrl(c.faceId) : { error: c.erased ? 'erased' : 'no crop kept' };
      const fig = (url, caption, alt, why) => el('figure', {},
        url ? el('img', { src: url, alt }) : el('div', { class: 'meta crop-missing', text: 'No image: ' + why }), el('figcaption', { text: caption }));
      const who = c.subject ? c.subject.displayName + ' (ref ' + c.subject.externalRef + ')' : c.erased ? 'erased since the search' : 'unidentified face';
      const figures = (c.score === null ? 'similarity not recorded' : 'similarity ' + c.score.toFixed(3))
        + ' \u00b7 est. false match rate ' + (c.fmrText || 'not calibrated');
      const box = el('div', {}, decisions(c, c.blind));
      const card = el('div', { class: 'card candidate' + (c.weak ? ' weak' : ''), 'data-face': c.faceId },
        el('div', { class: 'pair' }, fig(probe, 'probe', 'probe face', 'probe not kept'),
          fig(crop.url, 'candidate #' + c.rank, 'candidate #' + c.rank + ' face', crop.error)),
        el('div', { class: 'figures', text: figures }),
        ...(c.weak ? [weakLabel(c, r.reviewThreshold)] : []),
        el('div', { class: 'name', text: who }),
        ...(c.erased ? [] : [
          el('div', { class: 'meta', text: 'collection ' + c.collection + ' \u00b7 source ' + (c.source || 'unknown') }),
          el('div', { class: 'meta', text: 'lawful basis: ' + (c.basis ? c.basis.kind + ', ' + c.basis.reference
            + (c.basis.collectionDefault ? ' (collection default)' : '') : 'unknown') }),
          el('div', { class: 'meta', text: 'quality ' + (c.quality ? c.quality.score.toFixed(2)
            + (c.quality.reasons.length ? ' (' + c.quality.reasons.join(', ') + ')' : ' (no flags)') : 'unknown') })]),
        el('a', { class: 'compare-link', href: compareHref(id, c.faceId), text: 'Compare side by side' }),
        box);
      const mine = c.reviews.some(v => v.reviewer === me);
      if (r.readerMayDecide && !c.erased && !mine) {
        const controls = reviewControls(s.searchId, c.faceId, c.weak, r.weakReasonMin, st => {
          box.replaceChildren(decisions(st, false));
          controls.remove();
        });
        card.append(controls);
      }
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
    el('td', { text: s.faces }), el('td', { class: 'hash', text: s.id }),
    el('td', {}, may('erase') ? el('a', { class: 'erase-link', href: '#erase/' + s.id, text: 'Erase…',
      'aria-label': 'Erase ' + s.displayName + ' (' + s.externalRef + ')' }) : ''))));
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

// ---- erasure ----------------------------------------------------------------------------------

const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

function prepareErase(id) {
  state.erase = null;
  $('erase-confirm').hidden = true;
  $('erase-receipt').hidden = true;
  $('erase-token').value = '';
  $('erase-do').disabled = true;
  if (id) { $('erase-id').value = id; reviewErase(null); }
}

// The confirmation step: what will go, and the subject's reference (or id, for a role that
// cannot read subjects) typed again before the button erases.
async function reviewErase(event) {
  if (event) event.preventDefault();
  const id = $('erase-id').value.trim();
  if (!UUID.test(id)) { show('A subject id is a UUID (8-4-4-4-12 hex digits), got \u201c' + id + '\u201d.', true); return; }
  let what = 'Subject ' + id + ' will be erased permanently: its record, every face template, crop and kept original, and their index entries.';
  let token = id;
  let tokenName = 'id';
  if (may('subject_read')) {
    try {
      const s = await api('GET', '/v1/subjects/' + id);
      what = s.displayName + ' (ref ' + s.externalRef + ', collection ' + s.collection + ', ' + s.faces
        + ' face(s), basis ' + s.basis.kind + ': ' + s.basis.reference + ') will be erased permanently: the record, every face template, crop and kept original, and their index entries.';
      token = s.externalRef;
      tokenName = 'reference (' + s.externalRef + ')';
    } catch (e) { show(e.message, true); return; }
  } else {
    what += ' Your role cannot read subjects, so the name is not shown: check the id against your request.';
  }
  state.erase = { id, token };
  $('erase-what').textContent = what;
  $('erase-token-name').textContent = tokenName;
  $('erase-token').value = '';
  $('erase-do').disabled = true;
  $('erase-receipt').hidden = true;
  $('erase-confirm').hidden = false;
  $('erase-token').focus();
}

async function doErase() {
  if (!state.erase || $('erase-token').value.trim() !== state.erase.token) return;
  $('erase-do').disabled = true;
  try {
    const r = await api('DELETE', '/v1/subjects/' + state.erase.id);
    $('erase-receipt-rows').replaceChildren(factRow('Erased', r.what), factRow('At', when(r.at)),
      factRow('Subjects erased', String(r.subjectsErased)), factRow('Faces erased', String(r.facesErased)),
      factRow('Photos erased', String(r.mediaErased)), factRow('Files deleted', String(r.filesDeleted)),
      factRow('Audit entry', '#' + r.auditSequence));
    $('erase-confirm').hidden = true;
    $('erase-receipt').hidden = false;
    $('erase-receipt-title').focus();
    state.erase = null;
    show('Erased. Keep the receipt: the audit entry records the erasure, never the face data.', false);
  } catch (e) { show(e.message, true); $('erase-do').disabled = false; }
}

// ---- audit ------------------------------------------------------------------------------------

const AUDIT_PAGE = 50;

function entryRow(e) {
  return el('tr', { class: 'entry', 'data-action': e.action, 'data-sequence': String(e.sequence) },
    el('td', { text: e.sequence }), el('td', { text: e.time.replace('T', ' ').replace(/\.\d+Z$/, 'Z') }),
    el('td', { text: e.actor }), el('td', { class: 'action', text: e.action }), el('td', { text: e.object }),
    el('td', { class: 'details', text: JSON.stringify(e.details) }), el('td', { class: 'hash', text: e.hash.slice(0, 12) + '…' }));
}

// The filter the form states, as the query string GET /v1/audit and its export take.
function auditQuery() {
  const q = new URLSearchParams();
  [['actor', 'audit-actor'], ['case', 'audit-case'], ['action', 'audit-action'], ['collection', 'audit-collection'],
    ['from', 'audit-from'], ['to', 'audit-to']].forEach(([name, id]) => {
    const v = $(id).value.trim();
    if (v) q.set(name, v);
  });
  return q.toString();
}

async function loadAudit(after) {
  if (state.auditQuery) { await loadAuditFiltered(false); return; }
  $('audit-more-row').hidden = true;
  $('audit-prev').hidden = false;
  $('audit-next').hidden = false;
  try {
    if (after === null) {
      const head = (await api('GET', '/v1/audit?limit=1')).headSequence;
      after = Math.max(0, head - AUDIT_PAGE);
    }
    const page = await api('GET', '/v1/audit?after=' + after + '&limit=' + AUDIT_PAGE);
    state.auditAfter = after;
    state.auditHead = page.headSequence;
    $('audit-table').tBodies[0].replaceChildren(...page.entries.slice().reverse().map(entryRow));
    const first = page.entries.length ? page.entries[0].sequence : 0;
    const last = page.entries.length ? page.entries[page.entries.length - 1].sequence : 0;
    $('audit-range').textContent = 'entries ' + first + '–' + last + ' of ' + page.headSequence + ', newest first';
    $('audit-prev').disabled = last >= page.headSequence;
    $('audit-next').disabled = first <= 1;
  } catch (e) { show(e.message, true); }
}

// A filtered read pages forward, oldest first: the server scans on until a page is full.
async function loadAuditFiltered(more) {
  $('audit-prev').hidden = true;
  $('audit-next').hidden = true;
  try {
    const page = await api('GET', '/v1/audit?after=' + (more ? state.auditNext : 0) + '&limit=' + AUDIT_PAGE + '&' + state.auditQuery);
    const body = $('audit-table').tBodies[0];
    if (more) body.append(...page.entries.map(entryRow)); else body.replaceChildren(...page.entries.map(entryRow));
    state.auditNext = page.next;
    $('audit-more-row').hidden = page.next === null;
    $('audit-range').textContent = body.rows.length + ' matching entr' + (body.rows.length === 1 ? 'y' : 'ies')
      + (page.next === null ? '' : ' so far') + ', oldest first (the log holds ' + page.headSequence + ')';
  } catch (e) { show(e.message, true); }
}

async function exportAudit(format) {
  try {
    const file = await apiFile('/v1/audit/export?format=' + format + (state.auditQuery ? '&' + state.auditQuery : ''));
    offer($('audit-export-link'), file);
    show('Exported ' + file.name + (state.auditQuery ? ' (filtered)' : '') + '; the export is recorded in the audit log.', false);
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
    renderCharts(t.months);
    $('transparency-table').tBodies[0].replaceChildren(...t.months.map(m => el('tr', {},
      el('td', { text: m.month }),
      el('td', { text: Object.entries(m.searchesByPurpose).map(([p, n]) => p + ': ' + n).join(', ') || '0' }),
      el('td', { text: m.searchesDenied }), el('td', { text: m.confirmations + ' / ' + m.rejections }),
      el('td', { text: m.identificationsConfirmed }), el('td', { text: m.subjectErasures }),
      el('td', { text: m.mediaErasures }), el('td', { text: m.facesErased }))));
    $('demographics').replaceChildren(...(t.demographics.length ? t.demographics.map(demographicTable)
      : [el('p', { text: 'No demographic measurement recorded.' })]));
    const r = await api('GET', '/v1/retention-schedule');
    $('retention').replaceChildren(
      el('p', { text: 'Expired data is erased ' + r.sweep + '.' }),
      el('ul', {}, r.collections.map(c => el('li', { text: c.collection + ': ' + c.purpose + '; kept '
        + c.retentionInWords + ' (' + c.lawfulBasis + ': ' + c.basisReference + ')' }))),
      el('ul', {}, r.rules.map(x => el('li', { text: x }))));
  } catch (e) { show(e.message, true); }
}

const SVG = 'http://www.w3.org/2000/svg';
const PALETTE = ['#2455c3', '#17803d', '#a15c00', '#7b3fa0', '#b3261e', '#00727d', '#5b6475'];

function svg(tag, attrs, ...children) {
  const e = document.createElementNS(SVG, tag);
  Object.entries(attrs || {}).forEach(([k, v]) => e.setAttribute(k, v));
  children.flat().forEach(c => e.append(c instanceof Node ? c : document.createTextNode(String(c))));
  return e;
}

// A bar chart of monthly counts in inline SVG (presentation attributes only: the page's CSP
// forbids inline styles): one group per month, one bar per series, or the series stacked.
function barChart(id, title, months, series, stacked) {
  const w = 560; const h = 220; const left = 40; const bottom = 40; const top = 10;
  const totals = months.map((m, i) => stacked ? series.reduce((n, s) => n + s.values[i], 0) : Math.max(0, ...series.map(s => s.values[i])));
  const max = Math.max(1, ...totals);
  const step = Math.pow(10, Math.floor(Math.log10(max)));
  let scaleTop = Math.ceil(max / step) * step;
  if (scaleTop % 2) scaleTop += step; // an even top gives a whole middle tick
  const y = v => h - bottom - (h - bottom - top) * v / scaleTop;
  const slot = (w - left - 10) / Math.max(1, months.length);
  const barW = Math.max(4, Math.min(40, (slot - 8) / (stacked ? 1 : series.length)));
  const parts = [svg('title', { id: id + '-title' }, title),
    svg('desc', { id: id + '-desc' }, months.map((m, i) => m + ': ' + series.map(s => s.name + ' ' + s.values[i]).join(', ')).join('; ') || 'no months yet')];
  [0, scaleTop / 2, scaleTop].forEach(v => parts.push(
    svg('line', { x1: left, x2: w - 5, y1: y(v), y2: y(v), stroke: '#d8dce4' }),
    svg('text', { x: left - 6, y: y(v) + 4, 'text-anchor': 'end', 'font-size': 11, fill: '#1d2330' }, Math.round(v))));
  months.forEach((m, i) => {
    const x0 = left + i * slot + (slot - barW * (stacked ? 1 : series.length)) / 2;
    let base = 0;
    series.forEach((s, j) => {
      const v = s.values[i];
      if (v > 0) {
        const x = stacked ? x0 : x0 + j * barW;
        const y1 = stacked ? y(base + v) : y(v);
        const y0 = stacked ? y(base) : y(0);
        parts.push(svg('rect', { x, y: y1, width: barW - 1, height: Math.max(1, y0 - y1), fill: s.color, class: 'bar',
          'data-series': s.name, 'data-month': m }, svg('title', {}, s.name + ', ' + m + ': ' + v)));
      }
      base += v;
    });
    parts.push(svg('text', { x: left + i * slot + slot / 2, y: h - bottom + 16, 'text-anchor': 'middle', 'font-size': 11, fill: '#1d2330' }, m));
  });
  let lx = left;
  series.forEach(s => {
    parts.push(svg('rect', { x: lx, y: h - 14, width: 10, height: 10, fill: s.color }),
      svg('text', { x: lx + 14, y: h - 5, 'font-size': 11, fill: '#1d2330' }, s.name));
    lx += 24 + 7 * s.name.length;
  });
  return el('figure', { class: 'chart', id }, svg('svg', { viewBox: '0 0 ' + w + ' ' + h, width: w, height: h, role: 'img',
    'aria-labelledby': id + '-title ' + id + '-desc' }, parts), el('figcaption', { text: title }));
}

function renderCharts(months) {
  const ordered = months.slice().sort((a, b) => a.month.localeCompare(b.month));
  const names = ordered.map(m => m.month);
  const purposes = [...new Set(ordered.flatMap(m => Object.keys(m.searchesByPurpose)))].sort();
  $('charts').replaceChildren(
    barChart('chart-purposes', 'Searches by purpose per month', names,
      purposes.map((p, i) => ({ name: p, color: PALETTE[i % PALETTE.length], values: ordered.map(m => m.searchesByPurpose[p] || 0) })), true),
    barChart('chart-reviews', 'Confirmations and rejections per month', names, [
      { name: 'confirmations', color: '#17803d', values: ordered.map(m => m.confirmations) },
      { name: 'rejections', color: '#b3261e', values: ordered.map(m => m.rejections) }], false),
    barChart('chart-erasures', 'Erasures per month', names, [
      { name: 'subjects', color: '#2455c3', values: ordered.map(m => m.subjectErasures) },
      { name: 'photos', color: '#a15c00', values: ordered.map(m => m.mediaErasures) },
      { name: 'faces', color: '#5b6475', values: ordered.map(m => m.facesErased) }], false));
}

// One pack's recorded measurement: per group, FMR and FNMR at the deployment's threshold.
function demographicTable(d) {
  const dep = d.thresholds.findIndex(t => t.name === 'deployment');
  const rate = m => m.rate === null ? 'no pairs' : m.rate.toExponential(1) + ' [' + m.lower.toExponential(1)
    + ', ' + m.upper.toExponential(1) + '] (' + m.count + ' of ' + m.of + ')';
  const policy = d.policy.threshold === null ? 'no group has enough impostor pairs for a worst-group threshold'
    : 'worst-group threshold for FMR ' + d.policy.fmrTarget + ': ' + d.policy.threshold.toFixed(3) + ' (set by '
      + d.policy.bindingGroup + ')';
  return el('div', { class: 'demographics' },
    el('h3', { text: 'Pack ' + d.modelPack + ': measured ' + d.measuredAt + ' on ' + d.dataset }),
    el('p', { class: 'hint', text: d.identities + ' identities, ' + d.images + ' images; labels ' + d.groupsFile
      + ' (' + d.labelSource + '); deployment threshold ' + d.thresholds[dep].score.toFixed(3) + '; ' + policy }),
    el('table', {},
      el('thead', {}, el('tr', {}, ['Group', 'Identities', 'FMR at deployment', 'FNMR at deployment']
        .map(h => el('th', { text: h })))),
      el('tbody', {}, d.groups.map(g => el('tr', {}, el('td', { text: g.group }), el('td', { text: g.identities }),
        el('td', { text: rate(g.at[dep].fmr) }), el('td', { text: rate(g.at[dep].fnmr) }))))));
}

// ---- API docs page ------------------------------------------------------------------------------

async function renderDocs() {
  const main = $('docs');
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
      if (!location.hash || location.hash === '#signin') location.hash = '#' + home(); else route();
    } catch (err) { show('Sign-in failed: ' + err.message, true); }
  });
  $('signout').addEventListener('click', () => signOut('Signed out.'));
  $('search-form').addEventListener('submit', runSearch);
  $('search-photo').addEventListener('change', () => chooseProbe($('search-photo').files[0]));
  const zone = $('probe-drop');
  ['dragenter', 'dragover'].forEach(type => zone.addEventListener(type, e => { e.preventDefault(); zone.classList.add('over'); }));
  ['dragleave', 'drop'].forEach(type => zone.addEventListener(type, () => zone.classList.remove('over')));
  zone.addEventListener('drop', e => {
    e.preventDefault();
    const file = e.dataTransfer && e.dataTransfer.files[0];
    if (!file) { show('Nothing to search was dropped: drop a photo file.', true); return; }
    $('search-photo').files = e.dataTransfer.files; // the field names the photo dropped
    chooseProbe(file);
  });
  // A photo pasted anywhere on the search page becomes the probe (a screenshot, a copied image).
  document.addEventListener('paste', e => {
    if ($('page-search').hidden || !e.clipboardData) return;
    const item = [...e.clipboardData.items].find(i => i.kind === 'file' && i.type.startsWith('image/'));
    if (!item) return;
    e.preventDefault();
    const blob = item.getAsFile();
    const file = new File([blob], blob.name || 'pasted.' + (blob.type.split('/')[1] || 'png'), { type: blob.type });
    const list = new DataTransfer();
    list.items.add(file);
    $('search-photo').files = list.files; // the field names the photo pasted
    chooseProbe(file);
  });
  $('probe-canvas').addEventListener('click', pickAt);
  $('case-form').addEventListener('submit', e => {
    e.preventDefault();
    const hash = '#case/' + encodeURIComponent($('case-ref').value.trim());
    if (location.hash === hash) openCase($('case-ref').value.trim()); else location.hash = hash;
  });
  $('case-export').addEventListener('click', exportCase);
  $('erase-form').addEventListener('submit', reviewErase);
  $('erase-token').addEventListener('input', () => { $('erase-do').disabled = !state.erase || $('erase-token').value.trim() !== state.erase.token; });
  $('erase-do').addEventListener('click', doErase);
  $('erase-cancel').addEventListener('click', () => prepareErase(''));
  $('audit-filter').addEventListener('submit', e => { e.preventDefault(); state.auditQuery = auditQuery(); loadAudit(null); });
  $('audit-clear').addEventListener('click', () => { $('audit-filter').reset(); state.auditQuery = ''; loadAudit(null); });
  $('audit-more').addEventListener('click', () => loadAuditFiltered(true));
  $('audit-export-csv').addEventListener('click', () => exportAudit('csv'));
  $('audit-export-json').addEventListener('click', () => exportAudit('json'));
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

pages.requests = 'request_handle';
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
