// api.js: the JSON API (docs/API.md) from the browser. Sends the CSRF token
// on every write, turns error bodies into ApiError, and announces a session
// that ended (401) so the app can return to the sign-in view.

let csrf = '';
let lastActivity = Date.now();

export function setCsrf(token) { csrf = token || ''; }
export function lastApiActivity() { return lastActivity; }

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

function headers(json) {
  const h = {};
  if (json) h['Content-Type'] = 'application/json';
  if (csrf) h['X-CSRF-Token'] = csrf;
  return h;
}

async function errorFrom(r) {
  let code = 'http_' + r.status, message = 'HTTP ' + r.status;
  try {
    const j = await r.json();
    if (j.error) { code = j.error.code || code; message = j.error.message || message; }
  } catch (e) { /* not JSON */ }
  return new ApiError(r.status, code, message);
}

function signal(status, path) {
  if (status === 401 && !path.startsWith('/api/v1/auth/login') && !path.startsWith('/api/v1/setup') &&
      !path.startsWith('/api/v1/invitations/accept')) {
    window.dispatchEvent(new CustomEvent('bb:unauthenticated'));
  }
}

async function send(method, path, body) {
  let r;
  try {
    r = await fetch(path, {
      method, credentials: 'same-origin', headers: headers(body !== undefined),
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    throw new ApiError(0, 'network', e.message);
  }
  if (!r.ok) {
    signal(r.status, path);
    throw await errorFrom(r);
  }
  lastActivity = Date.now();
  return r;
}

export async function api(method, path, body) {
  const r = await send(method, path, body);
  if (r.status === 204) return {};
  return r.json();
}
export const get = (path) => api('GET', path);
export const post = (path, body = {}) => api('POST', path, body);
export const patch = (path, body) => api('PATCH', path, body);
export const del = (path) => api('DELETE', path);

// A response's bytes as a Blob of the given type (evidence previews).
export async function fetchBlob(path, type) {
  const r = await send('GET', path);
  return new Blob([await r.arrayBuffer()], { type });
}

// Saves a response as a file (complaint packs, exports, case studies).
export async function download(method, path, body, filename) {
  const r = await send(method, path, body);
  saveBlob(await r.blob(), filename);
}

export function saveBlob(blob, filename) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
}

// Uploads a file as the request body (evidence, exports), reporting progress
// 0..1 to `onProgress`. XMLHttpRequest, because fetch cannot report upload
// progress.
export function upload(path, file, onProgress) {
  return new Promise((resolve, reject) => {
    const x = new XMLHttpRequest();
    x.open('POST', path);
    x.withCredentials = true;
    x.setRequestHeader('Content-Type', file.type || 'application/octet-stream');
    if (csrf) x.setRequestHeader('X-CSRF-Token', csrf);
    x.upload.onprogress = (e) => { if (e.lengthComputable && onProgress) onProgress(e.loaded / e.total); };
    x.upload.onload = () => { if (onProgress) onProgress(1); };
    x.onerror = () => reject(new ApiError(0, 'network', 'network error'));
    x.onload = () => {
      let j = null;
      try { j = JSON.parse(x.responseText); } catch (e) { /* not JSON */ }
      if (x.status >= 200 && x.status < 300) {
        lastActivity = Date.now();
        resolve(j || {});
        return;
      }
      signal(x.status, path);
      const err = j && j.error ? j.error : {};
      reject(new ApiError(x.status, err.code || 'http_' + x.status, err.message || 'HTTP ' + x.status));
    };
    x.send(file);
  });
}
