export const id = 634;
export const ids = [634];
export const modules = {

/***/ 7634:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  afterPublishFailure: () => (/* binding */ afterPublishFailure),
  signRelease: () => (/* binding */ signRelease)
});

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(7075);
// EXTERNAL MODULE: ./src/util/format.ts
var format = __webpack_require__(2693);
// EXTERNAL MODULE: ./src/util/retry.ts
var retry = __webpack_require__(4266);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
;// CONCATENATED MODULE: ./src/util/digest.ts
/** Streaming SHA-256: assets may be 2 GiB, so bytes pass through and are never kept. */


/** A file is read 4 MiB at a time into two buffers, the next read running while one is hashed. */
const FILE_CHUNK = 4 * 1024 * 1024;
async function digestStream(stream, onBytes) {
    const hash = (0,external_node_crypto_.createHash)('sha256');
    let size = 0;
    for await (const chunk of stream) {
        const bytes = chunk;
        hash.update(bytes);
        size += bytes.length;
        onBytes?.(bytes.length);
    }
    return { sha256: hash.digest('hex'), size };
}
/**
 * A file read into two reused buffers: no garbage per read, so memory stays flat at any size, and
 * the disk read of one block overlaps the hashing of the one before (a third faster than taking
 * turns, measured on 1 GiB in page cache).
 */
async function digestFile(path, onBytes) {
    const file = await (0,promises_.open)(path, 'r');
    const read = (buffer) => file.read(buffer, 0, FILE_CHUNK, null);
    let spare = Buffer.allocUnsafe(FILE_CHUNK);
    let pending = read(Buffer.allocUnsafe(FILE_CHUNK));
    try {
        const hash = (0,external_node_crypto_.createHash)('sha256');
        let size = 0;
        for (;;) {
            const { bytesRead, buffer } = await pending;
            if (bytesRead === 0)
                break;
            pending = read(spare);
            spare = buffer;
            hash.update(buffer.subarray(0, bytesRead));
            size += bytesRead;
            onBytes?.(bytesRead);
        }
        return { sha256: hash.digest('hex'), size };
    }
    finally {
        // A read still running (after an error) must end before its file does.
        await pending.catch(() => undefined);
        await file.close();
    }
}
function digestBuffer(bytes) {
    return { sha256: (0,external_node_crypto_.createHash)('sha256').update(bytes).digest('hex'), size: bytes.length };
}

// EXTERNAL MODULE: ./src/util/timeout.ts
var util_timeout = __webpack_require__(4991);
;// CONCATENATED MODULE: ./src/github/errors.ts
/**
 * What GitHub's failures mean to the user, in one place. Every call (./repo-api.ts) passes its errors
 * through `githubError`: a rejected token, a missing permission, an immutable release, and GitHub
 * being unavailable (server errors, rate limits, timeouts, dropped connections that the retry plugin
 * gave up on) become UserErrors naming the request and the fix. Anything else
 * (404, 409, other 422s) is returned unchanged: the caller knows what it means there.
 */


const RERUN = 're-run the job: GitHub was failing or slow; nothing that was uploaded is lost';
function githubError(error, context) {
    if (error instanceof errors/* UserError */.yo)
        return error;
    const code = errors_status(error);
    const request = requestOf(error) ?? context.request ?? 'a request';
    const said = serverMessage(error);
    if (error?.name === 'TimeoutError') {
        return new errors/* UserError */.yo('GITHUB_UNAVAILABLE', `GitHub did not answer ${request} in time, after retries (${(0,errors/* messageOf */.bD)(error)})`, RERUN, { cause: error });
    }
    if (code === undefined)
        return error;
    if (code === 500 && !hasResponse(error)) {
        return new errors/* UserError */.yo('GITHUB_UNAVAILABLE', `The connection to GitHub failed on ${request}, after retries (${(0,format/* quote */.hD)((0,format/* firstLine */.TM)((0,errors/* messageOf */.bD)(error)))})`, RERUN, { cause: error });
    }
    if (code === 401) {
        return new errors/* UserError */.yo('GITHUB_AUTH', `GitHub rejected the token on ${request} (HTTP 401 ${(0,format/* quote */.hD)(said)})`, "pass a valid token in the 'github-token' input (the default ${{ github.token }} works); this one is wrong, expired or revoked", { cause: error });
    }
    if (code === 429 || (code === 403 && /rate limit/i.test(said))) {
        const kind = /secondary/i.test(said) ? 'secondary rate limit' : 'rate limit';
        return new errors/* UserError */.yo('GITHUB_UNAVAILABLE', `GitHub's ${kind} held back ${request} after retries (HTTP ${code})`, 're-run the job later: GitHub limits how many requests a token may make', { cause: error });
    }
    if (code === 403) {
        const permission = context.permission ?? 'contents: write';
        return new errors/* UserError */.yo('PERMISSION', `GitHub refused ${request} in ${context.slug} (HTTP 403): the token lacks '${permission}'`, `grant it in the job:\n  permissions:\n    ${permission}\n    id-token: write`, { cause: error });
    }
    if (code === 422 && /immutable/i.test(said)) {
        return new errors/* UserError */.yo('RELEASE', 'GitHub refused the upload: the release is immutable', "sign while the release is a draft, and let this action publish it with 'publish: true'", { cause: error });
    }
    if (code >= 500) {
        return new errors/* UserError */.yo('GITHUB_UNAVAILABLE', `GitHub answered HTTP ${code} to ${request}, after retries (${(0,format/* quote */.hD)(said)})`, RERUN, { cause: error });
    }
    return error;
}
/** Whether an error means GitHub was unavailable (worth another try), not that it refused. */
function isUnavailable(error) {
    return error instanceof errors/* UserError */.yo && error.code === 'GITHUB_UNAVAILABLE';
}
/**
 * Whether GitHub said "rate limit": the retry plugin (./retries.ts) has already waited as long as GitHub
 * asked (and then gave up), so trying again at once would not help.
 */
function isRateLimited(error) {
    const code = errors_status(error);
    const cause = error instanceof errors/* UserError */.yo ? error.cause : error;
    return (code === 403 || code === 429) && /rate limit/i.test(serverMessage(cause));
}
/** Whether GitHub answered 404: the thing asked for does not exist, or the token may not see it. */
function isNotFound(error) {
    return errors_status(error) === 404;
}
/** The HTTP status GitHub answered, also through a UserError made from it. */
function errors_status(error) {
    return (0,errors/* statusOf */.c2)(error) ?? (error instanceof errors/* UserError */.yo ? (0,errors/* statusOf */.c2)(error.cause) : undefined);
}
/** `METHOD /path` of an Octokit error, without query or host (and so never a credential). */
function requestOf(error) {
    const request = error?.request;
    if (typeof request?.method !== 'string' || typeof request.url !== 'string')
        return undefined;
    try {
        return `${request.method} ${new URL(request.url).pathname}`;
    }
    catch {
        return request.method;
    }
}
function hasResponse(error) {
    return error?.response !== undefined;
}
function serverMessage(error) {
    const data = error?.response?.data;
    const message = data?.message;
    return typeof message === 'string' ? message : (0,format/* firstLine */.TM)((0,errors/* messageOf */.bD)(error));
}

// EXTERNAL MODULE: external "node:http"
var external_node_http_ = __webpack_require__(7067);
// EXTERNAL MODULE: external "node:https"
var external_node_https_ = __webpack_require__(4708);
;// CONCATENATED MODULE: ./src/github/storage.ts
/**
 * GitHub's signed release storage: the host an asset download is redirected to. It is read with
 * node:http's large buffers rather than fetch's web streams (roughly half the cost of hashing a
 * large asset), without credentials (they must not leave GitHub's API host), and with a socket idle
 * timeout, so a download that stalls before its headers or in the middle of its body fails rather
 * than hangs.
 */



/** A download from storage that failed: an answer other than 200, a stall, or a lost connection. */
class StorageError extends Error {
    constructor(message, options) {
        super(message, options);
        this.name = 'StorageError';
    }
}
const STORAGE = 'GitHub release storage';
/** Opens a signed storage URL; the stream errors with a StorageError if it stalls mid-body. */
function openStorageUrl(url, idleMs = (0,util_timeout/* httpTimeoutMs */.C)(), redirects = 3) {
    const get = url.startsWith('https:') ? external_node_https_.get : external_node_http_.get;
    return new Promise((resolve, reject) => {
        let response;
        const request = get(url, { highWaterMark: 1024 * 1024, timeout: idleMs });
        request.on('response', (res) => {
            response = res;
            const code = res.statusCode ?? 0;
            const next = res.headers.location;
            if (code >= 300 && code < 400 && next && redirects > 0) {
                res.resume();
                resolve(openStorageUrl(new URL(next, url).toString(), idleMs, redirects - 1));
            }
            else if (code !== 200) {
                res.resume();
                reject(new StorageError(`${STORAGE} answered HTTP ${code}`));
            }
            else {
                resolve(res);
            }
        });
        request.on('timeout', () => {
            const error = new StorageError(`${STORAGE} sent nothing for ${(idleMs / 1000).toFixed(1)}s`);
            response?.destroy(error);
            request.destroy(error);
        });
        request.on('error', (error) => reject(error instanceof StorageError
            ? error
            : new StorageError(`the connection to ${STORAGE} failed (${error.message})`, {
                cause: error
            })));
    });
}

// EXTERNAL MODULE: ./src/util/proxy.ts
var proxy = __webpack_require__(796);
// EXTERNAL MODULE: external "node:net"
var external_node_net_ = __webpack_require__(7030);
// EXTERNAL MODULE: external "node:tls"
var external_node_tls_ = __webpack_require__(1692);
;// CONCATENATED MODULE: ./src/github/storage-connections.ts
/**
 * Connections to GitHub's release storage, kept open from one download to the next (HTTP
 * keep-alive): a release of many assets pays a TCP and TLS handshake per download running at once
 * rather than per asset. Each connection reads into a 1 MiB buffer of its own (the socket's
 * `onread`; Node's own reads allocate a buffer each), kept for the next connection once it closes.
 * Idle connections never keep the process alive, and close after a few seconds.
 */



const BUFFER = 1024 * 1024;
/** Idle connections kept per origin, and spare read buffers: as many as downloads run at once. */
const IDLE_LIMIT = 16;
/** How long an idle connection is kept: storage servers close theirs after a few seconds too. */
const IDLE_MS = 4_000;
/**
 * Read buffers of closed connections: a new zero-filled megabyte for each asset was most of the
 * cost of hashing many small ones (200 assets of 1 KiB: about 0.1 s of a 0.55 s hash).
 */
const spareBuffers = [];
const idle = new Map();
/** A connection carrying `exchange`: an idle one to the same origin when there is one. */
function connectionFor(origin, exchange, idleMs, { fresh = false } = {}) {
    const key = keyOf(origin);
    const kept = fresh ? undefined : idle.get(key);
    for (let connection = kept?.pop(); connection; connection = kept?.pop()) {
        if (connection.usable())
            return connection.carry(exchange, idleMs);
        connection.destroy();
    }
    return new StorageConnection(origin, key).carry(exchange, idleMs);
}
class StorageConnection {
    key;
    socket;
    exchange;
    connected = false;
    unsent;
    /** Exchanges carried so far, this one included. */
    carried = 0;
    constructor(origin, key) {
        this.key = key;
        // Only the bytes each read writes are looked at: a reused buffer's older bytes never are.
        const buffer = spareBuffers.pop() ?? Buffer.allocUnsafe(BUFFER);
        const callback = (n, into) => {
            if (this.exchange)
                return this.exchange.onread(into.subarray(0, n));
            // An idle connection has nothing to read: a server that talks out of turn is not reused.
            this.socket.destroy();
            return false;
        };
        const options = { host: origin.host, port: origin.port, onread: { buffer, callback } };
        this.socket = origin.secure
            ? (0,external_node_tls_.connect)({
                ...options,
                servername: isIp(origin.host) ? undefined : origin.host,
                ALPNProtocols: ['http/1.1'],
                ...(origin.ca ? { ca: origin.ca } : {})
            })
            : (0,external_node_net_.connect)(options);
        this.socket.once(origin.secure ? 'secureConnect' : 'connect', () => {
            this.connected = true;
            if (this.unsent !== undefined)
                this.socket.write(this.unsent);
            this.unsent = undefined;
        });
        this.socket.on('timeout', () => {
            if (this.exchange)
                this.exchange.ontimeout();
            else
                this.socket.destroy();
        });
        this.socket.on('error', (error) => this.exchange?.onclose(error));
        this.socket.on('close', () => {
            forget(this.key, this);
            // No read writes into the buffer once its socket has closed.
            if (spareBuffers.length < IDLE_LIMIT)
                spareBuffers.push(buffer);
            const exchange = this.exchange;
            this.exchange = undefined;
            exchange?.onclose();
        });
    }
    /** Whether an earlier exchange used it: the server may have closed it since, unseen yet. */
    get reused() {
        return this.carried > 1;
    }
    send(request) {
        if (this.connected)
            this.socket.write(request);
        else
            this.unsent = request;
    }
    /** The answer was read whole and the server keeps the connection: kept for the next download. */
    release() {
        this.exchange = undefined;
        const kept = idle.get(this.key) ?? [];
        if (kept.length >= IDLE_LIMIT || !this.usable()) {
            this.destroy();
            return;
        }
        this.socket.setTimeout(IDLE_MS);
        this.socket.unref();
        kept.push(this);
        idle.set(this.key, kept);
    }
    destroy() {
        this.exchange = undefined;
        this.socket.destroy();
    }
    usable() {
        return !this.socket.destroyed && this.socket.readable && this.socket.writable;
    }
    carry(exchange, idleMs) {
        this.exchange = exchange;
        this.carried++;
        this.socket.ref();
        this.socket.setTimeout(idleMs);
        return this;
    }
}
function forget(key, connection) {
    const kept = idle.get(key);
    const at = kept?.indexOf(connection) ?? -1;
    if (at >= 0)
        kept?.splice(at, 1);
    if (kept?.length === 0)
        idle.delete(key);
}
function keyOf({ host, port, secure, ca }) {
    const trust = ca ? (0,external_node_crypto_.createHash)('sha256').update(ca).digest('hex') : 'system';
    return `${secure ? 'https' : 'http'}://${host}:${port} ${trust}`;
}
function isIp(host) {
    return /^[\d.]+$/.test(host) || host.includes(':');
}

;// CONCATENATED MODULE: ./src/github/storage-digest.ts
/**
 * Hashes an asset's bytes straight from GitHub's release storage as they are read into the
 * connection's reused buffer (./storage-connections.ts). Node's HTTP client allocates a buffer for
 * every read; at loopback speeds that held about 90 MiB of garbage at once and halved the
 * throughput (measured in docs/benchmarks.md).
 * Only the plain answer storage gives is read this way: 200 with a Content-Length and no transfer
 * or content coding. Anything else is `undefined`, and the caller reads the URL with node:http;
 * so is every URL once requests go through a proxy (these connections cannot tunnel).
 */





/** The answer's head is small; anything longer is not storage's plain answer. */
const HEAD_LIMIT = 64 * 1024;
/** A kept connection the server had closed before it answered: the request goes again on a new one. */
class StaleConnection extends Error {
}
async function digestStorageUrl(url, onBytes, { idleMs = (0,util_timeout/* httpTimeoutMs */.C)(), ca } = {}) {
    if ((0,proxy/* proxyRouted */.sp)())
        return undefined;
    const target = new URL(url);
    const secure = target.protocol === 'https:';
    const origin = {
        host: target.hostname.replace(/^\[(.*)\]$/, '$1'),
        port: Number(target.port || (secure ? 443 : 80)),
        secure,
        ca
    };
    const request = `GET ${target.pathname}${target.search} HTTP/1.1\r\nHost: ${target.host}\r\n` +
        'User-Agent: sign-release\r\nAccept: */*\r\n\r\n';
    try {
        return await exchange(origin, request, onBytes, idleMs, false);
    }
    catch (error) {
        if (!(error instanceof StaleConnection))
            throw error;
        return exchange(origin, request, onBytes, idleMs, true);
    }
}
function exchange(origin, request, onBytes, idleMs, fresh) {
    return new Promise((resolve, reject) => {
        const hash = (0,external_node_crypto_.createHash)('sha256');
        let head = Buffer.alloc(0);
        let answered = false;
        let keepAlive = false;
        let length = 0;
        let received = 0;
        let settled = false;
        const finish = (result) => {
            if (settled)
                return;
            settled = true;
            if (!(result instanceof Error) && result !== undefined && keepAlive)
                connection.release();
            else
                connection.destroy();
            if (result instanceof Error)
                reject(result);
            else
                resolve(result);
        };
        const body = (bytes) => {
            hash.update(bytes);
            received += bytes.length;
            onBytes?.(bytes.length);
            if (received > length)
                finish(new StorageError(`${STORAGE} sent more than ${length} bytes`));
            else if (received === length)
                finish({ sha256: hash.digest('hex'), size: length });
        };
        const onread = (bytes) => {
            if (settled)
                return false;
            answered = true;
            if (!head) {
                body(bytes);
                return true;
            }
            // Header bytes are copied out: the buffer is overwritten by the next read.
            head = Buffer.concat([head, bytes]);
            const end = head.indexOf('\r\n\r\n');
            if (end < 0) {
                if (head.length > HEAD_LIMIT)
                    finish(undefined);
                return true;
            }
            const parsed = plainAnswer(head.subarray(0, end).toString('latin1'));
            const rest = head.subarray(end + 4);
            head = undefined;
            if (parsed === undefined) {
                finish(undefined);
                return false;
            }
            ;
            ({ length, keepAlive } = parsed);
            if (length === 0)
                finish({ sha256: hash.digest('hex'), size: 0 });
            else if (rest.length > 0)
                body(rest);
            return true;
        };
        const onclose = (error) => {
            if (!answered && connection.reused) {
                finish(new StaleConnection());
            }
            else if (error) {
                finish(new StorageError(`the connection to ${STORAGE} failed (${error.message})`, {
                    cause: error
                }));
            }
            else {
                finish(new StorageError(`the connection to ${STORAGE} closed after ${received} of ${length || 'unknown'} bytes`));
            }
        };
        const ontimeout = () => finish(new StorageError(`${STORAGE} sent nothing for ${(idleMs / 1000).toFixed(1)}s`));
        const connection = connectionFor(origin, { onread, onclose, ontimeout }, idleMs, { fresh });
        connection.send(request);
    });
}
/**
 * The body's length, and whether the server keeps the connection, when the head is a plain 200
 * with a Content-Length; undefined otherwise.
 */
function plainAnswer(head) {
    const [status, ...lines] = head.split('\r\n');
    if (!/^HTTP\/1\.[01] 200\b/.test(status ?? ''))
        return undefined;
    // HTTP/1.1 keeps a connection unless told otherwise; HTTP/1.0 closes it.
    let keepAlive = status?.startsWith('HTTP/1.1') === true;
    let length;
    for (const line of lines) {
        const colon = line.indexOf(':');
        const name = line.slice(0, colon).trim().toLowerCase();
        const value = line
            .slice(colon + 1)
            .trim()
            .toLowerCase();
        if (name === 'connection' && value.split(',').some((token) => token.trim() === 'close'))
            keepAlive = false;
        if (name === 'transfer-encoding' && value !== 'identity')
            return undefined;
        if (name === 'content-encoding' && value !== 'identity')
            return undefined;
        if (name === 'content-length') {
            if (!/^\d+$/.test(value) || (length !== undefined && length !== Number(value)))
                return undefined;
            length = Number(value);
        }
    }
    return length === undefined ? undefined : { length, keepAlive };
}

;// CONCATENATED MODULE: ./src/github/stream-fetch.ts
/**
 * The fetch Octokit uses for a request whose body is a local file (an asset uploaded from local
 * bytes). Node's own fetch reads a body stream as fast as the disk gives it, whatever the socket
 * takes: uploading 1 GiB held about 1.1 GB of memory. Here the file is read into two buffers that
 * take turns, each reused only once the socket has taken its bytes, so memory stays flat in the
 * size and no garbage is made per read. Answers are small JSON, read whole.
 */



/** A request body read from a file as it is sent (see `streamingFetch`). */
class FileBody {
    path;
    size;
    constructor(path, size) {
        this.path = path;
        this.size = size;
    }
}
const CHUNK = 1024 * 1024;
function streamingFetch(input, init = {}) {
    const url = new URL(String(input));
    const send = url.protocol === 'https:' ? external_node_https_.request : external_node_http_.request;
    const headers = {};
    new Headers(init.headers).forEach((value, name) => {
        headers[name] = value;
    });
    return new Promise((resolve, reject) => {
        const request = send(url, {
            method: init.method ?? 'GET',
            headers,
            signal: init.signal ?? undefined
        });
        request.on('response', (response) => {
            readAll(response).then((body) => resolve(toResponse(response, body, url)), reject);
        });
        request.on('error', reject);
        const body = init.body;
        // An answer before the whole body was sent (an early refusal) ends the writes with an error
        // that no longer matters; a failure before any answer rejects.
        if (body instanceof FileBody)
            sendFile(request, body).catch(reject);
        else
            request.end(body);
    });
}
async function sendFile(request, body) {
    const file = await (0,promises_.open)(body.path, 'r');
    try {
        const buffers = [Buffer.allocUnsafe(CHUNK), Buffer.allocUnsafe(CHUNK)];
        const sent = [Promise.resolve(), Promise.resolve()];
        for (let turn = 0;; turn ^= 1) {
            const buffer = buffers[turn];
            await sent[turn];
            const { bytesRead } = await file.read(buffer, 0, CHUNK, null);
            if (bytesRead === 0)
                break;
            const written = new Promise((resolve, reject) => {
                request.write(buffer.subarray(0, bytesRead), (error) => {
                    if (error)
                        reject(error);
                    else
                        resolve();
                });
            });
            // Awaited later; marked handled now, as the other turn may fail first.
            written.catch(() => undefined);
            sent[turn] = written;
        }
        await Promise.all(sent);
        request.end();
    }
    finally {
        await file.close();
    }
}
async function readAll(response) {
    const chunks = [];
    for await (const chunk of response)
        chunks.push(chunk);
    return Buffer.concat(chunks);
}
function toResponse(response, body, url) {
    const headers = new Headers();
    for (const [name, value] of Object.entries(response.headers)) {
        if (value === undefined)
            continue;
        for (const one of Array.isArray(value) ? value : [value])
            headers.append(name, one);
    }
    const status = response.statusCode ?? 0;
    const answer = new Response([204, 205, 304].includes(status) ? null : new Uint8Array(body), {
        status,
        statusText: response.statusMessage,
        headers
    });
    Object.defineProperty(answer, 'url', { value: url.toString() });
    return answer;
}

;// CONCATENATED MODULE: ./src/github/assets.ts
/**
 * A release's assets: listed, read (through the API's redirect to signed storage, which works for
 * drafts too), uploaded, renamed and deleted.
 */










/** Whole downloads of one asset before giving up. */
const DOWNLOAD_ATTEMPTS = 4;
class AssetsClient {
    api;
    constructor(api) {
        this.api = api;
    }
    async list(releaseId) {
        const { octokit, ref } = this.api;
        const raw = await this.api.call(() => octokit.paginate(octokit.rest.repos.listReleaseAssets, {
            ...ref,
            release_id: releaseId,
            per_page: 100
        }));
        return raw.map(toAsset);
    }
    /**
     * Reads an asset, handing the stream to `consume`. Both hops (the API request and the redirect
     * to signed storage) are time-limited; a failure of either, or of the stream midway, starts the
     * download again from scratch, a bounded number of times. When it gives up, the error names the
     * hop, the asset and the fix.
     */
    read(asset, consume, attempts = DOWNLOAD_ATTEMPTS) {
        return this.downloading(asset, async () => consume(await this.open(asset)), attempts);
    }
    /**
     * An asset's SHA-256 and size, read as `read` reads it (`onAttempt` is called as each try
     * starts). Storage's plain answer is hashed into one reused buffer (./storage-digest.ts).
     */
    digest(asset, onBytes, onAttempt) {
        return this.downloading(asset, async () => {
            onAttempt?.();
            const answer = await this.locate(asset);
            if ('stream' in answer)
                return digestStream(answer.stream, onBytes);
            const fast = await digestStorageUrl(answer.location, onBytes);
            if (fast)
                return fast;
            onAttempt?.();
            return digestStream(await openStorageUrl(answer.location), onBytes);
        });
    }
    /**
     * One attempt at an asset's bytes. GitHub answers with a redirect to signed storage; the API hop
     * is not retried here (`read` retries both hops together, as the signed URL is short-lived).
     */
    async open(asset) {
        const answer = await this.locate(asset);
        return 'stream' in answer ? answer.stream : openStorageUrl(answer.location);
    }
    /** The API hop of a download: storage's signed URL, or (not redirected) the bytes themselves. */
    async locate(asset) {
        const response = await this.api.call(() => this.api.octokit.request('GET /repos/{owner}/{repo}/releases/assets/{asset_id}', {
            ...this.api.ref,
            asset_id: asset.id,
            headers: { accept: 'application/octet-stream' },
            request: { parseSuccessResponseBody: false, redirect: 'manual', retries: 0 }
        }), { request: `GET asset ${(0,format/* quote */.hD)(asset.name)}` });
        const location = response.headers.location;
        if (response.status === 302 && location) {
            await response.data?.cancel();
            return { location };
        }
        return {
            stream: external_node_stream_.Readable.fromWeb(response.data)
        };
    }
    /** Runs whole download attempts with bounded retries, naming the asset when it gives up. */
    async downloading(asset, attempt, attempts = DOWNLOAD_ATTEMPTS) {
        try {
            return await (0,retry/* withRetries */.L)(attempt, {
                attempts,
                // GitHub's rate limits were already waited out by the retry plugin (./retries.ts).
                retryable: (error) => isBrokenDownload(error) || (isUnavailable(error) && !isRateLimited(error))
            });
        }
        catch (error) {
            if (error instanceof errors/* UserError */.yo) {
                throw new errors/* UserError */.yo(error.code, `Downloading asset ${(0,format/* quote */.hD)(asset.name)}: ${error.message}`, error.hint, { cause: error.cause });
            }
            if (!isBrokenDownload(error))
                throw error;
            throw new errors/* UserError */.yo('GITHUB_UNAVAILABLE', `Downloading asset ${(0,format/* quote */.hD)(asset.name)} from ${STORAGE} failed ${attempts} times (${(0,errors/* messageOf */.bD)(error)})`, 're-run the job: the storage was failing or slow; nothing was uploaded', { cause: error });
        }
    }
    async upload(release, name, body, contentType) {
        const isBuffer = 'buffer' in body;
        const response = await this.api.call(() => this.api.octokit.request({
            method: 'POST',
            url: release.uploadUrl,
            name,
            // fetch sets the length of a buffer itself; a stream needs it said (GitHub requires it).
            headers: isBuffer
                ? { 'content-type': contentType }
                : { 'content-type': contentType, 'content-length': String(body.size) },
            data: isBuffer ? body.buffer : new FileBody(body.path, body.size),
            // Not retried here: a retry after a timeout or a lost connection could meet the first
            // try's upload (422) or leave a broken one; putFile reads the release back and retries.
            // A stream's deadline grows with its size, and it goes through node:http (memory flat).
            request: isBuffer
                ? { retries: 0 }
                : { retries: 0, timeoutMs: (0,util_timeout/* uploadTimeoutMs */.n8)(body.size), fetch: streamingFetch }
        }));
        return toAsset(response.data);
    }
    async delete(assetId) {
        await this.api.call(() => this.api.octokit.rest.repos.deleteReleaseAsset({ ...this.api.ref, asset_id: assetId }));
    }
    async rename(assetId, name) {
        const { data } = await this.api.call(() => this.api.octokit.rest.repos.updateReleaseAsset({ ...this.api.ref, asset_id: assetId, name }));
        return toAsset(data);
    }
}
/** A storage failure, or a connection lost in the middle of a body. */
function isBrokenDownload(error) {
    if (error instanceof StorageError)
        return true;
    const code = error?.code;
    return (typeof code === 'string' &&
        ['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'ERR_STREAM_PREMATURE_CLOSE'].includes(code));
}
function toAsset(data) {
    const digest = data.digest?.startsWith('sha256:')
        ? data.digest.slice('sha256:'.length)
        : undefined;
    return {
        id: data.id,
        name: data.name,
        size: data.size,
        state: data.state,
        digest,
        contentType: data.content_type,
        downloadUrl: data.browser_download_url
    };
}

;// CONCATENATED MODULE: ./src/github/attestations.ts
/**
 * GitHub's attestations API for one repository: bundles stored by subject digest. Where the API
 * does not exist (user-owned private repositories, GitHub Enterprise Server) or the token may not
 * write to it, the answer says so in GitHub's terms, and the caller decides whether that matters.
 */


const ATTESTATIONS = { permission: 'attestations: write' };
/** The API refused to store a bundle for a reason the user can act on. */
class AttestationsRefused extends Error {
    httpStatus;
    why;
    constructor(httpStatus, 
    /** Why, in words. */
    why, options) {
        super(`HTTP ${httpStatus}: ${why}`, options);
        this.httpStatus = httpStatus;
        this.why = why;
        this.name = 'AttestationsRefused';
    }
}
class AttestationsClient {
    api;
    constructor(api) {
        this.api = api;
    }
    /** Stores a bundle; returns the attestation's id. */
    async create(bundle) {
        try {
            const { data } = await this.api.call(() => this.api.octokit.request('POST /repos/{owner}/{repo}/attestations', {
                ...this.api.ref,
                bundle
            }), ATTESTATIONS);
            return data.id;
        }
        catch (error) {
            throw refusal(error) ?? error;
        }
    }
    /**
     * Bundles the API holds for a subject digest (`sha256:<hex>`), or undefined where the API is
     * not available.
     */
    async list(subjectDigest, predicateType) {
        try {
            const { data } = await this.api.call(() => this.api.octokit.request('GET /repos/{owner}/{repo}/attestations/{subject_digest}', {
                ...this.api.ref,
                subject_digest: subjectDigest,
                ...(predicateType ? { predicate_type: predicateType } : {})
            }), ATTESTATIONS);
            return (data.attestations ?? []).map((a) => a.bundle);
        }
        catch (error) {
            if (errors_status(error) === 404)
                return undefined;
            throw error;
        }
    }
    /** Where an attestation is shown on the web. */
    webUrl(serverUrl, id) {
        return `${serverUrl.replace(/\/+$/, '')}/${this.api.slug()}/attestations/${id}`;
    }
}
function refusal(error) {
    const code = errors_status(error);
    if (code === undefined)
        return undefined;
    const unavailable = code === 404 || (code === 422 && /not available/i.test((0,errors/* messageOf */.bD)(error)));
    const why = unavailable
        ? "the attestations API is not available for this repository (user-owned private repositories and GitHub Enterprise Server don't have it)"
        : code === 403
            ? "the token may not write attestations: grant 'attestations: write'"
            : undefined;
    return why ? new AttestationsRefused(code, why, { cause: error }) : undefined;
}

;// CONCATENATED MODULE: ./src/github/authorization.ts
/**
 * What GitHub says about a run's authorisation: the environment's required reviewers, the run's
 * review log, and the release tag (annotated or not, and whether GitHub verified its signature).
 * The only code that knows these REST shapes; failures go through `githubError` like every call.
 */

const ACTIONS_READ = { permission: 'actions: read' };
class AuthorizationClient {
    api;
    constructor(api) {
        this.api = api;
    }
    /** The environment; undefined when GitHub does not know it (404). */
    async getEnvironment(name) {
        try {
            const { data } = await this.api.call(() => this.api.octokit.rest.repos.getEnvironment({ ...this.api.ref, environment_name: name }));
            const rule = (data.protection_rules ?? []).find((r) => r.type === 'required_reviewers');
            return {
                name: data.name,
                requiredReviewers: rule?.reviewers?.map((r) => ({
                    type: r.type === 'Team' ? 'Team' : 'User',
                    name: textOf(r.reviewer?.login) || textOf(r.reviewer?.slug),
                    id: Number(r.reviewer?.id ?? 0)
                }))
            };
        }
        catch (error) {
            if (errors_status(error) === 404)
                return undefined;
            throw error;
        }
    }
    /** The run's review log: every approval or rejection, for any of its environments. */
    async getReviews(runId) {
        const { data } = await this.api.call(() => this.api.octokit.rest.actions.getReviewsForRun({ ...this.api.ref, run_id: runId }), ACTIONS_READ);
        return data.map((r) => ({
            login: r.user.login,
            id: r.user.id,
            state: r.state,
            comment: r.comment,
            environments: r.environments.map((e) => e.name ?? '')
        }));
    }
    /** The tag and its signature as GitHub verified it; a lightweight tag is never verified. */
    async getTag(name) {
        let ref;
        try {
            const { data } = await this.api.call(() => this.api.octokit.rest.git.getRef({ ...this.api.ref, ref: `tags/${name}` }));
            ref = data.object;
        }
        catch (error) {
            if (errors_status(error) !== 404)
                throw error;
            return { name, annotated: false, verified: false, reason: 'no such tag (yet)' };
        }
        if (ref.type !== 'tag')
            return { name, commit: ref.sha, annotated: false, verified: false, reason: 'lightweight tag' };
        const { data } = await this.api.call(() => this.api.octokit.rest.git.getTag({ ...this.api.ref, tag_sha: ref.sha }));
        return {
            name,
            commit: data.object.sha,
            annotated: true,
            verified: data.verification?.verified === true,
            reason: data.verification?.reason ?? 'no verification',
            tagger: { name: data.tagger.name, email: data.tagger.email }
        };
    }
}
function textOf(value) {
    return typeof value === 'string' ? value : '';
}

;// CONCATENATED MODULE: ./src/github/releases.ts
/** A repository's releases: found by id or by tag (drafts included), and published. */


class ReleasesClient {
    api;
    constructor(api) {
        this.api = api;
    }
    async get(id) {
        try {
            const { data } = await this.api.call(() => this.api.octokit.rest.repos.getRelease({ ...this.api.ref, release_id: id }));
            return toRelease(data);
        }
        catch (error) {
            if (errors_status(error) === 404) {
                throw new errors/* UserError */.yo('RELEASE', `Release ${id} was not found in ${this.api.slug()}`, "check 'release-id'; a draft is visible only to a token with contents: write", { cause: error });
            }
            throw error;
        }
    }
    /** Finds a release by tag, drafts included: get-by-tag does not return drafts, so list them. */
    async findByTag(tag) {
        const { octokit, ref } = this.api;
        try {
            const { data } = await this.api.call(() => octokit.rest.repos.getReleaseByTag({ ...ref, tag }));
            return toRelease(data);
        }
        catch (error) {
            if (errors_status(error) !== 404)
                throw error;
        }
        const pages = octokit.paginate.iterator(octokit.rest.repos.listReleases, {
            ...ref,
            per_page: 100
        });
        const found = await this.api.call(async () => {
            for await (const page of pages) {
                const match = page.data.find((r) => r.tag_name === tag);
                if (match)
                    return match;
            }
            return undefined;
        });
        return found && toRelease(found);
    }
    async publish(id) {
        const { data } = await this.api.call(() => this.api.octokit.rest.repos.updateRelease({ ...this.api.ref, release_id: id, draft: false }));
        return toRelease(data);
    }
}
function toRelease(data) {
    return {
        id: data.id,
        tagName: data.tag_name,
        name: data.name ?? data.tag_name,
        draft: data.draft,
        immutable: data.immutable === true,
        uploadUrl: data.upload_url,
        htmlUrl: data.html_url
    };
}

;// CONCATENATED MODULE: ./src/github/repo-api.ts
/**
 * One repository on GitHub's REST API: the Octokit, the `owner/repo` it is for, and the one way to
 * make a call, whose failure is classified by `githubError` (./errors.ts). The clients for the
 * repository's releases, assets, attestations and authorisation share it.
 */

class RepoApi {
    octokit;
    ref;
    constructor(octokit, ref) {
        this.octokit = octokit;
        this.ref = ref;
    }
    /** owner/repo */
    slug() {
        return `${this.ref.owner}/${this.ref.repo}`;
    }
    /** Runs one call to GitHub, its failure classified (./errors.ts). */
    async call(request, context = {}) {
        try {
            return await request();
        }
        catch (error) {
            throw githubError(error, { ...context, slug: this.slug() });
        }
    }
}

;// CONCATENATED MODULE: ./src/github/repository.ts
class RepositoryClient {
    api;
    constructor(api) {
        this.api = api;
    }
    async get() {
        const { data } = await this.api.call(() => this.api.octokit.rest.repos.get({ ...this.api.ref }));
        return {
            visibility: data.visibility ?? (data.private ? 'private' : 'public'),
            private: data.private,
            ownerType: data.owner.type
        };
    }
}

;// CONCATENATED MODULE: ./src/github/index.ts
/**
 * The GitHub adapter for one repository: a client per part of the REST API it uses, sharing one
 * Octokit and one classification of failures. Stages take the parts they need.
 */






function connectRepository(octokit, ref) {
    const api = new RepoApi(octokit, ref);
    return {
        slug: api.slug(),
        repository: new RepositoryClient(api),
        releases: new ReleasesClient(api),
        assets: new AssetsClient(api),
        attestations: new AttestationsClient(api),
        authorization: new AuthorizationClient(api)
    };
}

// EXTERNAL MODULE: ./node_modules/@actions/github/lib/github.js
var github = __webpack_require__(1351);
// EXTERNAL MODULE: ./node_modules/@actions/github/lib/utils.js + 20 modules
var utils = __webpack_require__(8665);
;// CONCATENATED MODULE: ./src/github/limits.ts
/** GitHub's documented limits on releases: what the plan budgets for and the client paces to. */
const MAX_ASSETS_PER_RELEASE = 1000;
/** Secondary limits on content-creating requests (uploads, deletes, renames, publishing). */
const CONTENT_REQUESTS_PER_MINUTE = 80;
const CONTENT_REQUESTS_PER_HOUR = 500;
/** Content-creating requests a window the pacer leaves to other steps using the token (the one that created the release). */
const WRITES_LEFT_TO_OTHERS = 5;
/** How much longer than GitHub's each paced window is taken to be, for clocks that disagree. */
const WINDOW_MARGIN = 0.02;
/**
 * The length of GitHub's "minute" for content-creating requests (the hour is sixty of them): 60 s,
 * or SIGN_RELEASE_RATE_WINDOW_MS, which the sandbox's scaled-down limits set so that a pace planned
 * for minutes can be exercised in seconds.
 */
function contentWindowMs() {
    const raw = Number(process.env.SIGN_RELEASE_RATE_WINDOW_MS);
    return Number.isFinite(raw) && raw > 0 ? raw : 60000;
}

// EXTERNAL MODULE: external "node:timers/promises"
var external_node_timers_promises_ = __webpack_require__(8500);
;// CONCATENATED MODULE: ./src/github/pacer.ts
/**
 * Paces content-creating requests to GitHub's sliding windows (80 a minute, 500 an hour), so a run
 * with more writes than a minute allows waits exactly as long as the budget says instead of
 * collecting 403s: a write starts only when fewer than the limit were made within the window
 * before it. A finished write counts from the time its answer arrived (GitHub counted it before
 * answering, so that is never too early); one still in flight counts as made just now.
 */

class WritePacer {
    windows;
    now;
    finished = [];
    inFlight = 0;
    turn = Promise.resolve();
    wakers = [];
    active = false;
    constructor(windows, now = () => performance.now()) {
        this.windows = windows;
        this.now = now;
    }
    /** Off: writes go at once (a run whose writes fit in one window). */
    setActive(active) {
        this.active = active;
    }
    async run(write) {
        await this.acquire();
        try {
            return await write();
        }
        finally {
            this.inFlight--;
            this.finished.push(this.now());
            this.wakers.splice(0).forEach((wake) => wake());
        }
    }
    /** Waits for a free place in every window, first come first served. */
    async acquire() {
        const previous = this.turn;
        let release = () => { };
        this.turn = new Promise((resolve) => (release = resolve));
        await previous;
        try {
            for (let wait = this.delay(); wait > 0; wait = this.delay()) {
                const finishing = new Promise((resolve) => this.wakers.push(resolve));
                await (Number.isFinite(wait) ? Promise.race([(0,external_node_timers_promises_.setTimeout)(wait), finishing]) : finishing);
            }
            this.inFlight++;
        }
        finally {
            release();
        }
    }
    /** Milliseconds until the next write fits (Infinity: only a write in flight finishing can help). */
    delay() {
        if (!this.active)
            return 0;
        const now = this.now();
        const windows = this.windows();
        const longest = Math.max(...windows.map((w) => w.ms));
        this.finished = this.finished.filter((t) => now - t < longest);
        let wait = 0;
        for (const { limit, ms } of windows) {
            const recent = this.finished.filter((t) => now - t < ms);
            const over = recent.length + this.inFlight - limit + 1;
            if (over <= 0)
                continue;
            if (over > recent.length)
                return Infinity;
            wait = Math.max(wait, recent[over - 1] + ms - now);
        }
        return wait;
    }
}

;// CONCATENATED MODULE: ./src/github/retries.ts
/**
 * An Octokit plugin that retries what is safe to retry, with nothing between a request and fetch.
 * (Octokit's retry and throttling plugins pass every request through Bottleneck schedulers, whose
 * timer turns held a write for seconds while signing kept the event loop busy.)
 *
 * - GitHub's rate limits (a 403 or 429 that says so): waits as long as GitHub says (its
 *   retry-after, or the primary limit's reset), once `onLimit` agrees; GitHub did nothing with
 *   the refused request, so even a request that is otherwise never retried is sent again.
 * - Any other failure whose status is not in `doNotRetry` (server errors, dropped connections and
 *   timeouts, which arrive as status 500): waits (n+1)² × the base before try n+1, up to the
 *   request's own `request.retries` or the plugin's count.
 *
 * It is registered after the timeouts plugin, so each try gets its own deadline.
 */

/** Without retry-after, GitHub's advice for a secondary limit: wait at least a minute. */
const SECONDARY_FALLBACK_S = 60;
function retrying(policy) {
    return (octokit) => {
        ;
        octokit.hook.wrap('request', async (request, options) => {
            let limitWaits = 0;
            let errorRetries = 0;
            for (;;) {
                try {
                    return await request(options);
                }
                catch (error) {
                    const failed = error;
                    const limit = rateLimitOf(failed);
                    if (limit) {
                        const line = { method: options.method, url: options.url };
                        if (!policy.onLimit(limit.kind, limit.waitS, line, limitWaits))
                            throw error;
                        limitWaits++;
                        await (0,external_node_timers_promises_.setTimeout)(limit.waitS * 1000);
                        continue;
                    }
                    const allowed = options.request?.retries ?? policy.retries;
                    if (!isRetryable(failed, policy.doNotRetry) || errorRetries >= allowed)
                        throw error;
                    errorRetries++;
                    await (0,external_node_timers_promises_.setTimeout)(errorRetries ** 2 * policy.baseDelayMs);
                }
            }
        });
    };
}
/** The limit a refusal names, and how long GitHub asks to wait (in whole seconds). */
function rateLimitOf(error) {
    if (error.status !== 403 && error.status !== 429)
        return undefined;
    const headers = error.response?.headers ?? {};
    if (/\bsecondary rate\b/i.test(error.message ?? '')) {
        const after = Number(headers['retry-after']);
        return { kind: 'Secondary', waitS: after > 0 ? after : SECONDARY_FALLBACK_S };
    }
    if (headers['x-ratelimit-remaining'] === '0') {
        const reset = Number(headers['x-ratelimit-reset']) * 1000;
        // One second more, so the retry comes after the reset (GitHub's advice).
        return { kind: 'Primary', waitS: Math.max(Math.ceil((reset - Date.now()) / 1000) + 1, 0) };
    }
    if (error.status === 429 && Number(headers['retry-after']) > 0) {
        return { kind: 'Secondary', waitS: Number(headers['retry-after']) };
    }
    return undefined;
}
/** A failure Octokit describes (status and request) whose status may change on a retry. */
function isRetryable(error, doNotRetry) {
    return (error.request?.request !== undefined &&
        error.status !== undefined &&
        error.status >= 400 &&
        !doNotRetry.includes(error.status));
}

;// CONCATENATED MODULE: ./src/github/timeouts.ts
/**
 * An Octokit plugin that gives every attempt of a request its own deadline. It is registered before
 * the retry plugin (./retries.ts), so it sits inside it: each retry gets a fresh budget, and a
 * timed-out attempt looks to it like a dropped connection (retried where those are).
 *
 * The budget is SIGN_RELEASE_HTTP_TIMEOUT_MS (60 s by default, see util/timeout.ts), or
 * `request.timeoutMs` for one request (a streamed upload scales it by the file's size). A request
 * whose body is read by the caller (`parseSuccessResponseBody: false`) is timed until its headers
 * arrive; the caller times the body itself.
 */

function timeouts(octokit) {
    const kit = octokit;
    // The caller's own signal, if any, by request: retries reuse the options of the first try.
    const callerSignals = new WeakMap();
    kit.hook.wrap('request', async (request, options) => {
        const ms = options.request?.timeoutMs ?? (0,util_timeout/* httpTimeoutMs */.C)();
        const controller = new AbortController();
        if (!callerSignals.has(options))
            callerSignals.set(options, options.request?.signal);
        const outer = callerSignals.get(options);
        const signal = outer ? AbortSignal.any([outer, controller.signal]) : controller.signal;
        const timer = setTimeout(() => controller.abort(), ms);
        // Hooks share one options object (each inner hook was bound to it), so the signal is set on
        // it.
        options.request = { ...options.request, signal };
        try {
            return await request(options);
        }
        catch (error) {
            if (!controller.signal.aborted || outer?.aborted)
                throw error;
            const parsed = kit.request.endpoint.parse(options);
            const timeout = new util_timeout/* TimeoutError */.MU(`GitHub (${parsed.method} ${new URL(parsed.url).pathname})`, ms);
            // Octokit reports an aborted fetch as status 500; the retry plugin needs `request` to retry.
            timeout.status = 500;
            timeout.request = { ...parsed, request: { ...options.request } };
            timeout.cause = error;
            throw timeout;
        }
        finally {
            clearTimeout(timer);
        }
    });
}

;// CONCATENATED MODULE: ./src/github/octokit.ts
/**
 * Octokit for the action: GITHUB_API_URL, a deadline per attempt, retries for transient failures,
 * and GitHub's rate limits honoured.
 */







/**
 * The windows a write must fit in, with time to spare for clocks that disagree and a few writes a
 * window left to whatever else uses the token meanwhile (the step that created the release).
 */
function contentWindows() {
    const minute = contentWindowMs() * (1 + WINDOW_MARGIN);
    return [
        { limit: CONTENT_REQUESTS_PER_MINUTE - WRITES_LEFT_TO_OTHERS, ms: minute },
        { limit: CONTENT_REQUESTS_PER_HOUR - WRITES_LEFT_TO_OTHERS, ms: 60 * minute }
    ];
}
const WRITE_METHODS = new Set(['POST', 'PATCH', 'PUT', 'DELETE']);
function createOctokit(options) {
    const retries = options.retries ?? 4;
    const pacer = new WritePacer(contentWindows);
    const onLimit = (kind, retryAfterS, request, retryCount) => {
        if (retryCount >= retries) {
            options.log.warning(`${kind} rate limit on ${request.method} ${request.url}: giving up after ${retryCount} retries`);
            return false;
        }
        options.log.info(`${kind} rate limit on ${request.method} ${request.url}: waiting ${retryAfterS}s (GitHub's retry-after)`);
        return true;
    };
    // Waits between tries after a failure: 1 s, 4 s, 9 s, 16 s by default.
    const retryPlugin = retrying({
        retries,
        baseDelayMs: (0,retry/* retryBaseDelayMs */.J)(),
        doNotRetry: [400, 401, 403, 404, 409, 410, 422, 451],
        onLimit
    });
    const settings = { baseUrl: options.apiUrl, userAgent: 'sign-release' };
    // Timeouts first: plugins wrap in order, so each retry gets its own deadline.
    const octokit = options.token
        ? (0,github/* getOctokit */.Q)(options.token, settings, timeouts, retryPlugin)
        : new (utils/* GitHub */.gq.plugin(timeouts, retryPlugin))({
            ...utils/* defaults */.NT,
            ...settings
        });
    // Outside the retry plugin: one write is paced once, however often it is tried.
    octokit.hook.wrap('request', (request, endpoint) => WRITE_METHODS.has(endpoint.method)
        ? pacer.run(async () => request(endpoint))
        : request(endpoint));
    return {
        octokit,
        paceWrites: (requests) => pacer.setActive(requests > CONTENT_REQUESTS_PER_MINUTE)
    };
}

// EXTERNAL MODULE: ./src/identity.ts
var src_identity = __webpack_require__(5625);
;// CONCATENATED MODULE: ./src/plan/authorization.ts
/**
 * The release's authorisation (`authorization: environment`, `require-signed-tag`): read from GitHub
 * before anything is hashed or signed, refused when it is missing, and otherwise recorded as the
 * predicate of a signed statement (predicate type AUTHORIZATION_TYPE, docs/authorization.schema.json).
 */


/** Reads and checks the authorisation; the predicate to sign, or undefined with `mode: none`. */
async function readAuthorization(request) {
    const { client, run } = request;
    const tag = request.mode === 'environment' || request.requireSignedTag
        ? await client.getTag(request.tagName)
        : undefined;
    if (request.requireSignedTag && tag && !tag.verified)
        throw unsignedTag(tag);
    if (request.mode === 'none' || !tag)
        return undefined;
    const name = run.environment;
    if (!name) {
        throw new errors/* UserError */.yo('AUTHORIZATION', "'authorization: environment' needs the job to run in an environment, and this one runs in none (the OIDC token has no 'environment' claim)", 'add `environment: NAME` to the job, where NAME is an environment with required reviewers');
    }
    const environment = await client.getEnvironment(name);
    const reviewers = environment?.requiredReviewers ?? [];
    if (reviewers.length === 0) {
        throw new errors/* UserError */.yo('AUTHORIZATION', `Environment ${(0,format/* quote */.hD)(name)} has no required reviewers, so nobody had to approve this run`, `add required reviewers to ${(0,format/* quote */.hD)(name)} (Settings → Environments), then re-run; nothing was signed`);
    }
    const runId = Number(run.runId);
    const reviews = (await client.getReviews(runId)).filter((r) => sameEnvironment(r, name));
    if (!reviews.some((r) => r.state === 'approved')) {
        throw new errors/* UserError */.yo('AUTHORIZATION', `Nobody approved run ${run.runId} for environment ${(0,format/* quote */.hD)(name)}`, 'a required reviewer approves the job when it waits for the environment; nothing was signed');
    }
    return {
        environment: { name: environment?.name ?? name },
        reviewersRequired: reviewers,
        approvals: reviews.map((r) => ({
            login: r.login,
            id: r.id,
            state: r.state,
            comment: r.comment
        })),
        approvalsReadAt: (request.now?.() ?? new Date()).toISOString().replace(/\.\d{3}Z$/, 'Z'),
        run: {
            id: run.runId,
            attempt: run.runAttempt,
            actor: run.actor,
            triggeringActor: run.triggeringActor,
            workflowRef: run.workflowRef,
            jobWorkflowRef: run.jobWorkflowRef
        },
        tag: {
            name: tag.name,
            commit: tag.commit ?? null,
            annotated: tag.annotated,
            signatureVerified: tag.verified,
            verificationReason: tag.reason,
            signer: tag.verified && tag.tagger ? tag.tagger : null
        }
    };
}
/**
 * Whether an authorisation statement already on the release can be kept instead of signing anew.
 * The statement verified for this run's identity and covers exactly these subjects (checked by the
 * caller). That identity is the workflow, not the run: job 2 of any run of the same workflow signs
 * as the same SAN, so a statement of an earlier run would verify too, yet records approvals given to
 * that run, not this one. So it is still valid only when it records this run's id and environment,
 * the same tag state, and approvals that are all still in this run's review log. Across the two
 * jobs of one run the review log is the same one; a re-run attempt keeps the id and its log only
 * grows, so a statement recording an earlier attempt's approvals stays true and is kept.
 */
function stillValid(statement, current) {
    const recorded = statement.predicate;
    if (recorded.run?.id !== current.run.id)
        return false;
    if (recorded.environment?.name !== current.environment.name)
        return false;
    if (JSON.stringify(recorded.tag) !== JSON.stringify(current.tag))
        return false;
    const log = new Set(current.approvals.map(reviewKey));
    const approvals = recorded.approvals ?? [];
    return (approvals.some((a) => a.state === 'approved') && approvals.every((a) => log.has(reviewKey(a))));
}
function reviewKey(r) {
    return JSON.stringify([r.login, r.id, r.state, r.comment]);
}
/** Environment names ignore case on GitHub. */
function sameEnvironment(review, name) {
    return review.environments.some((e) => e.toLowerCase() === name.toLowerCase());
}
function unsignedTag(tag) {
    const what = !tag.commit
        ? `does not exist (yet)`
        : !tag.annotated
            ? 'is a lightweight tag, which carries no signature'
            : `is not signed with a signature GitHub verified (${(0,format/* quote */.hD)(tag.reason)})`;
    return new errors/* UserError */.yo('AUTHORIZATION', `'require-signed-tag' refuses the release: its tag ${(0,format/* quote */.hD)(tag.name)} ${what}`, "push an annotated tag signed with a key on the tagger's GitHub account (git tag -s), or set 'require-signed-tag: false'; nothing was signed");
}

;// CONCATENATED MODULE: ./src/util/stream.ts
/** A stream held more bytes than the caller accepts in memory. */
class TooLargeError extends Error {
    constructor(limit) {
        super(`more than ${limit} bytes`);
        this.name = 'TooLargeError';
    }
}
/** Reads a small stream into memory, refusing more than `limit` bytes. */
async function stream_readAll(stream, limit) {
    const chunks = [];
    let size = 0;
    for await (const chunk of stream) {
        const bytes = chunk;
        size += bytes.length;
        if (size > limit) {
            stream.destroy();
            throw new TooLargeError(limit);
        }
        chunks.push(bytes);
    }
    return Buffer.concat(chunks);
}

;// CONCATENATED MODULE: ./src/bundle-lines.ts
/** The first line of a file's text: the whole of a bundle, or a JSON Lines file's first bundle. */
function firstLine(content) {
    return content.toString('utf8').split('\n')[0] ?? '';
}
/** The first Sigstore bundle of a file, or undefined when it does not start with one. */
function firstBundle(content) {
    try {
        const first = JSON.parse(firstLine(content));
        const mediaType = first?.mediaType;
        return typeof mediaType === 'string' &&
            mediaType.startsWith('application/vnd.dev.sigstore.bundle')
            ? first
            : undefined;
    }
    catch {
        return undefined;
    }
}

;// CONCATENATED MODULE: ./src/plan/existing.ts


/** Existing files are read only when small: sidecars and statements, never assets. */
const EXISTING_LIMIT = 16 * 1024 * 1024;
function existingReader(assets) {
    const cache = new Map();
    return (asset) => {
        let bytes = cache.get(asset.id);
        if (!bytes) {
            bytes =
                asset.size > EXISTING_LIMIT
                    ? Promise.reject(new TooLargeError(EXISTING_LIMIT))
                    : assets.read(asset, (stream) => stream_readAll(stream, EXISTING_LIMIT));
            cache.set(asset.id, bytes);
        }
        return bytes;
    };
}
function existingVerifier(verifier) {
    return {
        verify: (bundle, sha256) => verifier.verify('existing bundle', bundle, sha256),
        statementOf: (content) => {
            const bundle = firstBundle(content);
            if (!bundle)
                throw new Error('not a Sigstore bundle');
            return verifier.verifyStatement('the file on the release', bundle);
        }
    };
}

// EXTERNAL MODULE: ./src/util/sort.ts
var sort = __webpack_require__(1658);
;// CONCATENATED MODULE: ./src/checksums.ts
/** The checksums file: `sha256sum` format, one line per signed file, sorted by name. */

function renderChecksums(subjects) {
    const lines = [...subjects].sort(sort/* byName */.n).map((s) => `${s.sha256}  ${s.name}\n`);
    return Buffer.from(lines.join(''));
}
const LINE = /^([0-9a-f]{64}) [ *](.+)$/;
/** Digests by name, as `sha256sum -c` reads them (text or binary mode); other lines are ignored. */
function parseChecksums(text) {
    const digests = new Map();
    for (const line of text.split('\n')) {
        const match = LINE.exec(line);
        if (match?.[1] && match[2])
            digests.set(match[2], match[1]);
    }
    return digests;
}
/** Whether every line is `sha256sum` output: 64 hex digits, a separator, a name. */
function isChecksumsText(content) {
    const lines = content.toString('utf8').split('\n');
    if (lines.at(-1) === '')
        lines.pop();
    return lines.every((line) => LINE.test(line));
}

// EXTERNAL MODULE: ./src/intoto.ts
var intoto = __webpack_require__(8812);
;// CONCATENATED MODULE: ./src/util/pool.ts
/**
 * Runs `fn` over `items` with at most `limit` at once, keeping the input order in the result. After
 * a failure no further item starts (those already running finish); the result rejects with it.
 */
async function mapLimit(items, limit, fn) {
    const results = new Array(items.length);
    let next = 0;
    let failed = false;
    const worker = async () => {
        while (!failed && next < items.length) {
            const index = next++;
            try {
                results[index] = await fn(items[index], index);
            }
            catch (error) {
                failed = true;
                throw error;
            }
        }
    };
    await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
    return results;
}
/**
 * Tasks that arrive over time (each file as soon as it can go up), at most `limit` running at once,
 * started in the order they were added. After the first failure nothing new starts; `drain()` waits
 * for the running ones and rethrows it, so no task is left half-done by an early exit.
 */
class TaskPool {
    limit;
    running = 0;
    queue = [];
    failure;
    idle = [];
    constructor(limit) {
        this.limit = limit;
    }
    /**
     * Queues `task`; the promise settles with it (callers may await it; a failure also reaches
     * `drain()`, so leaving it unawaited is safe).
     */
    add(task) {
        this.throwIfFailed();
        const result = new Promise((resolve, reject) => {
            this.queue.push(() => {
                this.running++;
                task()
                    .then(resolve, (error) => {
                    this.failure ??= { error };
                    reject(error instanceof Error ? error : new Error(String(error)));
                })
                    .finally(() => {
                    this.running--;
                    this.pump();
                });
            });
        });
        result.catch(() => undefined);
        this.pump();
        return result;
    }
    /** Throws the first failure, if a task has failed. */
    throwIfFailed() {
        if (this.failure)
            throw this.failure.error;
    }
    /** Resolves once every task added has run (or, after a failure, the running ones have ended). */
    async drain() {
        if (!this.settled())
            await new Promise((resolve) => this.idle.push(resolve));
        this.throwIfFailed();
    }
    settled() {
        return this.running === 0 && (this.queue.length === 0 || this.failure !== undefined);
    }
    pump() {
        while (!this.failure && this.running < this.limit && this.queue.length > 0)
            this.queue.shift()?.();
        if (this.settled())
            this.idle.splice(0).forEach((wake) => wake());
    }
}
/**
 * Turns of the event loop, handed out one at a time: each caller resumes in a turn of its own,
 * after the previous caller's, with the I/O that arrived in between handled first. For CPU-heavy
 * steps taken by many concurrent tasks, so that they do not pile up in one turn while sockets wait.
 */
function loopTurns() {
    let last = Promise.resolve();
    return () => {
        const mine = last.then(() => new Promise((resolve) => setImmediate(resolve)));
        last = mine;
        return mine;
    };
}

;// CONCATENATED MODULE: ./src/plan/budget.ts
/**
 * GitHub's limits, checked before anything is written: at most 1000 assets a release, and secondary
 * limits of 80 content-creating requests a minute and 500 an hour.
 */


function checkBudget(input) {
    const assetsAfter = input.existingAssets + input.newAssets;
    if (assetsAfter > MAX_ASSETS_PER_RELEASE) {
        throw new errors/* UserError */.yo('BUDGET', `The release would hold ${assetsAfter} assets (${input.existingAssets} now + ${input.newAssets} new), over GitHub's limit of ${MAX_ASSETS_PER_RELEASE}`, "upload fewer sidecars (e.g. 'sidecars: bundle' adds one file per asset instead of three), or sign fewer assets with 'assets'");
    }
    if (input.contentRequests > CONTENT_REQUESTS_PER_HOUR) {
        throw new errors/* UserError */.yo('BUDGET', `This run needs ${input.contentRequests} content-creating requests, over GitHub's secondary limit of ${CONTENT_REQUESTS_PER_HOUR} an hour`, "upload fewer sidecars ('sidecars: bundle'), or split the assets over several runs with 'assets'");
    }
    return {
        ...input,
        assetsAfter,
        minimumMinutes: Math.max(0, Math.ceil(input.contentRequests / CONTENT_REQUESTS_PER_MINUTE) - 1)
    };
}
/**
 * Content-creating requests of one upload: a replacement is upload, delete, rename (a broken
 * `starter` asset is only deleted), and a leftover temporary upload is deleted first.
 */
function requestsFor(request) {
    const temp = request.staleTemp ? 1 : 0;
    if (!request.replace)
        return 1 + temp;
    return request.replace.state === 'uploaded' ? 3 + temp : 2 + temp;
}

;// CONCATENATED MODULE: ./src/plan/hash.ts
/**
 * Streams every subject once through SHA-256: local files from disk, release assets through the API.
 * GitHub's own `digest` of an asset must agree, or the run fails: what we sign is what users download.
 */




/** Progress lines for long hashes, every this many bytes. */
const PROGRESS_EVERY = 256 * 1024 * 1024;
async function hashSubjects(subjects, assets, log, concurrency) {
    return mapLimit(subjects, concurrency, async (subject) => {
        const started = Date.now();
        let seen = 0;
        let reported = 0;
        // A download that broke midway starts again from scratch (AssetsClient.digest), and so does the count.
        const restart = () => {
            seen = 0;
            reported = 0;
        };
        const progress = (n) => {
            seen += n;
            if (seen - reported >= PROGRESS_EVERY) {
                reported = seen;
                log.info(`  ${subject.name}: ${(0,format/* formatBytes */.z3)(seen)} hashed`);
            }
        };
        const digested = subject.kind === 'file'
            ? await digestFile(subject.path, progress)
            : subject.kind === 'generated'
                ? digestBuffer(subject.content)
                : await assets.digest(subject.asset, progress, restart);
        const known = subject.kind === 'asset' ? subject.asset.digest : subject.existing?.digest;
        if (subject.kind === 'asset' && known && known !== digested.sha256) {
            throw new errors/* UserError */.yo('ASSET_MISMATCH', `Asset '${subject.name}' downloaded with SHA-256 ${digested.sha256}, but GitHub reports ${known}`, 'the asset changed or the download was corrupted: re-run, and re-upload the asset if this persists');
        }
        if (subject.kind === 'file' &&
            subject.existing?.state === 'uploaded' &&
            (known ?? (await digestOnRelease(assets, subject.existing))) !== digested.sha256) {
            throw new errors/* UserError */.yo('ASSET_MISMATCH', `The release already has an asset '${subject.name}' with other content than ${subject.path}`, 'this action never replaces your assets: delete it from the release or rename the file');
        }
        log.info(`${subject.name}: sha256 ${digested.sha256} (${(0,format/* formatBytes */.z3)(digested.size)}, ${(0,format/* formatSeconds */.Xo)(Date.now() - started)})`);
        return { ...subject, sha256: digested.sha256, size: digested.size };
    });
}
/**
 * The SHA-256 of an asset GitHub gives no digest for (one uploaded before GitHub computed them),
 * read from the release: whether a local file is already there cannot be judged by name alone.
 */
async function digestOnRelease(assets, asset) {
    return (await assets.digest(asset)).sha256;
}

// EXTERNAL MODULE: ./src/names.ts
var names = __webpack_require__(6455);
// EXTERNAL MODULE: ./node_modules/@sigstore/core/dist/index.js
var dist = __webpack_require__(3917);
;// CONCATENATED MODULE: ./src/verify/certificate.ts
/**
 * What a Fulcio certificate says about its signer (SAN, issuer, source repository), and whether a
 * trusted root's certificate authorities issued it. Used before anything is logged (is the trust
 * material right for this instance?) and to recognise files on a release that this repository's
 * signer wrote.
 */



/** Fulcio's extensions: v2 values are DER UTF8Strings, v1 values raw bytes. */
const OID = {
    issuerV1: '1.3.6.1.4.1.57264.1.1',
    issuerV2: '1.3.6.1.4.1.57264.1.8',
    repositoryV1: '1.3.6.1.4.1.57264.1.5',
    sourceRepositoryUri: '1.3.6.1.4.1.57264.1.12'
};
/** Parses a certificate from DER bytes or PEM text; undefined when it is not one. */
function parseCertificate(cert) {
    try {
        return dist.X509Certificate.parse(cert);
    }
    catch {
        return undefined;
    }
}
function certificateIdentity(cert) {
    return {
        san: cert.subjectAltName,
        issuer: extensionText(cert, OID.issuerV2) ?? extensionText(cert, OID.issuerV1),
        sourceRepositoryUri: extensionText(cert, OID.sourceRepositoryUri),
        repository: extensionText(cert, OID.repositoryV1)
    };
}
/**
 * Whether a certificate was issued to a workflow run of this repository: its source repository is
 * `repositoryUrl` (`<server>/<owner>/<repo>`), or its v1 repository extension names `owner/repo`.
 */
function issuedToRepository(cert, repositoryUrl) {
    const id = certificateIdentity(cert);
    const slug = new URL(repositoryUrl).pathname.replace(/^\/+|\/+$/g, '');
    return (sameText(id.sourceRepositoryUri, repositoryUrl.replace(/\/+$/, '')) ||
        sameText(id.repository, slug));
}
/**
 * Why the trusted root's certificate authorities did not issue `leaf` at `now`, or undefined when
 * one of them did (its first chain certificate signed the leaf, and both are valid now).
 */
function untrustedIssuer(leaf, root, now = new Date()) {
    if (root.certificateAuthorities.length === 0)
        return 'the trusted root lists no certificate authority';
    for (const ca of root.certificateAuthorities) {
        const start = ca.validFor?.start;
        const end = ca.validFor?.end;
        if ((start && start > now) || (end && end < now))
            continue;
        const issuer = parseCertificate(Buffer.from(ca.certChain?.certificates[0]?.rawBytes ?? []));
        if (issuer && issuer.validForDate(now) && leaf.validForDate(now) && verifies(leaf, issuer))
            return undefined;
    }
    return `none of the trusted root's ${root.certificateAuthorities.length} certificate authorities issued it`;
}
function verifies(leaf, issuer) {
    try {
        return leaf.verify(issuer);
    }
    catch {
        return false;
    }
}
function extensionText(cert, oid) {
    const value = cert.extension(oid)?.value;
    if (!value || value.length === 0)
        return undefined;
    // A DER UTF8String (tag 12) in v2 extensions; the raw text in v1 ones.
    if (value[0] === 0x0c) {
        const long = value[1] !== undefined && value[1] >= 0x80;
        const lengthBytes = long ? (value[1] ?? 0) - 0x80 : 0;
        return value.subarray(2 + lengthBytes).toString('utf8');
    }
    return value.toString('utf8');
}
function sameText(a, b) {
    return a !== undefined && a.toLowerCase() === b.toLowerCase();
}
/**
 * Checked on the certificate Fulcio returns, before any log or timestamp request: the trusted root
 * must trust its issuer and it must name the run's identity, or every bundle would fail to verify
 * after a public log had already recorded it.
 */
function checkIssuedCertificate(pem, root, expected) {
    const cert = parseCertificate(pem);
    if (!cert)
        throw new errors/* UserError */.yo('FULCIO', 'Fulcio returned something that is not a certificate');
    const why = untrustedIssuer(cert, root);
    if (why) {
        throw new errors/* UserError */.yo('TRUST_MATERIAL', `The trusted root does not trust the certificate Fulcio issued: ${why}`, "give the trusted root of the instance that signs ('trusted-root' with 'sigstore: custom'); nothing was logged");
    }
    const id = certificateIdentity(cert);
    if (id.san !== expected.san || id.issuer !== expected.issuer) {
        throw new errors/* UserError */.yo('FULCIO', `Fulcio issued a certificate for ${(0,format/* quote */.hD)(id.san ?? 'no SAN')} (issuer ${(0,format/* quote */.hD)(id.issuer ?? 'none')}), not for ${(0,format/* quote */.hD)(expected.san)} (${(0,format/* quote */.hD)(expected.issuer)})`, 'check that the signing config names the Fulcio of your instance; nothing was logged');
    }
}

// EXTERNAL MODULE: ./node_modules/@noble/curves/nist.js + 10 modules
var nist = __webpack_require__(3431);
;// CONCATENATED MODULE: ./src/util/p256.ts
/**
 * ECDSA P-256 over a SHA-256 digest, which Node's crypto cannot do: it signs and verifies only data
 * it hashes itself, and assets are hashed as they stream. The costly steps, multiplying points, are
 * OpenSSL's through `ECDH` (`setPrivateKey` works out k·G, `computeSecret` the x of k·P); noble's
 * P-256 does the rest (parsing, one point sum, scalars mod n). noble alone took about 1.7 ms a
 * signature and 2.5 ms a check on this 2-core VM (0.4 ms once it had built a key's table of
 * multiples, which took 30 ms); this way about 0.2 ms and 0.3 ms, with no table and no memo.
 */



const { Fn } = nist/* p256 */.s9.Point;
let openssl;
/** OpenSSL's ECDH with the scalar k in [1, n) as its private key (and k·G as its public one). */
function withScalar(k) {
    openssl ??= (0,external_node_crypto_.createECDH)('prime256v1');
    openssl.setPrivateKey(Buffer.from(k.toString(16).padStart(64, '0'), 'hex'));
    return openssl;
}
/** k·G for a scalar in [1, n): OpenSSL's constant-time multiplication of the base point. */
function baseMultiple(k) {
    return nist/* p256 */.s9.Point.fromBytes(withScalar(k).getPublicKey());
}
function scalarOf(bytes) {
    return BigInt(`0x${Buffer.from(bytes).toString('hex') || '0'}`);
}
/** A uniform scalar in [1, n): 384 random bits reduced mod n (bias below 2^-128). */
function randomScalar() {
    for (;;) {
        const k = Fn.create(scalarOf((0,external_node_crypto_.randomBytes)(48)));
        if (k !== 0n)
            return k;
    }
}
/**
 * Signs a SHA-256 digest with the secret scalar `secret` (32 bytes): FIPS 186-5 ECDSA with a fresh
 * random nonce, the nonce's inverse taken blinded (as (k·b)⁻¹·b) so its timing says nothing about
 * k. DER-encoded, with low S (n − S when S > n/2), as noble signed before: verifiers that insist on
 * low S (noble's default among them) accept every signature.
 */
function signPrehashed(secret, digest) {
    if (digest.length !== 32)
        throw new Error('a SHA-256 digest is 32 bytes');
    const d = scalarOf(secret);
    if (d === 0n || d >= Fn.ORDER)
        throw new Error('not a P-256 secret scalar');
    const e = Fn.create(scalarOf(digest));
    for (;;) {
        const k = randomScalar();
        const r = Fn.create(baseMultiple(k).toAffine().x);
        if (r === 0n)
            continue;
        const blind = randomScalar();
        const s = Fn.mul(Fn.mul(Fn.inv(Fn.mul(k, blind)), blind), Fn.add(e, Fn.mul(r, d)));
        if (s === 0n)
            continue;
        return new nist/* p256 */.s9.Signature(r, s > Fn.ORDER >> 1n ? Fn.neg(s) : s).toBytes('der');
    }
}
/**
 * Checks an ECDSA P-256 signature (DER) over a SHA-256 digest (high S accepted, as OpenSSL and the
 * other Sigstore clients do). False for anything malformed.
 */
function verifyPrehashed(publicKey, digest, signature) {
    try {
        if (digest.length !== 32)
            return false;
        const key = nist/* p256 */.s9.Point.fromBytes(publicKey); // on the curve, or it throws
        if (key.is0())
            return false;
        const { r, s } = nist/* p256 */.s9.Signature.fromBytes(signature, 'der'); // r and s in [1, n)
        // SEC 1: valid when x(u1·G + u2·Q) mod n = r, with u1 = e/s and u2 = r/s (mod n). That point
        // is u2·(Q + (e/r)·G): OpenSSL multiplies G by e/r, then the sum by u2, of which it gives x.
        const e = Fn.create(scalarOf(digest));
        const sum = e === 0n ? key : key.add(baseMultiple(Fn.mul(e, Fn.inv(r))));
        if (sum.is0())
            return false; // Q = −(e/r)·G: the point at infinity has no x
        const u2 = Fn.mul(r, Fn.inv(s));
        const x = withScalar(u2).computeSecret(sum.toBytes(false));
        return Fn.create(scalarOf(x)) === r;
    }
    catch {
        return false;
    }
}

// EXTERNAL MODULE: ./node_modules/@sigstore/bundle/dist/index.js
var bundle_dist = __webpack_require__(1040);
// EXTERNAL MODULE: ./node_modules/@sigstore/verify/dist/index.js
var verify_dist = __webpack_require__(4187);
;// CONCATENATED MODULE: ./src/verify/verifier.ts

/** Leaves whose certificate steps are remembered per verifier before the memo starts over. */
const MEMO_LIMIT = 1000;
const verifiers = new WeakMap();
/**
 * The DER bytes each parsed leaf came from: re-encoding them (for the memo's key, and each time
 * chain building compares the leaf with a trusted certificate) would cost what the memo saves.
 */
const leafBytes = new WeakMap();
function verifier(trust, options) {
    let byOptions = verifiers.get(trust);
    if (!byOptions)
        verifiers.set(trust, (byOptions = new Map()));
    let found = byOptions.get(options.requireTlog);
    if (!found)
        byOptions.set(options.requireTlog, (found = memoised(trust, options)));
    return found;
}
/** Parsed leaf certificates by their DER (base64): a run's or a release's bundles share one. */
const parsedLeaves = new Map();
/**
 * sigstore-js's SignedEntity for a bundle, its leaf certificate marked with the bytes it came from.
 * A leaf seen before is not parsed again: sigstore-js parses it for every bundle, and its ASN.1
 * parser throws and catches an error for each extension whose value is not DER (Fulcio's older
 * ones): about 0.8 ms a bundle, half the cost of making the entity.
 */
function signedEntity(bundle, data) {
    const material = bundle.verificationMaterial.content;
    const raw = material.$case === 'certificate'
        ? material.certificate.rawBytes
        : material.$case === 'x509CertificateChain'
            ? material.x509CertificateChain.certificates[0]?.rawBytes
            : undefined;
    if (!raw)
        return (0,verify_dist/* toSignedEntity */.DC)(bundle, data);
    const id = Buffer.from(raw).toString('base64');
    const known = parsedLeaves.get(id);
    if (known) {
        // The same bundle with no certificate to parse; the kept one takes its place.
        const keyless = {
            ...bundle,
            verificationMaterial: {
                ...bundle.verificationMaterial,
                content: { $case: 'publicKey', publicKey: { hint: '' } }
            }
        };
        return { ...(0,verify_dist/* toSignedEntity */.DC)(keyless, data), key: { $case: 'certificate', certificate: known } };
    }
    const entity = (0,verify_dist/* toSignedEntity */.DC)(bundle, data);
    if (entity.key.$case === 'certificate') {
        leafBytes.set(entity.key.certificate, Buffer.from(raw));
        if (parsedLeaves.size >= MEMO_LIMIT)
            parsedLeaves.clear();
        parsedLeaves.set(id, entity.key.certificate);
    }
    return entity;
}
function memoised(trust, options) {
    for (const authority of [...trust.certificateAuthorities, ...trust.timestampAuthorities])
        authority.certChain.forEach(rememberChecks);
    const created = new verify_dist/* Verifier */.BL(trust, {
        tlogThreshold: options.requireTlog ? 1 : 0,
        // An instance whose trusted root names no CT log (GitHub's) issues certificates without SCTs:
        // none could be checked. Any root that names CT logs requires one.
        ctlogThreshold: trust.ctlogs.length > 0 ? 1 : 0,
        timestampThreshold: 1
    });
    // A private step of sigstore-js's Verifier: should a release rename it, verification stays
    // whole, only without the memo.
    const steps = created;
    const original = steps.verifySigningKey;
    if (typeof original !== 'function')
        return created;
    const bounds = trust.certificateAuthorities.flatMap((ca) => [
        ca.validFor.start.getTime(),
        ca.validFor.end.getTime(),
        ...ca.certChain.flatMap(validity)
    ]);
    const memo = new Map();
    steps.verifySigningKey = (entity, timestamps) => {
        if (entity.key.$case !== 'certificate')
            return original.call(created, entity, timestamps);
        const leaf = entity.key.certificate;
        const leafBounds = [...bounds, ...validity(leaf)];
        const classes = timestamps.map((t) => timeClass(t.getTime(), leafBounds));
        const key = `${derOf(leaf).toString('base64')} ${classes.join(' ')}`;
        const known = memo.get(key);
        if (known)
            return known;
        const signer = original.call(created, entity, timestamps);
        if (memo.size >= MEMO_LIMIT)
            memo.clear();
        memo.set(key, signer);
        return signer;
    };
    return created;
}
/** Bytes of the trusted certificates, kept so that comparing with one encodes only the other. */
const trustedDer = new WeakMap();
/** A trusted certificate that checks its signature by each issuer once, and knows its own bytes. */
function rememberChecks(cert) {
    if (trustedDer.has(cert))
        return;
    trustedDer.set(cert, cert.root.toDER());
    const checked = new WeakMap();
    const verify = cert.verify.bind(cert);
    cert.verify = (issuer) => {
        const by = issuer ?? cert;
        let valid = checked.get(by);
        if (valid === undefined)
            checked.set(by, (valid = verify(issuer)));
        return valid;
    };
    cert.equals = (other) => other === cert || derOf(other).equals(derOf(cert));
}
function derOf(cert) {
    return trustedDer.get(cert) ?? leafBytes.get(cert) ?? cert.root.toDER();
}
function validity(cert) {
    return [cert.notBefore.getTime(), cert.notAfter.getTime()];
}
/** Where a time lies against each bound: before, at or after it. */
function timeClass(time, bounds) {
    return bounds.map((bound) => (time < bound ? '<' : time > bound ? '>' : '=')).join('');
}

;// CONCATENATED MODULE: ./src/verify/bundle.ts
/**
 * Bundle verification shared by the action's self-check and the CLI: a Sigstore bundle against a
 * trusted root and an identity policy. Message signatures are checked against the artifact's
 * SHA-256 digest, never its bytes, so verifying a 2 GiB asset costs one streamed hash.
 */





/**
 * Fulcio's extensions for GitHub's claims, DER UTF8Strings (fulcio docs/oid-info.md):
 * 1.3.6.1.4.1.57264.1.N with N = 11 Runner Environment, 12 Source Repository URI, 20 Build Trigger.
 */
const fulcioOid = (n) => [1, 3, 6, 1, 4, 1, 57264, 1, n];
const EXTENSION_OIDS = { runnerEnvironment: 11, sourceRepositoryUri: 12, trigger: 20 };
function trustMaterialFrom(root) {
    return (0,verify_dist/* toTrustMaterial */.jO)(root);
}
/** Parses a bundle from its JSON (throws when it is not a valid bundle; callers name the file). */
function parseBundle(json) {
    return (0,bundle_dist.bundleFromJSON)(json);
}
/** Verifies a message-signature bundle for an artifact known by its SHA-256 digest. */
function verifyMessageBundle(bundle, digest, trust, policy, options) {
    if (bundle.content.$case !== 'messageSignature') {
        throw new Error('the bundle holds a DSSE envelope, not a message signature');
    }
    const entity = {
        ...signedEntity(bundle),
        signature: digestContent(bundle.content.messageSignature, digest)
    };
    return verifier(trust, options).verify(entity, toPolicy(policy));
}
/** Verifies a DSSE bundle (its signature covers the envelope's payload) and returns the payload. */
function verifyDsseBundle(bundle, trust, policy, options) {
    if (bundle.content.$case !== 'dsseEnvelope') {
        throw new Error('the bundle holds a message signature, not a DSSE envelope');
    }
    const signer = verifier(trust, options).verify(signedEntity(bundle), toPolicy(policy));
    const envelope = bundle.content.dsseEnvelope;
    return { payloadType: envelope.payloadType, payload: envelope.payload, signer };
}
/** The expected SAN as a pattern: a string must match whole. */
function sanPattern(policy) {
    return typeof policy.san === 'string' ? new RegExp(`^${escapeRegExp(policy.san)}$`) : policy.san;
}
/** Whether an identity (a SAN, or a builder id that must equal it) is the one the policy expects. */
function sanMatches(policy, identity) {
    return sanPattern(policy).test(identity);
}
function toPolicy(policy) {
    const san = sanPattern(policy);
    const oids = Object.entries(EXTENSION_OIDS).flatMap(([key, n]) => {
        const value = policy[key];
        return value === undefined ? [] : [{ oid: { id: fulcioOid(n) }, value: derUtf8(value) }];
    });
    return {
        subjectAlternativeName: san,
        extensions: policy.issuer === undefined ? undefined : { issuer: policy.issuer },
        oids: oids.length > 0 ? oids : undefined
    };
}
/** DER UTF8String: @sigstore/verify compares extension values as raw bytes. */
function derUtf8(text) {
    const bytes = Buffer.from(text, 'utf8');
    const length = bytes.length < 128 ? [bytes.length] : [0x81, bytes.length];
    return Buffer.concat([Buffer.from([0x0c, ...length]), bytes]);
}
function escapeRegExp(text) {
    return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
/**
 * The signature content of a message bundle when only the artifact's digest is known: the bundle's
 * digest must equal the artifact's, and the signature must verify over that digest (prehashed).
 */
function digestContent(message, artifactDigest) {
    const { signature, messageDigest } = message;
    const bundleDigest = Buffer.from(messageDigest?.digest ?? []);
    return {
        signature,
        compareSignature: (other) => dist.crypto.bufferEqual(other, signature),
        compareDigest: (other) => dist.crypto.bufferEqual(other, bundleDigest),
        compareSignedDigest: (other) => dist.crypto.bufferEqual(other, bundleDigest),
        verifySignature: (key) => dist.crypto.bufferEqual(artifactDigest, bundleDigest) &&
            bundle_verifyPrehashed(key, artifactDigest, signature)
    };
}
function bundle_verifyPrehashed(key, digest, signature) {
    const jwk = key.export({ format: 'jwk' });
    if (jwk.crv !== 'P-256' || !jwk.x || !jwk.y)
        return false;
    const point = Buffer.concat([
        Buffer.from([4]),
        Buffer.from(jwk.x, 'base64url'),
        Buffer.from(jwk.y, 'base64url')
    ]);
    // Other signers (Go, Python) do not normalise S: high-S signatures are accepted, as by OpenSSL.
    return verifyPrehashed(point, digest, signature);
}

;// CONCATENATED MODULE: ./src/plan/ownership.ts
/**
 * A file on the release is ours only when its content proves it: a bundle or certificate issued to
 * this repository's signer, a `.sig` that verifies with our certificate beside it, a checksums file
 * with our bundle beside it, a statement signed by our signer. Anything else is the user's, whatever
 * its name, and is never replaced or deleted.
 */







/**
 * Whether `asset` (under `name`, or a temporary upload for `name`) is a file this repository's
 * signer wrote as `kind`. `sha256` is the current digest of the subject a `.sig` belongs to.
 */
async function isOurs(kind, name, asset, ctx, sha256) {
    const content = await readOrNothing(ctx, asset);
    if (!content)
        return false;
    switch (kind) {
        case 'bundle':
        case 'statement': {
            const bundle = firstBundle(content);
            if (!bundle)
                return false;
            if (kind === 'statement' && !bundle.dsseEnvelope)
                return false;
            return certificateIsOurs(leafOf(bundle), ctx.repositoryUrl);
        }
        case 'pem':
            return certificateIsOurs(content.toString('utf8'), ctx.repositoryUrl);
        case 'sig':
            return sigIsOurs(content, name, ctx, sha256);
        case 'checksums':
            return isChecksumsText(content) && (await hasOurBundle(name, ctx));
    }
}
/** Our bundle beside `name` (or its temporary upload): the proof a checksums file was ours. */
async function hasOurBundle(name, ctx) {
    const bundleName = name + names/* SIDECAR_SUFFIX */.S.bundle;
    for (const candidate of [bundleName, (0,names/* tempName */.u8)(bundleName)]) {
        const asset = ctx.byName.get(candidate);
        if (asset && (await isOurs('bundle', bundleName, asset, ctx)))
            return true;
    }
    return false;
}
/**
 * A `.sig` is ours when it verifies with the key of our certificate beside it (the `.pem`, or the
 * bundle's, final or temporary) over the subject's current digest or the digest a bundle recorded.
 * The publish stage writes in an order that keeps that proof on the release (publish/upload.ts).
 */
async function sigIsOurs(content, name, ctx, sha256) {
    const signature = Buffer.from(content.toString('utf8').trim(), 'base64');
    if (signature.length === 0)
        return false;
    const base = name.slice(0, -names/* SIDECAR_SUFFIX */.S.sig.length);
    const keys = [];
    const digests = sha256 ? [Buffer.from(sha256, 'hex')] : [];
    // The certificate beside it, final or still under its temporary name (an interrupted replacement).
    for (const pemName of [base + names/* SIDECAR_SUFFIX */.S.pem, (0,names/* tempName */.u8)(base + names/* SIDECAR_SUFFIX */.S.pem)]) {
        const pem = ctx.byName.get(pemName);
        const pemText = pem && (await readOrNothing(ctx, pem))?.toString('utf8');
        if (pemText && certificateIsOurs(pemText, ctx.repositoryUrl))
            keys.push(pemText);
    }
    for (const bundleName of [base + names/* SIDECAR_SUFFIX */.S.bundle, (0,names/* tempName */.u8)(base + names/* SIDECAR_SUFFIX */.S.bundle)]) {
        const asset = ctx.byName.get(bundleName);
        const bundle = asset && firstBundle((await readOrNothing(ctx, asset)) ?? Buffer.alloc(0));
        const leaf = bundle && leafOf(bundle);
        if (!bundle || !leaf || !certificateIsOurs(leaf, ctx.repositoryUrl))
            continue;
        keys.push(leaf);
        const recorded = bundle.messageSignature?.messageDigest?.digest;
        if (recorded)
            digests.push(Buffer.from(recorded, 'base64'));
    }
    return keys.some((key) => digests.some((digest) => verifiesWith(key, digest, signature)));
}
function verifiesWith(certificate, digest, signature) {
    const cert = parseCertificate(certificate);
    if (!cert)
        return false;
    try {
        const key = (0,external_node_crypto_.createPublicKey)({ key: cert.publicKey, format: 'der', type: 'spki' });
        return bundle_verifyPrehashed(key, digest, signature);
    }
    catch {
        return false;
    }
}
function certificateIsOurs(certificate, repositoryUrl) {
    const cert = certificate === undefined ? undefined : parseCertificate(certificate);
    return cert !== undefined && issuedToRepository(cert, repositoryUrl);
}
/** The leaf certificate of a bundle, as PEM. */
function leafOf(bundle) {
    const material = bundle.verificationMaterial;
    const der = material?.certificate?.rawBytes ?? material?.x509CertificateChain?.certificates[0]?.rawBytes;
    return der ? `-----BEGIN CERTIFICATE-----\n${der}\n-----END CERTIFICATE-----\n` : undefined;
}
async function readOrNothing(ctx, asset) {
    if (asset.state !== 'uploaded')
        return undefined;
    try {
        return await ctx.read(asset);
    }
    catch (error) {
        // Too large to be one of our files; any other failure (the network) must not pass for "not ours".
        if (error instanceof TooLargeError)
            return undefined;
        throw error;
    }
}

;// CONCATENATED MODULE: ./src/sidecars.ts
function sidecarContent(bundle, kind) {
    switch (kind) {
        case 'bundle':
            return Buffer.from(JSON.stringify(bundle));
        case 'sig':
            return Buffer.from(signatureOf(bundle));
        case 'pem':
            return Buffer.from(certificatePem(bundle));
    }
}
/** The base64 signature, as cosign's `--output-signature` writes it. */
function signatureOf(bundle) {
    const signature = bundle.messageSignature?.signature;
    if (!signature)
        throw new Error('the bundle holds no message signature');
    return signature;
}
function certificatePem(bundle) {
    const material = bundle.verificationMaterial;
    const der = material.certificate?.rawBytes ?? material.x509CertificateChain?.certificates[0]?.rawBytes;
    if (!der)
        throw new Error('the bundle holds no certificate');
    const lines = der.match(/.{1,64}/g) ?? [];
    return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
}

;// CONCATENATED MODULE: ./src/plan/reconcile.ts






async function reconcile(subject, ctx) {
    const { byName } = ctx.ownership;
    const existing = ctx.kinds.map((kind) => {
        const name = (0,names/* sidecarName */.fg)(subject.name, kind);
        return { kind, name, asset: byName.get(name), staleTemp: byName.get((0,names/* tempName */.u8)(name)) };
    });
    // Ownership first: a user's file under one of our names stops the run, whatever on-existing says.
    for (const { kind, name, asset, staleTemp } of existing) {
        for (const found of [asset, staleTemp]) {
            if (found?.state !== 'uploaded')
                continue;
            if (!(await isOurs(kind, name, found, ctx.ownership, subject.sha256))) {
                throw foreignFile(found.name, `remove '${kind}' from 'sidecars' (e.g. 'sidecars: ${otherKinds(kind)}')`);
            }
        }
    }
    const present = existing.filter((e) => e.asset !== undefined);
    if (ctx.onExisting === 'fail' && present.length > 0) {
        throw new errors/* UserError */.yo('INPUT_CONFLICT', `${(0,format/* quote */.hD)(subject.name)} already has ${present.map((e) => (0,format/* quote */.hD)(e.name)).join(', ')} on the release (on-existing: fail)`, "use 'on-existing: skip' to keep valid files and replace the others, or 'replace'");
    }
    const { bundle: reuse, staleReason } = ctx.onExisting === 'skip' && ctx.verify
        ? await reusableBundle(subject, byName, ctx.ownership, ctx.verify)
        : {};
    const sidecars = [];
    for (const { kind, name, asset, staleTemp } of existing) {
        if (!asset) {
            sidecars.push({ kind, name, action: 'upload', staleTemp });
            continue;
        }
        const keep = reuse !== undefined &&
            asset.state === 'uploaded' &&
            (await sameContent(ctx.ownership, asset, sidecarContent(reuse, kind)));
        sidecars.push({ kind, name, action: keep ? 'keep' : 'replace', existing: asset, staleTemp });
    }
    return { subject, reuse, staleReason, sidecars };
}
/** A file on the release that is not ours, under a name this run would write. */
function foreignFile(name, avoid) {
    return new errors/* UserError */.yo('FOREIGN_FILE', `The release has ${(0,format/* quote */.hD)(name)}, which sign-release did not write (its content is not ours), under a name this run would write`, `sign-release never replaces or deletes your files: ${avoid}, or rename or remove that asset`);
}
function otherKinds(kind) {
    const rest = ['bundle', 'sig', 'pem'].filter((k) => k !== kind);
    return rest.join(',');
}
/** The bundle on the release for this subject, when it verifies for the digest and identity. */
async function reusableBundle(subject, byName, reader, verify) {
    const asset = byName.get((0,names/* sidecarName */.fg)(subject.name, 'bundle'));
    if (!asset || asset.state !== 'uploaded')
        return {};
    try {
        const bundle = JSON.parse((await reader.read(asset)).toString('utf8'));
        verify(bundle, subject.sha256);
        return { bundle };
    }
    catch (error) {
        // GitHub failing is no reason to sign again: the run fails, and a re-run finds it valid.
        if (isUnavailable(error))
            throw error;
        // Not ours, stale, or for other bytes: it will be replaced.
        return { staleReason: (0,errors/* messageOf */.bD)(error) };
    }
}
async function sameContent(reader, asset, wanted) {
    if (asset.size !== wanted.length)
        return false;
    return (await reader.read(asset)).equals(wanted);
}

;// CONCATENATED MODULE: ./src/plan/release-files.ts



/**
 * Plans one release file. `current` says whether the file on the release is what this run would
 * write (so it is kept); `input` is the input that names the file, for the error that refuses it.
 */
async function planReleaseFile(name, input, kind, ownership, current) {
    const existing = ownership.byName.get(name);
    const staleTemp = ownership.byName.get((0,names/* tempName */.u8)(name));
    const avoid = input === 'sbom'
        ? `drop the 'sbom' input (its statement is always named ${name})`
        : `set '${input}' to another name`;
    if (staleTemp?.state === 'uploaded' && !(await isOurs(kind, name, staleTemp, ownership)))
        throw foreignFile(staleTemp.name, avoid);
    if (!existing)
        return { name, action: 'upload', staleTemp };
    if (existing.state === 'uploaded' && current)
        return { name, action: 'keep', existing, staleTemp };
    // A broken upload (state 'starter') holds the name but no content anyone could lose.
    if (existing.state !== 'uploaded' || (await isOurs(kind, name, existing, ownership)))
        return { name, action: 'replace', existing, staleTemp };
    throw foreignFile(name, avoid);
}

;// CONCATENATED MODULE: ./src/plan/release.ts
/** Which release to sign: by id, by tag (drafts included), or from the event that triggered the run. */


function releaseTarget(input, event) {
    if (input.releaseId !== undefined)
        return input.tag ? { id: input.releaseId, tag: input.tag } : { id: input.releaseId };
    if (input.tag)
        return { tag: input.tag };
    const release = event.payload.release;
    if (event.eventName === 'release' && typeof release?.id === 'number')
        return { id: release.id };
    if (event.ref.startsWith('refs/tags/'))
        return { tag: event.ref.slice('refs/tags/'.length) };
    throw new errors/* UserError */.yo('RELEASE', `No release to sign: the '${event.eventName}' event on ${event.ref || 'no ref'} names none`, "pass 'release-id' or 'tag', or run on a release event or a tag push");
}
async function resolveRelease(github, target) {
    let release;
    if ('id' in target) {
        release = await github.releases.get(target.id);
        // Both given: a mismatch is a workflow passing the wrong id or tag, not a reason to pick one.
        if (target.tag !== undefined && release.tagName !== target.tag) {
            throw new errors/* UserError */.yo('INPUT_CONFLICT', `Inputs 'release-id' and 'tag' disagree: release ${target.id} has tag ${(0,format/* quote */.hD)(release.tagName)}, not ${(0,format/* quote */.hD)(target.tag)}`, "pass only one of 'release-id' and 'tag', or the id of the release with that tag");
        }
    }
    else {
        const found = await github.releases.findByTag(target.tag);
        if (!found) {
            throw new errors/* UserError */.yo('RELEASE', `No release with tag '${target.tag}' in ${github.slug} (drafts included)`, 'create the release (a draft is best) before this step, or pass the right tag');
        }
        release = found;
    }
    return release;
}

// EXTERNAL MODULE: ./node_modules/minimatch/dist/esm/index.js + 8 modules
var esm = __webpack_require__(1138);
// EXTERNAL MODULE: ./node_modules/tinyglobby/dist/index.mjs + 1 modules
var tinyglobby_dist = __webpack_require__(3382);
;// CONCATENATED MODULE: ./src/plan/workspace.ts
/**
 * The only local files the action reads and uploads (`files`, `sbom`): regular files inside the
 * workspace, reached without `..`, absolute paths or symlinks that lead out, and never anything
 * under a `.git` directory (the checkout's `.git/config` holds the job's token).
 */




function workspaceError(input, problem, fix, options) {
    return new errors/* UserError */.yo('WORKSPACE_FILE', `Input '${input}': ${problem}`, fix, options);
}
/** Refuses, before anything is read, a path or glob that is absolute, climbs with `..` or names .git. */
function refuseEscape(input, pattern) {
    const segments = pattern.split(/[\\/]+/);
    // A drive letter or a leading backslash is absolute on Windows even where isAbsolute says no.
    if ((0,external_node_path_.isAbsolute)(pattern) || /^[A-Za-z]:/.test(pattern) || pattern.startsWith('\\')) {
        throw workspaceError(input, `${(0,format/* quote */.hD)(pattern)} is an absolute path`, 'give a path relative to the workspace (GITHUB_WORKSPACE)');
    }
    if (segments.includes('..')) {
        throw workspaceError(input, `${(0,format/* quote */.hD)(pattern)} climbs out of the workspace with '..'`, 'give a path inside the workspace, without ..');
    }
    if (segments.some(isGit))
        throw underGit(input, pattern);
}
/** The workspace's real path: every local file must resolve to a path under it. */
async function workspaceRoot(workspace) {
    try {
        return await (0,promises_.realpath)(workspace);
    }
    catch (error) {
        throw new errors/* UserError */.yo('RUNNER_ENV', `The workspace ${(0,format/* quote */.hD)(workspace)} (GITHUB_WORKSPACE) cannot be resolved`, 'check out the repository or set GITHUB_WORKSPACE to an existing directory', { cause: error });
    }
}
/**
 * Confines one local path (absolute, under `cwd`): it must resolve, symlinks followed, to a regular
 * file inside `root` (the workspace's real path), and neither the path nor its target may pass
 * through .git. Returns the real path, so that what is read later is what was checked here.
 */
async function confine(input, root, cwd, path) {
    const shown = (0,external_node_path_.relative)(cwd, path) || path;
    let real;
    try {
        real = await (0,promises_.realpath)(path);
    }
    catch (error) {
        throw workspaceError(input, `${(0,format/* quote */.hD)(shown)} does not exist or is a broken symlink`, 'check the path and that the build wrote the file', { cause: error });
    }
    const inside = (0,external_node_path_.relative)(root, real);
    if (inside === '' || inside === '..' || inside.startsWith(`..${external_node_path_.sep}`) || (0,external_node_path_.isAbsolute)(inside)) {
        throw workspaceError(input, `${(0,format/* quote */.hD)(shown)} resolves to ${(0,format/* quote */.hD)(real)}, outside the workspace`, 'copy the file into the workspace instead of linking to it');
    }
    if (shown.split(external_node_path_.sep).some(isGit) || inside.split(external_node_path_.sep).some(isGit))
        throw underGit(input, shown);
    const info = await (0,promises_.stat)(real);
    if (!info.isFile()) {
        throw workspaceError(input, `${(0,format/* quote */.hD)(shown)} is not a regular file`, info.isDirectory()
            ? `name the files in it with a glob, e.g. ${(0,format/* quote */.hD)(`${shown}/*`)}`
            : 'give regular files only');
    }
    return { real, size: info.size };
}
/**
 * A pattern without glob syntax that names a directory (or a device, a pipe, a broken link) would
 * silently match nothing: refuse it, with the glob that names the files in a directory.
 */
async function refuseNonFile(input, cwd, pattern) {
    const path = (0,external_node_path_.resolve)(cwd, pattern);
    const info = await (0,promises_.stat)(path).catch(() => undefined);
    if (!info) {
        // A link to nothing: the glob would skip it, and the user would wonder why.
        const link = await (0,promises_.lstat)(path).catch(() => undefined);
        if (link?.isSymbolicLink())
            throw workspaceError(input, `${(0,format/* quote */.hD)(pattern)} is a broken symlink`, 'link to a file that exists');
        return;
    }
    if (info.isFile())
        return;
    if (!info.isDirectory())
        throw workspaceError(input, `${(0,format/* quote */.hD)(pattern)} is not a regular file`, 'give regular files only');
    const dir = pattern.replace(/[\\/]+$/, '');
    throw workspaceError(input, `${(0,format/* quote */.hD)(pattern)} is a directory`, `name the files in it with a glob, e.g. ${(0,format/* quote */.hD)(dir === '.' ? '*' : `${dir}/*`)}`);
}
function underGit(input, path) {
    return workspaceError(input, `${(0,format/* quote */.hD)(path)} is under .git, which holds the checkout's credentials`, 'upload build outputs only; never anything from .git');
}
/** Case-insensitive, as on the file systems of macOS and Windows runners. */
function isGit(segment) {
    return segment.toLowerCase() === '.git';
}

;// CONCATENATED MODULE: ./src/plan/subjects.ts
/**
 * What gets signed: the release's assets whose names match `assets`, never this action's own
 * outputs, plus local `files` that are uploaded first and signed from their local bytes.
 */








/**
 * The local files `files` names, confined to the workspace (see workspace.ts). Dotfiles match only
 * a pattern that spells the dot, and a directory never stands for everything under it.
 */
async function localFiles(patterns, cwd) {
    if (patterns.length === 0)
        return [];
    for (const pattern of patterns)
        refuseEscape('files', pattern);
    for (const pattern of patterns.filter((p) => !(0,tinyglobby_dist/* isDynamicPattern */.ey)(p)))
        await refuseNonFile('files', cwd, pattern);
    const root = await workspaceRoot(cwd);
    const paths = await (0,tinyglobby_dist/* glob */.TI)(patterns, {
        cwd,
        absolute: true,
        onlyFiles: true,
        dot: false,
        expandDirectories: false
    });
    if (paths.length === 0) {
        throw new errors/* UserError */.yo('NO_SUBJECTS', `Input 'files': no file matches ${patterns.map(format/* quote */.hD).join(', ')} in the workspace`, 'check the globs and that the build wrote the files');
    }
    const files = [];
    for (const path of paths.sort()) {
        const { real, size } = await confine('files', root, cwd, path);
        // Named as the user named it (a link's own name), read from where it really is.
        files.push({ path: real, name: (0,names/* storedName */.Rs)((0,external_node_path_.basename)(path)), size });
    }
    const seen = new Map();
    for (const file of files) {
        const other = seen.get(file.name);
        if (other) {
            throw new errors/* UserError */.yo('INPUT_CONFLICT', `Input 'files': ${(0,format/* quote */.hD)(other)} and ${(0,format/* quote */.hD)(file.path)} would both be stored as ${(0,format/* quote */.hD)(file.name)}`, 'give release files distinct names');
        }
        seen.set(file.name, file.path);
    }
    return files;
}
function selectSubjects(assets, files, patterns, releaseFiles) {
    const allNames = new Set([...assets.map((a) => a.name), ...files.map((f) => f.name)]);
    const byName = new Map(assets.map((a) => [a.name, a]));
    const fileNames = new Set(files.map((f) => f.name));
    const subjects = files.map((f) => ({
        kind: 'file',
        ...f,
        existing: byName.get(f.name)
    }));
    const skipped = [];
    for (const asset of assets) {
        if (fileNames.has(asset.name) || (0,names/* isOwnOutput */.Qs)(asset.name, allNames, releaseFiles))
            continue;
        if (!patterns.some((p) => (0,esm/* minimatch */.xF)(asset.name, p, { dot: true })))
            continue;
        if (asset.state !== 'uploaded') {
            skipped.push({
                name: asset.name,
                reason: `its upload never finished (state '${asset.state}')`
            });
            continue;
        }
        subjects.push({ kind: 'asset', name: asset.name, asset });
    }
    for (const file of releaseFiles) {
        if (subjects.some((s) => s.name === file)) {
            throw new errors/* UserError */.yo('INPUT_CONFLICT', `'${file}' is both an asset to sign and a file this action writes`, 'rename the asset, or change provenance-name / checksums');
        }
    }
    subjects.sort(sort/* byName */.n);
    return { subjects, skipped };
}

// EXTERNAL MODULE: ./src/plan/signed-subjects.ts
var signed_subjects = __webpack_require__(2977);
;// CONCATENATED MODULE: ./src/util/prefetch.ts
/**
 * A call started before anyone asks for it: the first ask with the same key gets the answer already
 * on its way, every later ask (or another key) calls again. A failure of the early call surfaces
 * only when it is asked for, so an error found before then is the one reported (a release that is
 * not there, rather than the listing of its assets that failed with it).
 */
function prefetched(call, key) {
    let early = call(key);
    early.catch(() => { });
    return (wanted) => {
        if (early === undefined || wanted !== key)
            return call(wanted);
        const answer = early;
        early = undefined;
        return answer;
    };
}

;// CONCATENATED MODULE: ./src/plan/index.ts


















/** Many small assets are bound by round trips (the API, then storage); large ones stream in 1 MiB reads. */
const CONCURRENCY = { hash: 16, read: 8 };
async function planRun(ctx) {
    const { github, inputs, log } = ctx;
    const target = releaseTarget(inputs, ctx.event);
    // Given its id, the release's assets are listed while it is read and its authorisation checked.
    const listAssets = 'id' in target ? prefetched(listOf(github), target.id) : listOf(github);
    const release = await resolveRelease(github, target);
    log.info(`Release ${release.tagName} (id ${release.id}${release.draft ? ', draft' : ''}): ${release.htmlUrl}`);
    const authorization = await ctx.authorize?.(release);
    if (authorization)
        log.info(`Authorised in environment ${(0,format/* quote */.hD)(authorization.environment.name)} by ${authorization.approvals
            .filter((a) => a.state === 'approved')
            .map((a) => (0,format/* quote */.hD)(a.login))
            .join(', ')}`);
    const assets = await listAssets(release.id);
    const { files, sbom } = ctx.local;
    const releaseFiles = [
        ...(inputs.provenance ? [inputs.provenanceName] : []),
        ...(authorization ? [inputs.authorizationName] : []),
        ...(inputs.sbom ? [names/* SBOM_FILE */.HO] : []),
        ...(inputs.checksums ? [inputs.checksums] : [])
    ];
    const { subjects, skipped } = selectSubjects(assets, files, inputs.assets, releaseFiles);
    for (const s of skipped)
        log.warning(`Not signing '${s.name}': ${s.reason}`);
    if (subjects.length === 0) {
        throw new errors/* UserError */.yo('NO_SUBJECTS', `No asset of release ${release.tagName} matches 'assets: ${inputs.assets.join(', ')}' (the release has ${assets.length}: ${assets.map((a) => a.name).join(', ') || 'none'})`, "upload the assets before this step, fix the 'assets' globs, or pass local 'files'");
    }
    const hashed = await log.group(`Hashing ${subjects.length} subject${subjects.length === 1 ? '' : 's'}`, () => hashSubjects(subjects, github.assets, log, CONCURRENCY.hash));
    const byName = new Map(assets.map((a) => [a.name, a]));
    const ownership = { repositoryUrl: ctx.repositoryUrl, byName, read: ctx.read };
    const judge = ctx.verifier;
    // Nothing can be written on a published immutable release: judge what is there as a skip would.
    const onExisting = isSealed(release) ? 'skip' : inputs.onExisting;
    const plans = await mapLimit(hashed, CONCURRENCY.read, (s) => reconcile(s, { kinds: inputs.sidecars, onExisting, ownership, verify: judge?.verify }));
    for (const p of plans)
        if (p.staleReason)
            log.info(`${(0,format/* quote */.hD)(p.subject.name)}: the bundle on the release is replaced (${p.staleReason})`);
    const checksums = inputs.checksums
        ? await planChecksums(inputs, onExisting, hashed, ownership, judge)
        : undefined;
    const statements = [];
    if (inputs.provenance) {
        const planned = await planStatementFile(inputs.provenanceName, 'provenance-name', onExisting, hashed, ownership, judge);
        statements.push({ kind: 'provenance', ...planned, predicateType: intoto/* SLSA_PROVENANCE_TYPE */.L$ });
    }
    if (sbom) {
        const planned = await planStatementFile(names/* SBOM_FILE */.HO, 'sbom', onExisting, hashed, ownership, judge, (statement) => JSON.stringify(statement.predicate) === JSON.stringify(sbom.document));
        statements.push({
            kind: 'sbom',
            ...planned,
            predicateType: sbom.predicateType,
            predicate: sbom.document
        });
    }
    if (authorization) {
        const planned = await planStatementFile(inputs.authorizationName, 'authorization-name', onExisting, hashed, ownership, judge, (statement) => statement.predicateType === intoto/* AUTHORIZATION_TYPE */.HW && stillValid(statement, authorization));
        statements.push({
            kind: 'authorization',
            ...planned,
            predicateType: intoto/* AUTHORIZATION_TYPE */.HW,
            predicate: authorization
        });
    }
    const budget = budgetFor(assets.length, plans, checksums, statements, inputs);
    log.info(`Plan: ${plans.filter((p) => !p.reuse).length} to sign, ${plans.filter((p) => p.reuse).length} already signed; ` +
        `${budget.newAssets} new assets (${budget.assetsAfter} of 1000 after), ${budget.contentRequests} content-creating requests` +
        (budget.minimumMinutes > 0
            ? ` (GitHub allows ${CONTENT_REQUESTS_PER_MINUTE} a minute: ${budget.minimumMinutes + 1} windows, paced over at least ${budget.minimumMinutes} minute${budget.minimumMinutes === 1 ? '' : 's'})`
            : ''));
    const plan = { release, assets, subjects: plans, checksums, statements, skipped, budget };
    if (isSealed(release)) {
        refuseIncomplete(plan);
        log.info(`Release ${(0,format/* quote */.hD)(release.tagName)} is published and immutable, and every file is already on it and verifies: nothing to do`);
    }
    return plan;
}
/** A published immutable release: GitHub accepts no asset on it any more. */
function isSealed(release) {
    return !release.draft && release.immutable;
}
/**
 * On a sealed release a re-run succeeds when everything is already there and verifies (nothing to
 * do); anything still missing cannot be added, and the refusal lists it.
 */
function refuseIncomplete(plan) {
    const missing = [
        ...plan.subjects.filter((p) => p.subject.kind === 'file' && p.subject.existing?.state !== 'uploaded')
    ].map((p) => p.subject.name);
    for (const p of (0,signed_subjects/* signedSubjects */.c)(plan)) {
        for (const s of p.sidecars)
            if (s.action !== 'keep')
                missing.push(s.name);
    }
    if (plan.checksums && plan.checksums.file.action !== 'keep')
        missing.push(plan.checksums.file.name);
    for (const st of plan.statements)
        if (st.file.action !== 'keep')
            missing.push(st.file.name);
    if (missing.length === 0)
        return;
    throw new errors/* UserError */.yo('RELEASE', `Release ${(0,format/* quote */.hD)(plan.release.tagName)} is published and immutable, and still lacks ${missing.length} file${missing.length === 1 ? '' : 's'} that cannot be added now: ${missing.map(format/* quote */.hD).join(', ')}`, "sign while the release is a draft, and let this action publish it with 'publish: true'");
}
async function planChecksums(inputs, onExisting, hashed, ownership, judge) {
    const name = inputs.checksums;
    const content = renderChecksums(hashed);
    const existing = ownership.byName.get(name);
    const subject = {
        kind: 'generated',
        name,
        content,
        existing,
        ...digestBuffer(content)
    };
    const current = existing?.digest === subject.sha256;
    const file = await planReleaseFile(name, 'checksums', 'checksums', ownership, current);
    // Sidecars of a rewritten checksums file belong to the old content: sign anew.
    const sidecarPlan = await reconcile(subject, {
        kinds: inputs.sidecars,
        onExisting: current ? onExisting : 'replace',
        ownership,
        verify: judge?.verify
    });
    return { ...sidecarPlan, file, content };
}
/**
 * Plans a statement file (provenance, SBOM, authorisation): kept when it verifies for this identity
 * and covers exactly these subjects, and `matches` accepts its predicate (an SBOM: this very
 * document; an authorisation: still valid for this run).
 */
async function planStatementFile(name, input, onExisting, hashed, ownership, judge, matches) {
    const existing = ownership.byName.get(name);
    // Without a token (a dry run) nothing can be verified: a file of ours is planned as stale.
    let kept;
    if (existing?.state === 'uploaded' && judge && onExisting === 'skip') {
        const content = await ownership.read(existing);
        if (isCurrent(judge, content, hashed, matches))
            kept = firstBundle(content);
    }
    const file = await planReleaseFile(name, input, 'statement', ownership, kept !== undefined);
    if (existing && onExisting === 'fail') {
        throw new errors/* UserError */.yo('INPUT_CONFLICT', `${(0,format/* quote */.hD)(name)} is already on the release (on-existing: fail)`, "use 'on-existing: skip' or 'replace'");
    }
    return { file, kept };
}
function isCurrent(judge, content, hashed, matches) {
    try {
        const statement = judge.statementOf(content);
        return (matches === undefined || matches(statement)) && (0,intoto/* coversExactly */.PA)(statement, hashed);
    }
    catch {
        return false;
    }
}
function budgetFor(existing, plans, checksums, statements, inputs) {
    const files = plans.filter((p) => p.subject.kind === 'file' && p.subject.existing?.state !== 'uploaded');
    const newFiles = files.filter((p) => p.subject.kind === 'file' && p.subject.existing === undefined).length;
    const writes = [
        ...plans.flatMap((p) => p.sidecars),
        ...(checksums ? [...checksums.sidecars, checksums.file] : []),
        ...statements.map((st) => st.file)
    ].filter((w) => w.action !== 'keep');
    const attest = inputs.attestations === 'false'
        ? 0
        : statements.filter((st) => st.file.action !== 'keep').length;
    // Leftover temporary uploads beside kept files are deleted.
    const leftovers = [
        ...plans.flatMap((p) => p.sidecars),
        ...(checksums ? [...checksums.sidecars, checksums.file] : []),
        ...statements.map((st) => st.file)
    ].filter((w) => w.action === 'keep' && w.staleTemp).length;
    return checkBudget({
        existingAssets: existing,
        newAssets: newFiles +
            writes.filter((w) => w.action === 'upload').length -
            writes.filter((w) => w.staleTemp).length -
            leftovers,
        contentRequests: files.length +
            leftovers +
            writes.reduce((n, w) => n + requestsFor({ replace: w.existing, staleTemp: w.staleTemp }), 0) +
            attest +
            (inputs.publish ? 1 : 0)
    });
}
function listOf(github) {
    return (releaseId) => github.assets.list(releaseId);
}

;// CONCATENATED MODULE: ./src/plan/sbom.ts
/** An SBOM to attest over the release's subjects: a CycloneDX or SPDX JSON document. */






async function readSbom(path, workspace) {
    refuseEscape('sbom', path);
    const { real } = await confine('sbom', await workspaceRoot(workspace), workspace, (0,external_node_path_.resolve)(workspace, path));
    const text = await (0,promises_.readFile)(real, 'utf8');
    let document;
    try {
        document = JSON.parse(text);
    }
    catch {
        // The parser's message quotes the file's bytes: say only that it is not JSON.
        throw (0,errors/* inputError */.Xu)('sbom', `${(0,format/* quote */.hD)(path)} is not JSON`, 'give the path of a CycloneDX or SPDX JSON file');
    }
    if (typeof document === 'object' && document !== null && !Array.isArray(document)) {
        const object = document;
        if (object.bomFormat === 'CycloneDX')
            return { predicateType: intoto/* CYCLONEDX_TYPE */.bo, document: object };
        if (typeof object.spdxVersion === 'string' && object.spdxVersion.startsWith('SPDX-')) {
            return { predicateType: intoto/* SPDX_TYPE */.JZ, document: object };
        }
    }
    throw (0,errors/* inputError */.Xu)('sbom', `${(0,format/* quote */.hD)(path)} is neither CycloneDX (bomFormat) nor SPDX (spdxVersion) JSON`, 'generate the SBOM in CycloneDX or SPDX JSON format');
}

;// CONCATENATED MODULE: ./src/plan/local.ts


async function readLocalInputs(inputs, workspace) {
    return {
        files: await localFiles(inputs.files, workspace),
        sbom: inputs.sbom ? await readSbom(inputs.sbom, workspace) : undefined
    };
}

;// CONCATENATED MODULE: ./src/plan/private-repository.ts
/**
 * The one rule about private and internal repositories: signing one on the public-good instance
 * publishes its name and workflow in public logs, so it needs the user's explicit consent.
 */

async function refusePrivateOnPublicLog(inputs, slug, visibility) {
    if (inputs.sigstore !== 'public-good' || inputs.privateRepository)
        return;
    const seen = await visibility();
    if (seen === 'public')
        return;
    throw new errors/* UserError */.yo('INPUT_CONFLICT', `${slug} is ${seen}: signing on the public-good instance writes its name and workflow into public logs`, "set 'private-repository: true' to accept that, or use your own instance with 'sigstore: custom'");
}

;// CONCATENATED MODULE: ./src/policy.ts
/**
 * Origin policy: which runs may use the signing identity at all. Checked from the OIDC token's
 * claims (signed by GitHub, unlike environment variables a step can change) before anything is
 * signed; each refusal names the claim, its value and the input that would allow it.
 */



/** Runs on untrusted code with the base repository's secrets: never allowed unless named. */
const REFUSED_UNLESS_NAMED = ['pull_request_target'];
/** Throws POLICY when the run's claims fall outside the policy; returns what was enforced. */
function enforceOrigin(identity, policy) {
    const { ref, eventName, refProtected, runnerEnvironment } = identity;
    if (policy.allowedRefs.length > 0 && !policy.allowedRefs.some((g) => (0,esm/* minimatch */.xF)(ref, g))) {
        throw policy_refusal('ref', ref, 'allowed-refs', `add a glob that matches it to 'allowed-refs'`);
    }
    const events = policy.allowedEvents;
    if (events.length > 0 ? !events.includes(eventName) : REFUSED_UNLESS_NAMED.includes(eventName)) {
        throw policy_refusal('event_name', eventName, 'allowed-events', events.length > 0
            ? `add '${eventName}' to 'allowed-events'`
            : `${eventName} runs code from forks with this repository's permissions: name it in 'allowed-events' only if the job never checks out that code`);
    }
    if (policy.requireProtectedRef && !refProtected) {
        throw policy_refusal('ref_protected', String(refProtected), 'require-protected-ref', `protect ${(0,format/* quote */.hD)(ref)} with a branch or tag rule (ruleset), or set 'require-protected-ref: false'`);
    }
    if (policy.runnerEnvironment === 'github-hosted' && runnerEnvironment !== 'github-hosted') {
        throw policy_refusal('runner_environment', runnerEnvironment || 'absent', 'runner-environment', "run the job on a GitHub-hosted runner (SLSA Build L3 needs one), or set 'runner-environment: any'");
    }
    return describePolicy(policy);
}
/** The policy in words, for the log and the job summary. */
function describePolicy(policy) {
    return [
        `refs: ${policy.allowedRefs.length > 0 ? policy.allowedRefs.join(', ') : 'any'}`,
        `events: ${policy.allowedEvents.length > 0 ? policy.allowedEvents.join(', ') : `any but ${REFUSED_UNLESS_NAMED.join(', ')}`}`,
        `protected ref: ${policy.requireProtectedRef ? 'required' : 'not required'}`,
        `runner: ${policy.runnerEnvironment}`
    ];
}
function policy_refusal(claim, value, input, fix) {
    return new errors/* UserError */.yo('POLICY', `The origin policy refuses this run: the OIDC token's '${claim}' is ${(0,format/* quote */.hD)(value)}, which '${input}' does not allow`, `${fix}; nothing was signed`);
}

;// CONCATENATED MODULE: ./src/publish/bundle-files.ts
/** The run's bundles and statements as local files under RUNNER_TEMP, for later steps to use. */


async function writeBundleFiles(dir, signed) {
    await (0,promises_.mkdir)(dir, { recursive: true });
    const bundlePaths = [];
    for (const [name, bundle] of signed.bundles) {
        const path = (0,external_node_path_.join)(dir, `${name}.sigstore.json`);
        await (0,promises_.writeFile)(path, JSON.stringify(bundle));
        bundlePaths.push(path);
    }
    let provenancePath;
    for (const st of signed.statements) {
        const path = (0,external_node_path_.join)(dir, st.name);
        await (0,promises_.writeFile)(path, JSON.stringify(st.bundle) + '\n');
        if (st.kind === 'provenance')
            provenancePath = path;
    }
    return { bundlePaths, provenancePath };
}

;// CONCATENATED MODULE: ./src/publish/attestation.ts


async function storeAttestation(attestations, bundle, mode, serverUrl, log, what = 'the provenance') {
    if (mode === 'false')
        return undefined;
    try {
        const id = await attestations.create(bundle);
        const url = attestations.webUrl(serverUrl, id);
        log.info(`Stored ${what} in GitHub's attestations API: ${url}`);
        return { id, url };
    }
    catch (error) {
        if (!(error instanceof AttestationsRefused))
            throw error;
        const message = `Could not store ${what} in GitHub's attestations API (HTTP ${error.httpStatus}): ${error.why}`;
        if (mode === 'true')
            throw new errors/* UserError */.yo('ATTESTATIONS', message, "set 'attestations: auto' to continue without it", {
                cause: error
            });
        log.warning(`${message}. It is on the release as a file. (${(0,errors/* messageOf */.bD)(error.cause)})`);
        return undefined;
    }
}
/**
 * For a statement kept from an earlier run: stores it unless GitHub already holds it, so a re-run
 * after a failed attestation step finishes the job.
 */
async function ensureAttestation(attestations, bundle, subjectDigest, mode, serverUrl, log, what) {
    if (mode === 'false')
        return undefined;
    const signature = bundle.dsseEnvelope?.signatures[0]?.sig;
    try {
        const stored = await attestations.list(subjectDigest);
        if (stored?.some((b) => b.dsseEnvelope?.signatures[0]?.sig === signature)) {
            log.info("The attestation is already in GitHub's attestations API");
            return undefined;
        }
    }
    catch (error) {
        // Unavailable here: storing will say so, or warn, as the mode asks.
        log.debug(`Listing attestations failed: ${(0,errors/* messageOf */.bD)(error)}`);
    }
    return storeAttestation(attestations, bundle, mode, serverUrl, log, what);
}

;// CONCATENATED MODULE: ./src/publish/index.ts




/** After the uploads (./uploads.ts): leftovers, the attestations API, then publishing the draft. */
async function publishPlan(input) {
    const { github, plan, signed, log } = input;
    const release = plan.release;
    // A temporary upload of ours left beside a file that is kept: nothing will replace it, so remove it.
    if (!isSealed(release)) {
        for (const file of keptWithLeftovers(plan)) {
            await github.assets.delete(file.staleTemp.id);
            log.info(`Removed ${(0,format/* quote */.hD)(file.staleTemp.name)}, left by an interrupted run`);
        }
    }
    let attestation;
    const first = plan.subjects[0]?.subject;
    for (const st of plan.statements) {
        const fresh = signed.statements.find((s) => s.name === st.file.name);
        let stored;
        if (fresh) {
            stored = await storeAttestation(github.attestations, fresh.bundle, input.attestations, input.serverUrl, log, st.file.name);
        }
        else if (st.kept && first) {
            const digest = `sha256:${first.sha256}`;
            stored = await ensureAttestation(github.attestations, st.kept, digest, input.attestations, input.serverUrl, log, st.file.name);
        }
        if (st.kind === 'provenance')
            attestation = stored;
    }
    let published = false;
    if (input.publishDraft && release.draft) {
        await github.releases.publish(release.id);
        published = true;
        log.info(`Published release ${release.tagName}`);
    }
    return { attestation, published };
}
/** Kept files whose temporary upload of an earlier run is still on the release. */
function keptWithLeftovers(plan) {
    const files = [
        ...(0,signed_subjects/* signedSubjects */.c)(plan).flatMap((p) => p.sidecars),
        ...(plan.checksums ? [plan.checksums.file] : []),
        ...plan.statements.map((st) => st.file)
    ];
    return files.filter((f) => f.action === 'keep' && f.staleTemp !== undefined);
}

;// CONCATENATED MODULE: ./src/publish/upload.ts
/**
 * Writing to the release without ever losing or altering a user's asset, and so that a failure at
 * any point leaves a state a re-run can finish. A subject's files are written together in two
 * phases: first every new file goes up (under a temporary name where it replaces a stale one of
 * ours), proofs first (bundle, certificate, then `.sig`); then each stale file is deleted and the
 * temporary upload renamed, proofs last. Every `.sig` on the release, old or new, final or temporary,
 * thus always has the certificate that proves it ours beside it (src/plan/ownership.ts).
 *
 * A request that failed midway (a dropped connection, a timeout, GitHub giving up) may still have
 * landed: the release is read back before the next try, and a file with our bytes counts as done.
 */






/** Tries of one request (each a single request: GitHub's own retries would not look first). */
const ATTEMPTS = 5;
/** Writes one file: see putFiles. */
async function putFile(assets, release, request) {
    const [asset] = await putFiles(assets, release, [request]);
    return asset;
}
/**
 * Writes files that belong together, in the order given (proofs first), in the two phases above.
 * Returns the assets as they end up on the release, in the same order.
 */
async function putFiles(assets, release, requests) {
    const io = new ReleaseWrites(assets, release);
    const staged = [];
    for (const request of requests) {
        if (request.staleTemp)
            await io.remove(request.staleTemp);
        const { replace } = request;
        if (replace?.state === 'uploaded') {
            staged.push({ request, asset: await io.upload((0,names/* tempName */.u8)(request.name), request), swap: true });
            continue;
        }
        // A broken upload (state 'starter') holds the name but no content anyone could lose.
        if (replace)
            await io.remove(replace);
        staged.push({ request, asset: await io.upload(request.name, request), swap: false });
    }
    for (const entry of [...staged].reverse()) {
        if (!entry.swap || !entry.request.replace)
            continue;
        await io.remove(entry.request.replace);
        entry.asset = await io.rename(entry.asset, entry.request.name, sha256Of(entry.request));
    }
    return staged.map((entry) => entry.asset);
}
function sha256Of(request) {
    return (request.sha256 ?? ('buffer' in request.body ? digestBuffer(request.body.buffer).sha256 : ''));
}
/** Single release writes with bounded retries that look at the release before trying again. */
class ReleaseWrites {
    assets;
    release;
    constructor(assets, release) {
        this.assets = assets;
        this.release = release;
    }
    /** Uploads under `name`; a file of ours already there with these bytes counts as done. */
    upload(name, request) {
        const sha256 = sha256Of(request);
        return this.retrying(() => this.assets.upload(this.release, name, request.body, request.contentType), async (assets, error) => {
            const left = assets.find((a) => a.name === name);
            if (!left)
                return undefined;
            if (left.state === 'uploaded' && sha256 && left.digest === sha256)
                return left;
            if (left.state === 'uploaded' && left.id !== request.replace?.id) {
                // Neither ours nor the file being replaced: a re-run judges it; this run leaves it alone.
                throw new errors/* UserError */.yo('FOREIGN_FILE', `Another file named ${(0,format/* quote */.hD)(name)} appeared on the release while this run was uploading it`, 're-run the job: it keeps the file if it is a valid one of ours, and never replaces a file of yours', { cause: error });
            }
            // A broken upload of ours (state 'starter') in the way of the next try.
            await this.assets.delete(left.id);
            return undefined;
        });
    }
    /** Deletes an asset of ours; one already gone counts as done. */
    async remove(asset) {
        await this.retrying(async () => {
            await this.assets.delete(asset.id);
            return asset;
        }, (assets) => Promise.resolve(assets.some((a) => a.id === asset.id) ? undefined : asset));
    }
    /** Renames our temporary upload; the final name already holding our bytes counts as done. */
    rename(asset, name, sha256) {
        return this.retrying(() => this.assets.rename(asset.id, name), (assets) => Promise.resolve(assets.find((a) => a.name === name && (a.id === asset.id || a.digest === sha256))));
    }
    /**
     * Runs `write`; when GitHub was unavailable, reads the release back and lets `landed` say
     * whether the write took effect after all (an asset) or should be tried again (undefined).
     */
    retrying(write, landed) {
        return (0,retry/* withRetries */.L)(async () => {
            try {
                return await write();
            }
            catch (error) {
                if (!isUnavailable(error))
                    throw error;
                const done = await landed(await this.assets.list(this.release.id), error);
                if (done)
                    return done;
                throw error;
            }
        }, { attempts: ATTEMPTS, retryable: isUnavailable });
    }
}

;// CONCATENATED MODULE: ./src/publish/uploads.ts







/**
 * Sidecar uploads are round trips more than bandwidth, so as many go at once as signatures are
 * made (well under GitHub's 100 concurrent requests); the pacer keeps them within its windows.
 * With 10, a paced run's first window of writes left late and every later window inherited it.
 */
const UPLOAD_CONCURRENCY = 32;
/** Proofs first: the bundle and certificate go up before the `.sig` they vouch for. */
const WRITE_ORDER = { bundle: 0, pem: 1, sig: 2 };
function startUploads(input) {
    const { github, plan, log } = input;
    const release = plan.release;
    const pool = new TaskPool(UPLOAD_CONCURRENCY);
    const subjects = new Map((0,signed_subjects/* signedSubjects */.c)(plan).map((p) => [p.subject.name, p]));
    /** Local files by subject name, each resolving once it is on the release. */
    let localFiles;
    let count = 0;
    // The first write waits for the first verified bundle: everything before it (the certificate
    // check above all) still refuses a run with nothing written.
    const begin = () => {
        if (localFiles)
            return localFiles;
        localFiles = new Map();
        for (const s of plan.subjects.map((p) => p.subject)) {
            if (s.kind !== 'file' || s.existing?.state === 'uploaded')
                continue;
            localFiles.set(s.name, pool.add(() => uploadLocalFile(github.assets, release, s, log)));
        }
        for (const p of (0,signed_subjects/* signedSubjects */.c)(plan))
            if (p.reuse)
                queueSidecars(p, p.reuse);
        return localFiles;
    };
    const queue = (chain, after) => {
        const pending = chain.filter((w) => w.plan.action !== 'keep');
        if (pending.length === 0)
            return;
        count += pending.length;
        void pool.add(async () => {
            await after;
            await putFiles(github.assets, release, pending.map((w) => ({
                name: w.plan.name,
                body: { buffer: w.body() },
                contentType: w.contentType,
                replace: w.plan.existing,
                staleTemp: w.plan.staleTemp
            })));
            for (const w of pending)
                log.info(`${w.plan.action === 'replace' ? 'Replaced' : 'Uploaded'} ${w.plan.name}`);
        });
    };
    const queueSidecars = (p, bundle) => {
        const sidecars = [...p.sidecars].sort((a, b) => WRITE_ORDER[a.kind] - WRITE_ORDER[b.kind]);
        queue(sidecars.map((sidecar) => ({
            plan: sidecar,
            body: () => sidecarContent(bundle, sidecar.kind),
            contentType: names/* SIDECAR_CONTENT_TYPE */.DS[sidecar.kind]
        })), localFiles?.get(p.subject.name));
    };
    return {
        signed(name, bundle) {
            pool.throwIfFailed();
            begin();
            const p = subjects.get(name);
            if (!p)
                throw new Error(`'${name}' is not a subject of this run`);
            queueSidecars(p, bundle);
        },
        async finish(signed) {
            begin();
            if (plan.checksums) {
                const content = plan.checksums.content;
                queue([{ plan: plan.checksums.file, body: () => content, contentType: 'text/plain' }]);
            }
            for (const st of plan.statements) {
                const fresh = signed.statements.find((s) => s.name === st.file.name);
                if (!fresh)
                    continue;
                const body = () => Buffer.from(JSON.stringify(fresh.bundle) + '\n');
                queue([{ plan: st.file, body, contentType: 'application/jsonl' }]);
            }
            await pool.drain();
            if (count === 0)
                log.info('Everything was already on the release and valid');
            else
                log.info(`Uploaded ${count} file${count === 1 ? '' : 's'}`);
        },
        async abandon() {
            await pool.drain().catch(() => undefined);
        }
    };
}
async function uploadLocalFile(assets, release, s, log) {
    if (s.kind !== 'file')
        return;
    const asset = await putFile(assets, release, {
        name: s.name,
        body: { path: s.path, size: s.size },
        contentType: 'application/octet-stream',
        replace: s.existing,
        sha256: s.sha256
    });
    if (asset.name !== s.name || (asset.digest && asset.digest !== s.sha256)) {
        throw new errors/* UserError */.yo('ASSET_MISMATCH', `GitHub stored ${s.path} as '${asset.name}' (SHA-256 ${asset.digest ?? 'unknown'}), not as '${s.name}' (${s.sha256})`, 'rename the file to a plain name (letters, digits, . _ - +) and re-run');
    }
    log.info(`Uploaded ${(0,format/* quote */.hD)(s.path)} as ${asset.name}`);
}

;// CONCATENATED MODULE: ./src/report/dry-run.ts

function logDryRun(plan, log) {
    log.info('Dry run: nothing is written. The plan:');
    for (const p of (0,signed_subjects/* signedSubjects */.c)(plan)) {
        const files = p.sidecars.map((s) => `${s.name} (${s.action})`).join(', ');
        log.info(`  ${p.subject.name}: sha256 ${p.subject.sha256}; ${files || 'no sidecars'}`);
    }
    if (plan.checksums)
        log.info(`  ${plan.checksums.file.name} (${plan.checksums.file.action})`);
    for (const st of plan.statements)
        log.info(`  ${st.file.name} (${st.file.action})`);
}

;// CONCATENATED MODULE: ./src/sign/message.ts
/** A v0.3 message-signature bundle for one digest: the signature, then its log entry and timestamp. */


async function signDigestBundle(signer, witnesses, digest) {
    const bundle = (0,bundle_dist.toMessageSignatureBundle)({
        digest,
        signature: signer.signDigest(digest),
        certificate: signer.certificateDer,
        certificateChain: false
    });
    // The log and the timestamp authority each witness the same signature: asked at once, a bundle
    // waits for the slower of the two round trips instead of both.
    const materials = await Promise.all(witnesses.map((witness) => witness.testify(bundle.content, signer.certificatePem)));
    for (const material of materials) {
        bundle.verificationMaterial.tlogEntries.push(...(material.tlogEntries ?? []));
        bundle.verificationMaterial.timestampVerificationData?.rfc3161Timestamps.push(...(material.rfc3161Timestamps ?? []));
    }
    return (0,bundle_dist.bundleToJSON)(bundle);
}

// EXTERNAL MODULE: ./node_modules/@sigstore/sign/dist/index.js
var sign_dist = __webpack_require__(5179);
// EXTERNAL MODULE: ./node_modules/jose/dist/webapi/jwt/verify.js + 2 modules
var verify = __webpack_require__(4490);
// EXTERNAL MODULE: ./node_modules/jose/dist/webapi/jwks/local.js
var local = __webpack_require__(9068);
// EXTERNAL MODULE: ./src/util/fetch-json.ts
var fetch_json = __webpack_require__(1843);
;// CONCATENATED MODULE: ./src/sign/token-claims.ts
/**
 * The OIDC token's claims, verified against its issuer's published keys (discovery document, then
 * JWKS, each with a deadline and bounded retries), as @actions/attest checks them for provenance:
 * a valid signature, an `iss` that starts with the issuer URL (GitHub Enterprise adds a slug), and
 * every claim the predicate is built from. The audience is not checked: the token is the one the
 * run signs with (audience `sigstore`), not one requested for provenance alone.
 */



const REQUIRED_CLAIMS = [
    'iss',
    'ref',
    'sha',
    'repository',
    'event_name',
    'job_workflow_ref',
    'workflow_ref',
    'repository_id',
    'repository_owner_id',
    'runner_environment',
    'run_id',
    'run_attempt'
];
async function verifiedClaims(token, issuer) {
    const fail = (what, error) => new errors/* UserError */.yo('PROVENANCE', `Could not build the SLSA provenance: ${what} (OIDC issuer ${issuer})`, isTransient(error)
        ? 're-run the job: the OIDC issuer was failing or slow'
        : "check the OIDC issuer (for 'sigstore: custom', the token's issuer): it did not give what provenance needs", { cause: error });
    const discovery = `${issuer}/.well-known/openid-configuration`;
    let config;
    try {
        config = await (0,fetch_json/* fetchJson */.x)(discovery);
    }
    catch (error) {
        throw fail(`its discovery document ${discovery} could not be read: ${(0,errors/* messageOf */.bD)(error)}`, error);
    }
    const jwksUri = config?.jwks_uri;
    if (typeof jwksUri !== 'string')
        throw fail(`its discovery document ${discovery} has no jwks_uri`);
    let jwks;
    try {
        jwks = await (0,fetch_json/* fetchJson */.x)(jwksUri);
    }
    catch (error) {
        throw fail(`its keys (${jwksUri}) could not be read: ${(0,errors/* messageOf */.bD)(error)}`, error);
    }
    let payload;
    try {
        ;
        ({ payload } = await (0,verify/* jwtVerify */.V)(token, (0,local/* createLocalJWKSet */.w)(jwks)));
    }
    catch (error) {
        throw fail(`the OIDC token does not verify with its keys (${(0,errors/* messageOf */.bD)(error)})`, error);
    }
    if (!payload.iss)
        throw fail('the OIDC token has no "iss" claim');
    if (!payload.iss.startsWith(issuer))
        throw fail(`the OIDC token was issued by ${JSON.stringify(payload.iss)}`);
    const missing = REQUIRED_CLAIMS.filter((claim) => !(claim in payload));
    if (missing.length > 0)
        throw fail(`the OIDC token lacks the claims ${missing.join(', ')}`);
    return payload;
}
function isTransient(error) {
    if (!(error instanceof fetch_json/* FetchJsonError */.b))
        return false;
    return error.status === undefined || error.status === 429 || error.status >= 500;
}

;// CONCATENATED MODULE: ./src/sign/provenance.ts
/**
 * SLSA v1 provenance over every signed asset, with GitHub's workflow build type: the predicate is
 * built from the run's OIDC token, once its claims verify against the issuer's keys (the same
 * predicate @actions/attest's buildSLSAProvenancePredicate builds, without its hidden token request
 * and unretried fetches). Statements are signed as DSSE envelopes with the run's certificate and
 * logged like any other bundle.
 */





const GITHUB_BUILD_TYPE = 'https://actions.github.io/buildtypes/workflow/v1';
/** The SLSA provenance predicate (`https://slsa.dev/provenance/v1`) for this run. */
async function slsaPredicate(input) {
    const { serverUrl } = input;
    const claims = await verifiedClaims(input.token, input.issuer ?? githubIssuer(serverUrl));
    // owner/repo/.github/workflows/main.yml@main => .github/workflows/main.yml
    const [workflowPath] = claims.workflow_ref.replace(`${claims.repository}/`, '').split('@');
    return {
        buildDefinition: {
            buildType: GITHUB_BUILD_TYPE,
            externalParameters: {
                workflow: {
                    ref: claims.ref,
                    repository: `${serverUrl}/${claims.repository}`,
                    path: workflowPath
                }
            },
            internalParameters: {
                github: {
                    event_name: claims.event_name,
                    repository_id: claims.repository_id,
                    repository_owner_id: claims.repository_owner_id,
                    runner_environment: claims.runner_environment
                }
            },
            resolvedDependencies: [
                {
                    uri: `git+${serverUrl}/${claims.repository}@${claims.ref}`,
                    digest: { gitCommit: claims.sha }
                }
            ]
        },
        runDetails: {
            builder: { id: `${serverUrl}/${claims.job_workflow_ref}` },
            metadata: {
                invocationId: `${serverUrl}/${claims.repository}/actions/runs/${claims.run_id}/attempts/${claims.run_attempt}`
            }
        }
    };
}
/** GitHub Actions' token issuer for a server: github.com or a GHE.com tenant. */
function githubIssuer(serverUrl) {
    const valid = serverUrl === 'https://github.com' || /^https:\/\/[a-z0-9-]+\.ghe\.com$/.test(serverUrl);
    if (!valid) {
        throw new errors/* UserError */.yo('PROVENANCE', `Could not build the SLSA provenance: no known OIDC issuer for GITHUB_SERVER_URL ${serverUrl}`, "use 'sigstore: custom' (the token's own issuer is used then), or set 'provenance: false'");
    }
    const host = new URL(serverUrl).hostname;
    return `https://token.actions.${host === 'github.com' ? 'githubusercontent.com' : host}`;
}
async function signStatement(context, statement) {
    const builder = new sign_dist/* DSSEBundleBuilder */.VV({
        signer: context.signer.signer,
        witnesses: context.witnesses,
        certificateChain: false
    });
    const bundle = await builder.create({
        data: Buffer.from(JSON.stringify(statement)),
        type: intoto/* IN_TOTO_PAYLOAD_TYPE */.T4
    });
    return (0,bundle_dist.bundleToJSON)(bundle);
}

// EXTERNAL MODULE: ./node_modules/@sigstore/protobuf-specs/dist/index.js
var protobuf_specs_dist = __webpack_require__(9654);
;// CONCATENATED MODULE: ./src/sign/rekor-v2-witness.ts
/**
 * Rekor v2 logging for both bundle kinds. @sigstore/sign 5.1's RekorWitness (majorApiVersion 2)
 * logs a message signature as `hashedrekord` 0.0.2, but sends a DSSE envelope as a
 * `dsseRequestV002`, which Rekor v2 refuses since the dsse type was dropped in May 2026 (HTTP 400
 * "invalid type, must be hashedrekord"). The current spec logs a DSSE envelope as `hashedrekord`
 * 0.0.2 over the SHA-256 of its pre-authentication encoding, with the envelope's signature: what
 * sigstore-go does (sigstore/sigstore-go#627; sigstore-python#1776 likewise) and what @sigstore/verify
 * ≥ 4.1 checks (its DSSE content compares the signed digest with the digest of the PAE). This
 * witness hands the library that hashedrekord request for a DSSE envelope, so requests, retries and
 * error codes stay the library's. Drop it once @sigstore/sign sends DSSE as hashedrekord itself.
 */



class RekorV2Witness {
    rekor;
    constructor(rekorBaseURL, fetch) {
        this.rekor = new sign_dist/* RekorWitness */.fU({ rekorBaseURL, majorApiVersion: 2, ...fetch });
    }
    async testify(content, publicKey) {
        if (content.$case === 'messageSignature')
            return this.rekor.testify(content, publicKey);
        const { payloadType, payload, signatures } = content.dsseEnvelope;
        const signature = signatures[0]?.sig;
        if (signatures.length !== 1 || !signature)
            throw new Error('a DSSE envelope for Rekor v2 must carry exactly one signature');
        const digest = (0,external_node_crypto_.createHash)('sha256').update(preAuthEncoding(payloadType, payload)).digest();
        return this.rekor.testify({
            $case: 'messageSignature',
            messageSignature: {
                messageDigest: { algorithm: protobuf_specs_dist.HashAlgorithm.SHA2_256, digest },
                signature
            }
        }, publicKey);
    }
}
/** DSSE v1 PAE: "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body. */
function preAuthEncoding(payloadType, payload) {
    const type = Buffer.from(payloadType);
    return Buffer.concat([
        Buffer.from(`DSSEv1 ${type.length} `),
        type,
        Buffer.from(` ${payload.length} `),
        payload
    ]);
}

;// CONCATENATED MODULE: ./src/sign/sigstore-errors.ts
/**
 * What a Sigstore service's failure means to the user: which service (by URL), what it answered,
 * and the fix. @sigstore/sign reports failures as InternalErrors whose code names the service
 * (CA_*, TLOG_*, TSA_*) and whose cause is an HTTPError (with the status) or the fetch error (a
 * timeout, a lost connection) left after its own retries.
 *
 * Nothing is uploaded before every file is signed and verified, so a failure here leaves the
 * release as it was, and a re-run (new key, new certificate, new entries) starts clean.
 */


const SERVICES = {
    FULCIO: { name: 'Fulcio', failed: 'did not issue a certificate' },
    REKOR: { name: 'Rekor', failed: 'did not log' },
    TSA: { name: 'The timestamp authority', failed: 'did not timestamp' }
};
/**
 * `what` names the thing being signed, e.g. `'app.tar.gz'`; absent for the certificate. An error
 * that names no service is returned unchanged unless `fallback` says whose it is.
 */
function sigstoreError(error, urls, what, fallback) {
    if (error instanceof errors/* UserError */.yo)
        return error;
    const service = serviceOf(error) ?? fallback;
    if (!service)
        return error;
    const url = service === 'FULCIO' ? urls.fulcioUrl : service === 'REKOR' ? urls.rekorUrl : urls.tsaUrl;
    const cause = error?.cause ?? error;
    const status = (0,errors/* statusOf */.c2)(cause);
    const { name, failed } = SERVICES[service];
    const subject = what === undefined ? '' : ` ${(0,format/* quote */.hD)(what)}`;
    const answer = status === undefined
        ? `no usable answer after retries: ${(0,format/* quote */.hD)((0,format/* firstLine */.TM)((0,errors/* messageOf */.bD)(cause)))}`
        : `HTTP ${status}${status >= 500 || status === 429 || status === 408 ? ' after retries' : ''}: ${(0,format/* quote */.hD)((0,format/* firstLine */.TM)(serverText(cause)))}`;
    const message = `${name} at ${url ?? 'its configured URL'} ${failed}${subject} (${answer})`;
    const rerun = 're-run the job: nothing was uploaded, as every file is signed before any is';
    if (service === 'REKOR' && status === 409) {
        return new errors/* UserError */.yo('REKOR', `${message}: it says the entry exists but not where, so it cannot be fetched`, `${rerun}; a re-run signs with a new key, so its entries are new`, { cause: error });
    }
    const refused = status !== undefined && status < 500 && status !== 408 && status !== 429;
    return new errors/* UserError */.yo(service, message, refused && service === 'FULCIO' && (status === 400 || status === 401 || status === 403)
        ? "Fulcio refused the run's OIDC token: check that the instance trusts this issuer ('sigstore', 'signing-config')"
        : refused
            ? `check that ${url ?? 'the URL'} is the instance's ${name} ('sigstore', 'signing-config'); else ${rerun}`
            : rerun, { cause: error });
}
function serviceOf(error) {
    const raw = error?.code;
    const code = typeof raw === 'string' ? raw : '';
    if (code.startsWith('TLOG'))
        return 'REKOR';
    if (code.startsWith('TSA'))
        return 'TSA';
    if (code.startsWith('CA'))
        return 'FULCIO';
    return undefined;
}
/** HTTPError's message is `(status) server message`: the server's part. */
function serverText(error) {
    return (0,errors/* messageOf */.bD)(error).replace(/^\(\d+\)\s*/, '');
}

;// CONCATENATED MODULE: ./src/sign/signer.ts
/**
 * One ephemeral P-256 key and one Fulcio certificate for the whole run. Assets are signed from their
 * SHA-256 digest (a prehashed ECDSA signature), so no asset is ever held in memory.
 */




async function createRunSigner(fulcioUrl, token, fetch) {
    const { privateKey, publicKey } = (0,external_node_crypto_.generateKeyPairSync)('ec', { namedCurve: 'prime256v1' });
    const publicPem = publicKey.export({ format: 'pem', type: 'spki' }).toString();
    const keyHolder = {
        sign: (data) => Promise.resolve({
            signature: (0,external_node_crypto_.sign)('sha256', data, privateKey),
            key: { $case: 'publicKey', publicKey: publicPem }
        })
    };
    const fulcio = new sign_dist/* FulcioSigner */.$o({
        fulcioBaseURL: fulcioUrl,
        identityProvider: { getToken: () => Promise.resolve(token) },
        keyHolder,
        timeout: fetch.timeout,
        retry: fetch.retry
    });
    let certificatePem;
    try {
        const signed = await fulcio.sign(Buffer.from('sign-release'));
        if (signed.key.$case !== 'x509Certificate')
            throw new Error('Fulcio returned no certificate');
        certificatePem = signed.key.certificate;
    }
    catch (error) {
        throw sigstoreError(error, { fulcioUrl }, undefined, 'FULCIO');
    }
    const secret = secretScalar(privateKey);
    const certificateDer = pemToDer(certificatePem);
    const certificateKey = { $case: 'x509Certificate', certificate: certificatePem };
    return {
        certificatePem,
        certificateDer,
        signDigest: (digest) => Buffer.from(signPrehashed(secret, digest)),
        signer: {
            sign: (data) => Promise.resolve({ signature: (0,external_node_crypto_.sign)('sha256', data, privateKey), key: certificateKey })
        }
    };
}
function secretScalar(privateKey) {
    const d = privateKey.export({ format: 'jwk' }).d;
    if (!d)
        throw new Error('P-256 key without a private scalar');
    return Buffer.from(d, 'base64url');
}
function pemToDer(pem) {
    const body = pem.replace(/-----(BEGIN|END) [A-Z ]+-----/g, '').replace(/\s+/g, '');
    return Buffer.from(body, 'base64');
}

;// CONCATENATED MODULE: ./src/sign/witness-lanes.ts
/** make-fetch-happen's sockets per host and agent (@npmcli/agent's default maxSockets). */
const SOCKETS_PER_POOL = 15;
/** Pools enough for `concurrency` requests at once to one service. */
function lanesFor(concurrency) {
    return Math.max(1, Math.ceil(concurrency / SOCKETS_PER_POOL));
}
/** Lane `i`'s fetch options: a timeout `i` ms longer than the service's, so a pool of its own. */
function laneFetch(fetch, i) {
    return { ...fetch, timeout: fetch.timeout + i };
}
/** `count` witnesses from `lane(i)`, each built with a timeout of its own, as one witness. */
function witnessLanes(count, lane) {
    return count === 1 ? lane(0) : new WitnessLanes(Array.from({ length: count }, (_, i) => lane(i)));
}
class WitnessLanes {
    lanes;
    busy;
    constructor(lanes) {
        this.lanes = lanes;
        this.busy = lanes.map(() => 0);
    }
    async testify(content, publicKey) {
        const index = this.busy.indexOf(Math.min(...this.busy));
        this.busy[index] = (this.busy[index] ?? 0) + 1;
        try {
            return await this.lanes[index].testify(content, publicKey);
        }
        finally {
            this.busy[index] = (this.busy[index] ?? 1) - 1;
        }
    }
}

;// CONCATENATED MODULE: ./src/sign/context.ts
/**
 * The run's signing context: one Fulcio certificate and the witnesses (Rekor, TSA) every bundle of
 * the run goes through, with the timeouts and retries of each Sigstore service.
 */






/** Bundles signed at once: each waits on a Rekor and a TSA round trip (hundreds of ms), not on this machine. */
const SIGN_CONCURRENCY = 32;
/**
 * Fulcio, Rekor and the TSA: 30 s per attempt (or SIGN_RELEASE_HTTP_TIMEOUT_MS when shorter), and
 * three retries of server errors, 408/429 and lost connections, 1 s, 2 s, 4 s apart (the first
 * delay is SIGN_RELEASE_RETRY_BASE_MS when set). Read when signing starts, so tests can set both.
 */
function sigstoreFetch() {
    return {
        timeout: Math.min(30000, (0,util_timeout/* httpTimeoutMs */.C)()),
        retry: { retries: 3, minTimeout: (0,retry/* retryBaseDelayMs */.J)(), factor: 2 }
    };
}
function witnessesFor(instance, fetch = sigstoreFetch()) {
    // Every bundle signing at once has its own connection to each service (src/sign/witness-lanes.ts).
    const lanes = lanesFor(SIGN_CONCURRENCY);
    const witnesses = [];
    const { rekorUrl, tsaUrl } = instance;
    if (rekorUrl && instance.rekorVersion === 2) {
        // Rekor v2 batches writes: a request can take seconds, so the timeout is never under 20 s.
        const slow = { ...fetch, timeout: Math.max(fetch.timeout, 20000) };
        witnesses.push(witnessLanes(lanes, (i) => new RekorV2Witness(rekorUrl, laneFetch(slow, i))));
    }
    else if (rekorUrl) {
        witnesses.push(witnessLanes(lanes, (i) => new sign_dist/* RekorWitness */.fU({
            rekorBaseURL: rekorUrl,
            fetchOnConflict: true,
            ...laneFetch(fetch, i)
        })));
    }
    if (tsaUrl) {
        witnesses.push(witnessLanes(lanes, (i) => new sign_dist/* TSAWitness */.gs({ tsaBaseURL: tsaUrl, ...laneFetch(fetch, i) })));
    }
    return witnesses;
}
async function startSigning(instance, token) {
    const fetch = sigstoreFetch();
    const signer = await createRunSigner(instance.fulcioUrl, token, fetch);
    return { signer, witnesses: witnessesFor(instance, fetch), instance };
}

;// CONCATENATED MODULE: ./src/sign/index.ts







async function signDigests(context, items, log, concurrency, verify, onSigned) {
    const turn = loopTurns();
    const bundles = await mapLimit(items, concurrency, async (item) => {
        let bundle;
        // Each signature in a turn of its own, so that one's requests are on their way (and the
        // services at work) while the next is computed, instead of all starting after the last.
        await turn();
        try {
            bundle = await signDigestBundle(context.signer, context.witnesses, Buffer.from(item.sha256, 'hex'));
        }
        catch (error) {
            throw sigstoreError(error, context.instance, item.name);
        }
        const entry = bundle.verificationMaterial.tlogEntries?.[0];
        log.info(`Signed ${item.name}${entry ? ` (Rekor log index ${entry.logIndex ?? '0'})` : ''}`);
        // Verification takes milliseconds of CPU: one a turn, so that uploads and answers in between
        // (which the pacer times) are not held behind a pile of them.
        await turn();
        verify?.(item.name, bundle, item.sha256);
        onSigned?.(item.name, bundle);
        return [item.name, bundle];
    });
    return new Map(bundles);
}
/** The sign stage: new bundles only where the plan found nothing valid to keep. */
async function signPlan(input) {
    const { plan, log } = input;
    const all = (0,signed_subjects/* signedSubjects */.c)(plan);
    const bundles = new Map();
    for (const p of all)
        if (p.reuse)
            bundles.set(p.subject.name, p.reuse);
    const toSign = all.filter((p) => !p.reuse);
    const pending = plan.statements.filter((st) => st.file.action !== 'keep');
    if (toSign.length === 0 && pending.length === 0)
        return { bundles, statements: [] };
    // Predicates first: the certificate's ten minutes start below.
    const token = await input.getToken();
    const predicates = await Promise.all(pending.map(async (st) => st.predicate ??
        (await slsaPredicate({
            token,
            issuer: input.provenanceIssuer,
            serverUrl: input.serverUrl
        }))));
    const context = await startSigning(input.instance, token);
    input.checkCertificate(context.signer.certificatePem);
    log.info('Fulcio issued one certificate for this run');
    const signed = await signDigests(context, toSign.map((p) => ({ name: p.subject.name, sha256: p.subject.sha256 })), log, SIGN_CONCURRENCY, input.verify, input.onSigned);
    for (const [name, bundle] of signed)
        bundles.set(name, bundle);
    const statements = [];
    for (const [i, st] of pending.entries()) {
        const statement = (0,intoto/* statementFor */.JM)(plan.subjects.map((p) => p.subject), st.predicateType, predicates[i] ?? {});
        let bundle;
        try {
            bundle = await signStatement(context, statement);
        }
        catch (error) {
            throw sigstoreError(error, input.instance, st.file.name);
        }
        statements.push({ kind: st.kind, name: st.file.name, bundle, statement });
        log.info(`Signed ${st.file.name}: ${st.predicateType} over ${statement.subject.length} subjects`);
    }
    return { bundles, statements };
}

// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: ./node_modules/@sigstore/tuf/dist/index.js
var tuf_dist = __webpack_require__(4423);
// EXTERNAL MODULE: ./node_modules/@sigstore/tuf/seeds.json
var seeds = __webpack_require__(8032);
;// CONCATENATED MODULE: ./src/sigstore/github-tuf-root.json
const github_tuf_root_namespaceObject = /*#__PURE__*/JSON.parse('{"signatures":[{"keyid":"4f4d1dd75f2d7f3860e3a068d7bed90dec5f0faafcbe1ace7fb7d95d29e07228","sig":""},{"keyid":"eb8eff37f93af2faaba519f341decec3cecd3eeafcace32966db9723842c8a62","sig":""},{"keyid":"539dde44014c850fe6eeb8b299eb7dae2e1f4bf83454b949e98aa73542cdc65a","sig":""},{"keyid":"a10513a5ab61acd0c6b6fbe0504856ead18f3b17c4fabbe3fa848c79a5a187cf","sig":"3046022100ca341d3ba2ef7657d69c2825729959681f55aec497b612e81a547e2abb616b49022100cd605b412a3d991f92e0818e07e60383bbd23904723eec221d6e39fdfeae3104"},{"keyid":"5e01c9a0b2641a8965a4a74e7df0bc7b2d8278a2c3ca0cf7a3f2f783d3c69800","sig":"3046022100d0f70effe60d6a18319e2890088cd01d45c654ee6d2ce1d5c3cdcf2dc7f637570221008f947a2d7334d948f1c4794b0a465f1dfb99a578dd8d1f4563cee0581f457db2"},{"keyid":"54809115b40137aac01af4b7ac2408c77ea0d58fa4dad48fc3196497d2a26f44","sig":"304502201ae931db1c48020fb37af54d446ac856306f619dfc3f93ddcff70d2880e443dc022100992b70451aa74805adef24e85ec352e598812267f623979bd4ce719b66b62d22"},{"keyid":"88737ccdac7b49cc237e9aaead81be2a40278b886a693d8149a19cf543f093d3","sig":"3045022023bba8e14c177609f43873aa0087ef983ddd2bad9a0a832c0cf279e1be8798f2022100facfaecc1d7ee793042eaaa6970fb9ca700c3bdbf4ee43ed0f8d0fc3aef96563"},{"keyid":"d6a89e23fb22801a0d1186bf1bdd007e228f65a8aa9964d24d06cb5fbb0ce91c","sig":"3046022100d2f6cceb05d135ce6a6ce7fe1dc76c24508154ad71c433028e64ca95ba716ffb022100f0592d60eb67508dd5f9cc593a4cca33bbaf94882c3d74a560fda845a456c6cc"},{"keyid":"8b498a80a1b7af188c10c9abdf6aade81d14faaffcde2abcd6063baa673ebd12","sig":"30450221009af2f0c534ed92de909a3b727f7101319c18e10623de8f48a0eba980d3d54d830220095842b16c58567c71f9dfa0b54e79daca1b2fecf3cb2ea4ee6d8393bdf93294"}],"signed":{"_type":"root","consistent_snapshot":true,"expires":"2025-04-11T14:36:57Z","keys":{"4f4d1dd75f2d7f3860e3a068d7bed90dec5f0faafcbe1ace7fb7d95d29e07228":{"keytype":"ecdsa","keyval":{"public":"-----BEGIN PUBLIC KEY-----\\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAENki7aZVips5SgRzCd/Om0CGzQKY/\\nnv84giqVDmdwb2ys82Z6soFLasvYYEEQcwqaC170n9gr93wHUgPc796uJA==\\n-----END PUBLIC KEY-----\\n"},"scheme":"ecdsa-sha2-nistp256","x-tuf-on-ci-keyowner":"@ashtom"},"539dde44014c850fe6eeb8b299eb7dae2e1f4bf83454b949e98aa73542cdc65a":{"keytype":"ecdsa","keyval":{"public":"-----BEGIN PUBLIC KEY-----\\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAElD0o2sOZN9n3RKQ7PtMLAoXj+2Ai\\nn4PKT/pfnzDlNLrD3VTQwCc4sR4t+OLu4KQ+qk+kXkR9YuBsu3bdJZ1OWw==\\n-----END PUBLIC KEY-----\\n"},"scheme":"ecdsa-sha2-nistp256","x-tuf-on-ci-keyowner":"@nerdneha"},"54809115b40137aac01af4b7ac2408c77ea0d58fa4dad48fc3196497d2a26f44":{"keytype":"ecdsa","keyval":{"public":"-----BEGIN PUBLIC KEY-----\\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEimKcdST+ORD+g0aGEFDOVZDAaIYg\\nIgesNKiIe2L7MUsYx5UHhzQ08quvew13eYSCNJnfwooFZu7cdTu8AwqFjQ==\\n-----END PUBLIC KEY-----\\n"},"scheme":"ecdsa-sha2-nistp256","x-tuf-on-ci-keyowner":"@alexiswales"},"88737ccdac7b49cc237e9aaead81be2a40278b886a693d8149a19cf543f093d3":{"keytype":"ecdsa","keyval":{"public":"-----BEGIN PUBLIC KEY-----\\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEBagkskNOpOTbetTX5CdnvMy+LiWn\\nonRrNrqAHL4WgiebH7Uig7GLhC3bkeA/qgb926/vr9qhOPG9Buj2HatrPw==\\n-----END PUBLIC KEY-----\\n"},"scheme":"ecdsa-sha2-nistp256","x-tuf-on-ci-keyowner":"@gregose"},"8b498a80a1b7af188c10c9abdf6aade81d14faaffcde2abcd6063baa673ebd12":{"keytype":"ecdsa","keyval":{"public":"-----BEGIN PUBLIC KEY-----\\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE7IEoVNwrprchXGhT5sAhSax7SOd3\\n8duuISghCzfmHdKJWSbV2wJRamRiUVRtmA83K/qm5cT20WXMCT5QeM/D3A==\\n-----END PUBLIC KEY-----\\n"},"scheme":"ecdsa-sha2-nistp256","x-tuf-on-ci-keyowner":"@trevrosen"},"a10513a5ab61acd0c6b6fbe0504856ead18f3b17c4fabbe3fa848c79a5a187cf":{"keytype":"ecdsa","keyval":{"public":"-----BEGIN PUBLIC KEY-----\\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEC2wJ3xscyXxBLybJ9FVjwkyQMe53\\nRHUz77AjMO8MzVaT8xw6ZvJqdNZiytYtigWULlINxw6frNsWJKb/f7lC8A==\\n-----END PUBLIC KEY-----\\n"},"scheme":"ecdsa-sha2-nistp256","x-tuf-on-ci-keyowner":"@kommendorkapten"},"d6a89e23fb22801a0d1186bf1bdd007e228f65a8aa9964d24d06cb5fbb0ce91c":{"keytype":"ecdsa","keyval":{"public":"-----BEGIN PUBLIC KEY-----\\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEDdORwcruW3gqAgaLjH/nNdGMB4kQ\\nAvA+wD6DyO4P/wR8ee2ce83NZHq1ZADKhve0rlYKaKy3CqyQ5SmlZ36Zhw==\\n-----END PUBLIC KEY-----\\n"},"scheme":"ecdsa-sha2-nistp256","x-tuf-on-ci-keyowner":"@krukow"},"eb8eff37f93af2faaba519f341decec3cecd3eeafcace32966db9723842c8a62":{"keytype":"ecdsa","keyval":{"public":"-----BEGIN PUBLIC KEY-----\\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAENynVdQnM9h7xU71G7PiJpQaDemub\\nkbjsjYwLlPJTQVuxQO8WeIpJf8MEh5rf01t2dDIuCsZ5gRx+QvDv0UzfsA==\\n-----END PUBLIC KEY-----\\n"},"scheme":"ecdsa-sha2-nistp256","x-tuf-on-ci-keyowner":"@mph4"},"eb9799b483affac9da87ef4c9ea467928415c961349e607e5e6e485679b07f8f":{"keytype":"ecdsa","keyval":{"public":"-----BEGIN PUBLIC KEY-----\\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAENKNcNcX+d73lS1TRFb9Vnp8JvOoh\\nzYQ+in43iGenbG8RGo9L/6FJ2hoRbVU6xskvyuErcdPbCdI4GxrQ5i8hkw==\\n-----END PUBLIC KEY-----\\n"},"scheme":"ecdsa-sha2-nistp256","x-tuf-on-ci-online-uri":"azurekms://production-tuf-root.vault.azure.net/keys/Online-Key/aaf375fd8ed24acb949a5cc173700b05"}},"roles":{"root":{"keyids":["a10513a5ab61acd0c6b6fbe0504856ead18f3b17c4fabbe3fa848c79a5a187cf","4f4d1dd75f2d7f3860e3a068d7bed90dec5f0faafcbe1ace7fb7d95d29e07228","88737ccdac7b49cc237e9aaead81be2a40278b886a693d8149a19cf543f093d3","d6a89e23fb22801a0d1186bf1bdd007e228f65a8aa9964d24d06cb5fbb0ce91c","eb8eff37f93af2faaba519f341decec3cecd3eeafcace32966db9723842c8a62","8b498a80a1b7af188c10c9abdf6aade81d14faaffcde2abcd6063baa673ebd12","539dde44014c850fe6eeb8b299eb7dae2e1f4bf83454b949e98aa73542cdc65a","54809115b40137aac01af4b7ac2408c77ea0d58fa4dad48fc3196497d2a26f44"],"threshold":3},"snapshot":{"keyids":["eb9799b483affac9da87ef4c9ea467928415c961349e607e5e6e485679b07f8f"],"threshold":1,"x-tuf-on-ci-expiry-period":21,"x-tuf-on-ci-signing-period":7},"targets":{"keyids":["a10513a5ab61acd0c6b6fbe0504856ead18f3b17c4fabbe3fa848c79a5a187cf","4f4d1dd75f2d7f3860e3a068d7bed90dec5f0faafcbe1ace7fb7d95d29e07228","88737ccdac7b49cc237e9aaead81be2a40278b886a693d8149a19cf543f093d3","d6a89e23fb22801a0d1186bf1bdd007e228f65a8aa9964d24d06cb5fbb0ce91c","eb8eff37f93af2faaba519f341decec3cecd3eeafcace32966db9723842c8a62","8b498a80a1b7af188c10c9abdf6aade81d14faaffcde2abcd6063baa673ebd12","539dde44014c850fe6eeb8b299eb7dae2e1f4bf83454b949e98aa73542cdc65a","54809115b40137aac01af4b7ac2408c77ea0d58fa4dad48fc3196497d2a26f44"],"threshold":3},"timestamp":{"keyids":["eb9799b483affac9da87ef4c9ea467928415c961349e607e5e6e485679b07f8f"],"threshold":1,"x-tuf-on-ci-expiry-period":7,"x-tuf-on-ci-signing-period":6}},"spec_version":"1.0.31","version":3,"x-tuf-on-ci-expiry-period":240,"x-tuf-on-ci-signing-period":60}}');
;// CONCATENATED MODULE: ./src/sigstore/tuf.ts
/**
 * Trust material from a TUF repository (like `cosign initialize --mirror --root`): @sigstore/tuf
 * verifies the metadata from the initial root on, caches it per mirror under the runner's temp
 * directory, and hands out targets. Whatever fails (expiry, signatures, rollback, the network)
 * becomes one TRUST_MATERIAL error that names the repository and what failed.
 */





async function openTuf(source) {
    const rootPath = source.rootPath
        ? await checkedRoot(source.rootPath)
        : source.defaultRoot && (await writeDefaultRoot(source));
    let tuf;
    try {
        tuf = await (0,tuf_dist.initTUF)({
            mirrorURL: source.mirror,
            rootPath,
            cachePath: source.cacheDir,
            retry: 3,
            timeout: 10000
        });
    }
    catch (error) {
        throw tufError(source.mirror, error);
    }
    return {
        mirror: source.mirror,
        target: async (name) => {
            try {
                return await tuf.getTarget(name);
            }
            catch (error) {
                throw tufError(source.mirror, error, name);
            }
        }
    };
}
/** The user's initial root: a readable JSON file of TUF root metadata. */
async function checkedRoot(path) {
    let text;
    try {
        text = await (0,promises_.readFile)(path, 'utf8');
    }
    catch (error) {
        throw new errors/* UserError */.yo('INPUT_INVALID', `Input 'tuf-root': cannot read ${(0,format/* quote */.hD)(path)}: ${(0,errors/* messageOf */.bD)(error)}`, "give the path of the repository's root.json");
    }
    let type;
    try {
        type = JSON.parse(text)?.signed?._type;
    }
    catch {
        type = undefined;
    }
    if (type !== 'root') {
        throw new errors/* UserError */.yo('TRUST_MATERIAL', `Input 'tuf-root': ${(0,format/* quote */.hD)(path)} is not TUF root metadata`, "give the repository's root.json (a signed root role, e.g. its 1.root.json)");
    }
    return path;
}
async function writeDefaultRoot(source) {
    const dir = (0,external_node_path_.join)(source.cacheDir, 'initial-roots');
    await (0,promises_.mkdir)(dir, { recursive: true });
    const path = (0,external_node_path_.join)(dir, `${encodeURIComponent(source.mirror)}.root.json`);
    await (0,promises_.writeFile)(path, source.defaultRoot ?? '');
    return path;
}
const UNREACHABLE = 'it cannot be reached';
/** What went wrong, in words, from tuf-js' error chain. */
function failure(error) {
    const messages = chain(error).join('\n');
    if (/expired/i.test(messages))
        return 'its metadata has expired';
    if (/signed by \d+\/\d+ keys|signature/i.test(messages))
        return 'its metadata is not signed by the keys its root trusts';
    if (/less than current version|does not match snapshot version|Expected version/.test(messages))
        return 'it serves older metadata than this runner has already seen (a rollback)';
    if (/length|hash/i.test(messages))
        return 'a file does not match its signed length or hash';
    if (/not found/.test(messages))
        return 'a target it should hold is missing';
    if (/fetch failed|ECONNREFUSED|ENOTFOUND|timeout|abort|Failed to download|HTTP/i.test(messages))
        return UNREACHABLE;
    return 'its metadata cannot be used';
}
function tufError(mirror, error, target) {
    const detail = chain(error).at(-1) ?? (0,errors/* messageOf */.bD)(error);
    const what = failure(error);
    return new errors/* UserError */.yo('TRUST_MATERIAL', `The TUF repository ${(0,format/* quote */.hD)(mirror)} is refused${target ? ` (reading ${(0,format/* quote */.hD)(target)})` : ''}: ${what}: ${(0,format/* quote */.hD)(detail)}`, what === UNREACHABLE
        ? "check 'tuf-mirror' and the runner's network, then re-run the job"
        : "check 'tuf-mirror' and 'tuf-root'; if they are right, the repository is broken or under attack: do not sign until it is fixed", { cause: error });
}
/** Messages of an error and its causes, outermost first. */
function chain(error) {
    const messages = [];
    let current = error;
    for (let depth = 0; current !== undefined && depth < 5; depth++) {
        messages.push((0,errors/* messageOf */.bD)(current));
        current = current instanceof Error ? current.cause : undefined;
    }
    return messages;
}

;// CONCATENATED MODULE: ./src/sigstore/instance.ts
/**
 * Which Sigstore instance signs, and the trust material that verifies its output: service URLs from
 * a signing config, and a trusted root. `custom` reads both from files or URLs (the local sandbox
 * writes them); `public-good` gets them from Sigstore's TUF repository; `github` gets its trusted
 * root from GitHub's TUF repository and its services from the server's host, as actions/attest.
 * Either TUF repository can be replaced (`tuf-mirror`, `tuf-root`).
 */











/** GitHub's TUF repository: the only place its instance's trusted root is published. */
const GITHUB_TUF_MIRROR = 'https://tuf-repo.github.com';
/** API versions this action speaks: Fulcio v2 API (major 1), Rekor v1 or v2, TSA v1. */
const SUPPORTED = { ca: 1, tsa: 1 };
/** public-good's signing configs in its TUF repository: the default, and the Rekor v2 opt-in. */
const PUBLIC_GOOD_SIGNING_CONFIG = {
    1: 'signing_config.v0.2.json',
    2: 'signing_config_rekor_v2.v0.2.json'
};
async function loadInstance(options) {
    switch (options.name) {
        case 'custom':
            return fromConfig('custom', parsed('signing-config', await readObject(options.signingConfig ?? '', 'signing-config')), trustedRootFrom(await readObject(options.trustedRoot ?? '', 'trusted-root')), options.rekorVersion);
        case 'public-good':
            return publicGood(options);
        case 'github':
            return instance_github(options);
    }
}
function fromConfig(name, config, trustedRoot, rekorVersion = 1) {
    const ca = instance_select(config.caUrls, SUPPORTED.ca);
    if (!ca)
        throw new errors/* UserError */.yo('TRUST_MATERIAL', 'The signing config lists no usable certificate authority (Fulcio, API v1)');
    // Exactly the version asked for: a v2 config also lists the v1 log, and v1 must not pick v2.
    const tlog = instance_select(config.rekorTlogUrls.filter((s) => s.majorApiVersion === rekorVersion), rekorVersion);
    const offered = config.rekorTlogUrls.map((s) => `${s.url} (v${s.majorApiVersion})`).join(', ');
    // A config that names logs but none of the version asked for must not quietly sign without a
    // log: verifiers that trust those logs would then refuse every bundle.
    if (!tlog && (config.rekorTlogUrls.length > 0 || rekorVersion === 2)) {
        const other = rekorVersion === 2 ? 1 : 2;
        throw new errors/* UserError */.yo('TRUST_MATERIAL', `The signing config lists no Rekor v${rekorVersion} log valid now (rekor-version: ${rekorVersion}); it lists: ${offered || 'no log'}`, config.rekorTlogUrls.some((s) => s.majorApiVersion === other)
            ? `set 'rekor-version: ${other}', or give a signing config that lists a Rekor v${rekorVersion} log`
            : `give a signing config that lists a Rekor v${rekorVersion} log`);
    }
    const tsa = instance_select(config.tsaUrls, SUPPORTED.tsa);
    // Rekor v2 entries carry no integrated time: a TSA timestamp is the only proof of signing time.
    if (rekorVersion === 2 && !tsa) {
        throw new errors/* UserError */.yo('TRUST_MATERIAL', 'The signing config lists no timestamp authority valid now, which Rekor v2 needs (rekor-version: 2): its entries carry no signing time', "give a signing config with a timestamp authority (tsaUrls), or set 'rekor-version: 1'");
    }
    if (!tlog && !tsa) {
        throw new errors/* UserError */.yo('TRUST_MATERIAL', 'The signing config lists neither a usable Rekor v1 log nor a timestamp authority');
    }
    return {
        name,
        fulcioUrl: ca.url,
        rekorUrl: tlog?.url,
        rekorVersion: tlog ? rekorVersion : undefined,
        tsaUrl: tsa?.url,
        trustedRoot
    };
}
/** The service with the highest supported API version, valid now, with the newest start. */
function instance_select(services, maxVersion, now = new Date()) {
    return services
        .filter((s) => s.majorApiVersion <= maxVersion)
        .filter((s) => {
        const start = s.validFor?.start;
        const end = s.validFor?.end;
        return (!start || start <= now) && (!end || end > now);
    })
        .sort((a, b) => b.majorApiVersion - a.majorApiVersion ||
        (b.validFor?.start?.getTime() ?? 0) - (a.validFor?.start?.getTime() ?? 0))[0];
}
async function publicGood(options) {
    const seed = seeds[tuf_dist.DEFAULT_MIRROR_URL];
    const tuf = await openTuf({
        mirror: options.tufMirror ?? tuf_dist.DEFAULT_MIRROR_URL,
        rootPath: options.tufRoot,
        // A mirror of the public-good repository starts from the same root; the default mirror is
        // seeded by @sigstore/tuf itself.
        defaultRoot: options.tufMirror && seed ? Buffer.from(seed['root.json'], 'base64') : undefined,
        cacheDir: options.cacheDir ?? (0,external_node_path_.join)((0,external_node_os_.tmpdir)(), 'sign-release-tuf')
    });
    const rekorVersion = options.rekorVersion ?? 1;
    const target = PUBLIC_GOOD_SIGNING_CONFIG[rekorVersion];
    const config = parsedTarget(tuf, target, await tuf.target(target));
    const root = parsedTarget(tuf, 'trusted_root.json', await tuf.target('trusted_root.json'));
    return fromConfig('public-good', config, root, rekorVersion);
}
/**
 * GitHub's instance: Fulcio and a TSA, no transparency log. Its trusted root comes from GitHub's
 * TUF repository, verified from the root metadata the GitHub CLI embeds (see NOTICE). Its services
 * are `fulcio.<host>` and `timestamp.<host>` of the server (githubapp.com for github.com), as
 * actions/attest derives them; a repository given with `tuf-mirror` describes its own instance, so
 * the services are then the authorities its trusted root names.
 */
async function instance_github(options) {
    if (options.rekorVersion === 2) {
        throw new errors/* UserError */.yo('INPUT_INVALID', "Input 'rekor-version': 2 needs a transparency log, and GitHub's Sigstore instance has none", "remove 'rekor-version' (or set 1) for sigstore: github, or sign with 'sigstore: public-good'");
    }
    const tuf = await openTuf({
        mirror: options.tufMirror ?? GITHUB_TUF_MIRROR,
        rootPath: options.tufRoot,
        defaultRoot: Buffer.from(JSON.stringify(github_tuf_root_namespaceObject)),
        cacheDir: options.cacheDir ?? (0,external_node_path_.join)((0,external_node_os_.tmpdir)(), 'sign-release-tuf')
    });
    const root = parsedTarget(tuf, 'trusted_root.json', await tuf.target('trusted_root.json'));
    const services = options.tufMirror
        ? servicesOf(root, tuf.mirror)
        : githubServices(options.serverUrl);
    return { name: 'github', ...services, rekorUrl: undefined, trustedRoot: root };
}
/** actions/attest's endpoints for GitHub's instance (its `buildGitHubEndpoints`). */
function githubServices(serverUrl = 'https://github.com') {
    let host = new URL(serverUrl).hostname;
    if (host === 'github.com')
        host = 'githubapp.com';
    return { fulcioUrl: `https://fulcio.${host}`, tsaUrl: `https://timestamp.${host}` };
}
/** The certificate and timestamp authorities a trusted root names, valid now. */
function servicesOf(root, mirror) {
    const now = new Date();
    const valid = (a) => a.uri !== '' &&
        (!a.validFor?.start || a.validFor.start <= now) &&
        (!a.validFor?.end || a.validFor.end > now);
    const ca = root.certificateAuthorities.filter(valid).at(-1);
    const tsa = root.timestampAuthorities.filter(valid).at(-1);
    if (!ca || !tsa) {
        throw new errors/* UserError */.yo('TRUST_MATERIAL', `The trusted root from the TUF repository ${(0,format/* quote */.hD)(mirror)} names no ${ca ? 'timestamp' : 'certificate'} authority valid now with a URL`, 'give the TUF repository of an instance with a Fulcio and a timestamp authority');
    }
    return { fulcioUrl: ca.uri, tsaUrl: tsa.uri };
}
/** A TUF target as trust material: the repository verified its bytes, not that they parse. */
function parsedTarget(tuf, name, text) {
    try {
        const json = JSON.parse(text);
        return name === 'trusted_root.json'
            ? trustedRootOf(json, tuf.mirror)
            : protobuf_specs_dist.SigningConfig.fromJSON(json);
    }
    catch (error) {
        if (error instanceof errors/* UserError */.yo)
            throw error;
        throw new errors/* UserError */.yo('TRUST_MATERIAL', `The TUF repository ${(0,format/* quote */.hD)(tuf.mirror)} serves a ${(0,format/* quote */.hD)(name)} that is not ${name === 'trusted_root.json' ? 'a trusted root' : 'a signing config'}`, 'the repository is broken: report it to its operators', { cause: error });
    }
}
function trustedRootOf(json, mirror) {
    const root = protobuf_specs_dist.TrustedRoot.fromJSON(json);
    if (!root.certificateAuthorities.some((ca) => (ca.certChain?.certificates.length ?? 0) > 0)) {
        throw new errors/* UserError */.yo('TRUST_MATERIAL', `The trusted root from the TUF repository ${(0,format/* quote */.hD)(mirror)} lists no certificate authority`, 'the repository is broken: report it to its operators');
    }
    return root;
}
/**
 * A custom trusted root, checked when it is loaded: without a certificate authority no bundle of
 * this run could verify, and the run would fail only after signing everything.
 */
function trustedRootFrom(json) {
    const root = parsed('trusted-root', json);
    if (!root.certificateAuthorities.some((ca) => (ca.certChain?.certificates.length ?? 0) > 0)) {
        throw new errors/* UserError */.yo('TRUST_MATERIAL', "Input 'trusted-root': lists no certificate authority", "give the trusted_root.json of your Sigstore instance, with its Fulcio's certificate chain");
    }
    return root;
}
function parsed(input, json) {
    try {
        return input === 'trusted-root' ? protobuf_specs_dist.TrustedRoot.fromJSON(json) : protobuf_specs_dist.SigningConfig.fromJSON(json);
    }
    catch (error) {
        throw new errors/* UserError */.yo('TRUST_MATERIAL', `Input '${input}': is not a ${input === 'trusted-root' ? 'trusted root' : 'signing config'}`, fixFor(input), { cause: error });
    }
}
function fixFor(input) {
    return `give the ${input === 'trusted-root' ? 'trusted_root.json' : 'signing_config.json'} of your Sigstore instance`;
}
/** Reads a JSON object from a file path, or an http(s) URL (timeouts and bounded retries). */
async function readObject(source, input) {
    const unreadable = (error) => new errors/* UserError */.yo('INPUT_INVALID', `Input '${input}': cannot read ${(0,format/* quote */.hD)(source)}: ${(0,errors/* messageOf */.bD)(error)}`, 'give a readable file or URL');
    // The parser's message quotes the content: say only that it is not JSON.
    const notJson = () => new errors/* UserError */.yo('TRUST_MATERIAL', `Input '${input}': ${(0,format/* quote */.hD)(source)} is not JSON`, fixFor(input));
    let value;
    if (/^https?:\/\//.test(source)) {
        try {
            value = await (0,fetch_json/* fetchJson */.x)(source);
        }
        catch (error) {
            if (error instanceof fetch_json/* FetchJsonError */.b && error.notJson)
                throw notJson();
            throw unreadable(error);
        }
    }
    else {
        let text;
        try {
            text = await (0,promises_.readFile)(source, 'utf8');
        }
        catch (error) {
            throw unreadable(error);
        }
        try {
            value = JSON.parse(text);
        }
        catch {
            throw notJson();
        }
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        throw new errors/* UserError */.yo('TRUST_MATERIAL', `Input '${input}': ${(0,format/* quote */.hD)(source)} is not a JSON object`, fixFor(input));
    }
    return value;
}

;// CONCATENATED MODULE: ./src/sigstore/choose.ts
/**
 * The instance a run signs on, loaded with its trust material. `sigstore: auto` chooses as
 * actions/attest does: public repositories on public-good, private and internal ones on GitHub's
 * instance, which keeps no public log; `private-repository: true` opts a private repository into
 * public-good. GitHub Enterprise Server has no GitHub instance (nor public repositories in the
 * public's sense), so there `auto` and `github` need the TUF repository of a self-hosted instance.
 */




async function chooseInstance(inputs, env, deps) {
    const choice = await decide(inputs, env.serverUrl, deps.visibility);
    const instance = await loadInstance({
        name: choice.name,
        signingConfig: inputs.signingConfig,
        trustedRoot: inputs.trustedRoot,
        tufMirror: inputs.tufMirror,
        tufRoot: inputs.tufRoot,
        serverUrl: env.serverUrl,
        rekorVersion: inputs.rekorVersion,
        cacheDir: (0,external_node_path_.join)(env.runnerTemp, 'sign-release-tuf')
    });
    deps.log.info(`Sigstore: ${instance.name} (Fulcio ${instance.fulcioUrl}, Rekor ${instance.rekorUrl ? `${instance.rekorUrl} (v${instance.rekorVersion ?? 1})` : 'none'}, TSA ${instance.tsaUrl ?? 'none'}): ${choice.reason}`);
    return { ...instance, reason: choice.reason };
}
async function decide(inputs, serverUrl, visibility) {
    const ghes = isEnterpriseServer(serverUrl);
    if (inputs.sigstore !== 'auto') {
        if (inputs.sigstore === 'github' && ghes && !inputs.tufMirror)
            throw noGitHubInstance('github', serverUrl);
        return { name: inputs.sigstore, reason: `chosen with sigstore: ${inputs.sigstore}` };
    }
    if (ghes) {
        if (!inputs.tufMirror)
            throw noGitHubInstance('auto', serverUrl);
        return {
            name: 'github',
            reason: "GitHub Enterprise Server: the instance of the TUF repository 'tuf-mirror'"
        };
    }
    if (inputs.privateRepository) {
        return {
            name: 'public-good',
            reason: 'private-repository: true opts into the public-good instance'
        };
    }
    const seen = await visibility();
    return seen === 'public'
        ? { name: 'public-good', reason: 'the repository is public' }
        : {
            name: 'github',
            reason: `the repository is ${seen}: GitHub's instance keeps no public log of its name`
        };
}
/** GitHub Enterprise Server: neither github.com nor a GHE.com tenant. */
function isEnterpriseServer(serverUrl) {
    const host = new URL(serverUrl).hostname;
    return host !== 'github.com' && !host.endsWith('.ghe.com');
}
function noGitHubInstance(choice, serverUrl) {
    const server = (0,format/* quote */.hD)(new URL(serverUrl).host);
    return new errors/* UserError */.yo('INPUT_INVALID', choice === 'auto'
        ? `Input 'sigstore': 'auto' has no instance to choose on GitHub Enterprise Server (${server}): GitHub's Sigstore instance does not serve it`
        : `Input 'sigstore': GitHub's Sigstore instance does not serve GitHub Enterprise Server (${server})`, "use 'sigstore: custom' with your instance's 'signing-config' and 'trusted-root', or give 'tuf-mirror' and 'tuf-root' of your self-hosted instance's TUF repository");
}

;// CONCATENATED MODULE: ./src/verify/published-files.ts

function signedFiles(plan, signed) {
    return (0,signed_subjects/* signedSubjects */.c)(plan).map((p) => {
        const bundle = signed.bundles.get(p.subject.name);
        if (!bundle)
            throw new Error(`no bundle for '${p.subject.name}'`);
        return { name: p.subject.name, sha256: p.subject.sha256, bundle };
    });
}
/** The files the run knew of: on the release before it, and its own sidecars and statements. */
function knownFiles(plan) {
    return new Set([
        ...plan.assets.map((a) => a.name),
        ...(0,signed_subjects/* signedSubjects */.c)(plan).flatMap((p) => p.sidecars.map((s) => s.name)),
        ...plan.statements.map((st) => st.file.name)
    ]);
}

;// CONCATENATED MODULE: ./src/verify/release-attestation.ts




const RELEASE_ATTESTATION_SAN = 'https://dotcom.releases.github.com';
/**
 * Judges the release attestations GitHub holds (any bundles under a signed asset's digest);
 * `trustFor` gives the trust material for a bundle (GitHub's instance's, to pass).
 */
function checkReleaseAttestation(bundles, trustFor, expected) {
    const problems = [];
    for (const bundle of bundles) {
        let statement;
        try {
            const parsed = parseBundle(bundle);
            const { payloadType, payload } = verifyDsseBundle(parsed, trustFor(parsed), { san: RELEASE_ATTESTATION_SAN }, { requireTlog: false });
            statement = (0,intoto/* parseStatement */.By)(payloadType, payload);
        }
        catch (error) {
            problems.push(`it does not verify as GitHub's: ${(0,errors/* messageOf */.bD)(error)}`);
            continue;
        }
        if (statement.predicateType !== intoto/* RELEASE_ATTESTATION_TYPE */.uE)
            continue;
        const mismatch = listMismatch(statement, expected);
        if (!mismatch)
            return { status: 'verified' };
        problems.push(mismatch);
    }
    return {
        status: 'failed',
        detail: problems[0] ?? "GitHub's attestations API holds no release attestation for it"
    };
}
function listMismatch(statement, expected) {
    const listed = new Map();
    for (const s of statement.subject) {
        const sha256 = s.digest.sha256;
        if (typeof s.name === 'string' && sha256)
            listed.set(s.name, sha256);
    }
    for (const { name, sha256 } of expected.signed) {
        const digest = listed.get(name);
        if (digest === undefined)
            return `it does not list ${(0,format/* quote */.hD)(name)}`;
        if (digest !== sha256)
            return `it lists ${(0,format/* quote */.hD)(name)} with sha256 ${digest}, but ${sha256} was signed`;
    }
    const signed = new Set(expected.signed.map((s) => s.name));
    const extra = [...listed.keys()].filter((n) => !signed.has(n) && !expected.known.has(n));
    if (extra.length > 0)
        return `it lists ${extra.map(format/* quote */.hD).join(', ')}, which ${extra.length === 1 ? 'was' : 'were'} not on the release when it was signed`;
    return undefined;
}

;// CONCATENATED MODULE: ./src/verify/published.ts









const BUNDLE_LIMIT = 16 * 1024 * 1024;
async function checkPublished(input) {
    const { github, log } = input;
    const release = await github.releases.get(input.releaseId);
    const assets = new Map((await github.assets.list(release.id)).map((a) => [a.name, a]));
    const problems = [];
    let verified = 0;
    for (const file of input.signed) {
        try {
            // A download is a GET: a passing failure is tried again before it counts as a problem.
            await (0,retry/* withRetries */.L)(() => checkDownload(file, assets, input.verifier, published_opener(input)), {
                attempts: 3
            });
            verified++;
        }
        catch (error) {
            problems.push(`${(0,format/* quote */.hD)(file.name)}: ${(0,errors/* messageOf */.bD)(error)}`);
        }
    }
    log.info(problems.length === 0
        ? `Downloaded ${verified} signed file${verified === 1 ? '' : 's'} through the public URLs, without a token: each verifies against its bundle`
        : `Downloads that do not verify: ${problems.join('; ')}`);
    const releaseAttestation = release.immutable
        ? await readReleaseAttestation(input)
        : { status: 'not-immutable' };
    if (releaseAttestation.status === 'verified')
        log.info("GitHub's release attestation verifies and lists exactly the signed files");
    const ok = problems.length === 0 && releaseAttestation.status !== 'failed';
    return { downloads: { verified, problems }, releaseAttestation, ok };
}
/** Public URLs without a token, or the API for a repository only readers with access can read. */
function published_opener(input) {
    if (!input.publicDownloads)
        return (asset) => input.github.assets.open(asset);
    return async (asset) => {
        if (!asset.downloadUrl)
            throw new Error('it has no public download URL');
        return openStorageUrl(asset.downloadUrl);
    };
}
async function checkDownload(file, assets, verifier, open) {
    const asset = assets.get(file.name);
    if (!asset)
        throw new Error('not on the release');
    const { sha256 } = await digestStream(await open(asset));
    if (sha256 !== file.sha256)
        throw new Error(`downloads as sha256 ${sha256}, signed ${file.sha256}`);
    const sidecar = assets.get(file.name + names/* SIDECAR_SUFFIX */.S.bundle);
    const bundle = sidecar
        ? JSON.parse((await stream_readAll(await open(sidecar), BUNDLE_LIMIT)).toString('utf8'))
        : file.bundle;
    verifier.verify(file.name, bundle, sha256);
}
async function readReleaseAttestation(input) {
    const first = input.signed[0];
    if (!first)
        return { status: 'failed', detail: 'nothing was signed' };
    const bundles = await input.github.attestations.list(`sha256:${first.sha256}`, intoto/* RELEASE_ATTESTATION_TYPE */.uE);
    if (!bundles) {
        input.log.warning("GitHub's release attestation could not be read: the attestations API is not available for this repository");
        return { status: 'unavailable', detail: 'the attestations API is not available' };
    }
    let trust;
    try {
        trust = await input.githubTrust();
    }
    catch (error) {
        return {
            status: 'failed',
            detail: `GitHub's trusted root, which it is verified with, could not be loaded: ${(0,errors/* messageOf */.bD)(error)}`
        };
    }
    const check = checkReleaseAttestation(bundles, () => trust, {
        signed: input.signed,
        known: input.known
    });
    return check;
}
/** The one error line of a failed check after publishing. */
function afterPublishError(tag, result) {
    const reasons = [
        ...result.downloads.problems.map((p) => `download ${p}`),
        ...(result.releaseAttestation.status === 'failed'
            ? [`GitHub's release attestation: ${result.releaseAttestation.detail ?? 'does not verify'}`]
            : [])
    ];
    return new errors/* UserError */.yo('PUBLISHED', `Release ${(0,format/* quote */.hD)(tag)} is published, but what downloaders get does not verify: ${reasons.join('; ')}`, 're-run the job to check again; if it still fails, the release is public: withdraw it (delete or mark it as such) and release again');
}

;// CONCATENATED MODULE: ./src/verify/self.ts




function selfVerifier(trust, policy, requireTlog) {
    const options = { requireTlog };
    // A bundle checked as soon as it was signed is not checked again before its upload.
    const verified = new WeakMap();
    return {
        policy,
        verify(name, bundle, sha256) {
            if (verified.get(bundle) === sha256)
                return;
            try {
                verifyMessageBundle(parseBundle(bundle), Buffer.from(sha256, 'hex'), trust, policy, options);
                verified.set(bundle, sha256);
            }
            catch (error) {
                throw new errors/* UserError */.yo('VERIFY', `The bundle for ${(0,format/* quote */.hD)(name)} does not verify: ${(0,errors/* messageOf */.bD)(error)}`, undefined, { cause: error });
            }
        },
        verifyStatement(name, bundle) {
            try {
                const { payloadType, payload } = verifyDsseBundle(parseBundle(bundle), trust, policy, options);
                return (0,intoto/* parseStatement */.By)(payloadType, payload);
            }
            catch (error) {
                throw new errors/* UserError */.yo('VERIFY', `${name} does not verify: ${(0,errors/* messageOf */.bD)(error)}`, undefined, {
                    cause: error
                });
            }
        }
    };
}

;// CONCATENATED MODULE: ./src/verify/stage.ts



function verifySigned(plan, signed, verifier, log) {
    const all = (0,signed_subjects/* signedSubjects */.c)(plan);
    for (const p of all) {
        const bundle = signed.bundles.get(p.subject.name);
        if (!bundle)
            throw new Error(`no bundle for '${p.subject.name}'`);
        verifier.verify(p.subject.name, bundle, p.subject.sha256);
    }
    for (const signedStatement of signed.statements) {
        const statement = verifier.verifyStatement(signedStatement.name, signedStatement.bundle);
        if (!(0,intoto/* coversExactly */.PA)(statement, plan.subjects.map((p) => p.subject))) {
            throw new errors/* UserError */.yo('VERIFY', `The signed ${signedStatement.name} does not cover exactly the signed assets`);
        }
    }
    const count = all.length + signed.statements.length;
    log.info(`Verified ${count} bundle${count === 1 ? '' : 's'} against ${String(verifier.policy.san)}`);
}

;// CONCATENATED MODULE: ./src/pipeline.ts
/**
 * One run: inputs -> plan -> sign -> verify -> publish. Each stage takes typed input and returns
 * typed output; nothing here talks to @actions/core (run() does), so the whole flow runs anywhere.
 *
 * A run is prepared the same way with or without `dry-run` (everything local checked, the token's
 * identity and policy, the instance, the plan); only a run with a `Signer` goes on to write.
 */

























/** How long the run's OIDC token must stay valid to be sent to Fulcio again rather than renewed. */
const TOKEN_MARGIN_MS = 2 * 60_000;
/** The error a run ends with when the published release does not verify for downloaders. */
function afterPublishFailure(result) {
    const check = result.afterPublish;
    return check && !check.ok ? afterPublishError(result.plan.release.tagName, check) : undefined;
}
async function signRelease(inputs, env, deps) {
    if (!env.canRequestIdToken && !inputs.dryRun)
        throw missingIdToken();
    const prepared = await prepare(inputs, env, deps);
    if (inputs.dryRun) {
        logDryRun(prepared.plan, deps.log);
        return { ...resultOf(prepared), bundles: new Map(), bundlePaths: [], published: false };
    }
    if (!prepared.signer)
        throw missingIdToken();
    return signAndPublish(prepared, prepared.signer, inputs, env, deps);
}
async function prepare(inputs, env, deps) {
    const { log } = deps;
    const client = createOctokit({ token: inputs.githubToken, apiUrl: env.apiUrl, log });
    const github = connectRepository(client.octokit, repoRef(env.repository));
    // Everything local is checked before the first remote call: files, the SBOM, and a custom
    // instance's trust material (an instance from TUF needs the network, and `auto` the token).
    const local = await readLocalInputs(inputs, env.workspace);
    const custom = inputs.sigstore === 'custom' ? await chooseInstance(inputs, env, customOnly(log)) : undefined;
    const token = env.canRequestIdToken ? await deps.getIdToken('sigstore') : undefined;
    const identity = token ? (0,src_identity/* identityFromToken */.aU)(token, env.serverUrl) : undefined;
    if (identity)
        log.info(`Signing identity: ${identity.san} (issuer ${identity.issuer})`);
    const policy = identity ? enforceOrigin(identity, inputs.policy) : undefined;
    if (policy)
        log.info(`Origin policy: ${policy.join('; ')}`);
    const visibility = async () => identity?.repositoryVisibility ?? (await github.repository.get()).visibility;
    await refusePrivateOnPublicLog(inputs, github.slug, visibility);
    const instance = custom ?? (await chooseInstance(inputs, env, { log, visibility }));
    const signer = token && identity
        ? {
            token,
            identity,
            verifier: selfVerifier(trustMaterialFrom(instance.trustedRoot), {
                san: identity.san,
                issuer: identity.issuer,
                sourceRepositoryUri: (0,src_identity/* repositoryUrl */.Ek)(env.serverUrl, identity.repository)
            }, instance.rekorUrl !== undefined)
        }
        : undefined;
    let authorization;
    const plan = await planRun({
        github,
        inputs,
        event: env,
        local,
        repositoryUrl: (0,src_identity/* repositoryUrl */.Ek)(env.serverUrl, github.slug),
        read: existingReader(github.assets),
        verifier: signer && existingVerifier(signer.verifier),
        authorize: async (release) => {
            authorization = await authorize(inputs, env, github, release, signer?.identity, log);
            return authorization;
        },
        log
    });
    const bundleDir = (0,external_node_path_.join)(env.runnerTemp, 'sign-release', String(plan.release.id));
    return { client, github, plan, instance, signer, policy, authorization, bundleDir };
}
/** Reads and checks the release's authorisation once the release is known (./plan/authorization.ts). */
async function authorize(inputs, env, github, release, identity, log) {
    if (!identity) {
        // A dry run without a token: there are no claims to say which run and environment this is.
        if (inputs.authorization !== 'none' || inputs.requireSignedTag)
            log.info('Dry run without an OIDC token: the authorisation is not checked');
        return undefined;
    }
    return readAuthorization({
        mode: inputs.authorization,
        requireSignedTag: inputs.requireSignedTag,
        tagName: release.tagName,
        client: github.authorization,
        run: {
            environment: identity.environment,
            runId: identity.runId,
            runAttempt: identity.runAttempt,
            actor: identity.actor,
            triggeringActor: env.triggeringActor || identity.actor,
            workflowRef: identity.workflowRef,
            jobWorkflowRef: identity.jobWorkflowRef
        }
    });
}
async function signAndPublish(prepared, signer, inputs, env, deps) {
    const { log } = deps;
    const { github, plan, instance } = prepared;
    const { identity, verifier } = signer;
    prepared.client.paceWrites(plan.budget.contentRequests);
    // Each subject's sidecars go up as soon as its bundle verifies, while the rest are signed.
    const uploads = startUploads({ github, plan, log });
    const signed = await log.group('Signing and uploading', async () => {
        try {
            const signed = await signPlan({
                plan,
                instance,
                // The token the identity came from, unless hashing took long enough to bring it near its
                // expiry (GitHub's last minutes): one request to the runner's token service fewer.
                getToken: () => (0,src_identity/* validFor */._K)(signer.token, TOKEN_MARGIN_MS)
                    ? Promise.resolve(signer.token)
                    : deps.getIdToken('sigstore'),
                checkCertificate: (pem) => checkIssuedCertificate(pem, instance.trustedRoot, identity),
                verify: (name, bundle, sha256) => verifier.verify(name, bundle, sha256),
                onSigned: (name, bundle) => uploads.signed(name, bundle),
                provenanceIssuer: instance.name === 'custom' ? identity.issuer : undefined,
                serverUrl: env.serverUrl,
                log
            });
            // A bundle that does not verify is never uploaded.
            verifySigned(plan, signed, verifier, log);
            await uploads.finish(signed);
            return signed;
        }
        catch (error) {
            await uploads.abandon();
            throw error;
        }
    });
    const files = await writeBundleFiles(prepared.bundleDir, signed);
    const { attestation, published } = await publishPlan({
        github,
        plan,
        signed,
        attestations: inputs.attestations,
        publishDraft: inputs.publish,
        serverUrl: env.serverUrl,
        log
    });
    const afterPublish = inputs.publish && (published || !plan.release.draft)
        ? await log.group('Checking what downloaders get', () => checkPublished({
            github,
            releaseId: plan.release.id,
            signed: signedFiles(plan, signed),
            known: knownFiles(plan),
            publicDownloads: identity.repositoryVisibility === 'public',
            verifier,
            githubTrust: () => githubTrust(instance, env),
            log
        }))
        : undefined;
    return {
        ...resultOf(prepared),
        bundles: signed.bundles,
        ...files,
        attestation,
        published,
        afterPublish
    };
}
function resultOf(prepared) {
    const { plan, policy, instance, bundleDir, authorization } = prepared;
    return { plan, policy, identity: prepared.signer?.identity, instance, bundleDir, authorization };
}
/** GitHub's trust material, which signs release attestations: from TUF unless the run signed there. */
async function githubTrust(instance, env) {
    if (instance.name === 'github')
        return trustMaterialFrom(instance.trustedRoot);
    const github = await loadInstance({
        name: 'github',
        serverUrl: env.serverUrl,
        tufMirror: env.githubTuf?.mirror,
        tufRoot: env.githubTuf?.root,
        cacheDir: (0,external_node_path_.join)(env.runnerTemp, 'sign-release-tuf')
    });
    return trustMaterialFrom(github.trustedRoot);
}
/** A custom instance is chosen by the inputs alone: it never asks for the repository's visibility. */
function customOnly(log) {
    return {
        log,
        visibility: () => Promise.reject(new Error('a custom instance does not depend on visibility'))
    };
}
function repoRef(repository) {
    const ref = (0,src_identity/* splitRepository */.T8)(repository);
    if (!ref)
        throw new errors/* UserError */.yo('RUNNER_ENV', `GITHUB_REPOSITORY ${(0,format/* quote */.hD)(repository)} is not owner/repo`);
    return ref;
}
function missingIdToken() {
    return new errors/* UserError */.yo('PERMISSION', 'The job cannot request an OIDC token (ACTIONS_ID_TOKEN_REQUEST_URL is not set): it lacks the id-token: write permission', 'add to the job:\n  permissions:\n    contents: write\n    id-token: write');
}


/***/ })

};

//# sourceMappingURL=634.index.js.map