export const id = 191;
export const ids = [191];
export const modules = {

/***/ 28812:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   By: () => (/* binding */ parseStatement),
/* harmony export */   JM: () => (/* binding */ statementFor),
/* harmony export */   JZ: () => (/* binding */ SPDX_TYPE),
/* harmony export */   L$: () => (/* binding */ SLSA_PROVENANCE_TYPE),
/* harmony export */   PA: () => (/* binding */ coversExactly),
/* harmony export */   T4: () => (/* binding */ IN_TOTO_PAYLOAD_TYPE),
/* harmony export */   bo: () => (/* binding */ CYCLONEDX_TYPE)
/* harmony export */ });
/* unused harmony export IN_TOTO_STATEMENT_TYPE */
/** in-toto v1 statements: what provenance and SBOM attestations say about the subjects. */
const IN_TOTO_PAYLOAD_TYPE = 'application/vnd.in-toto+json';
const IN_TOTO_STATEMENT_TYPE = 'https://in-toto.io/Statement/v1';
const SLSA_PROVENANCE_TYPE = 'https://slsa.dev/provenance/v1';
const CYCLONEDX_TYPE = 'https://cyclonedx.org/bom';
const SPDX_TYPE = 'https://spdx.dev/Document';
function statementFor(subjects, predicateType, predicate) {
    return {
        _type: IN_TOTO_STATEMENT_TYPE,
        subject: [...subjects]
            .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
            .map((s) => ({ name: s.name, digest: { sha256: s.sha256 } })),
        predicateType,
        predicate
    };
}
/** Reads the statement a verified DSSE payload carries, refusing anything but in-toto v1. */
function parseStatement(payloadType, payload) {
    if (payloadType !== IN_TOTO_PAYLOAD_TYPE)
        throw new Error(`payload type ${payloadType} is not in-toto`);
    const statement = JSON.parse(payload.toString('utf8'));
    if (statement._type !== IN_TOTO_STATEMENT_TYPE || !Array.isArray(statement.subject)) {
        throw new Error('the payload is not an in-toto v1 statement');
    }
    return statement;
}
/** Whether a statement covers exactly these subjects (names and SHA-256 digests). */
function coversExactly(statement, subjects) {
    if (statement.subject.length !== subjects.length)
        return false;
    const wanted = new Map(subjects.map((s) => [s.name, s.sha256]));
    return statement.subject.every((s) => wanted.get(s.name) === s.digest.sha256);
}


/***/ }),

/***/ 24191:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  signRelease: () => (/* binding */ signRelease)
});

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(83916);
// EXTERNAL MODULE: ./node_modules/@actions/github/lib/github.js
var github = __webpack_require__(61351);
// EXTERNAL MODULE: ./node_modules/@actions/github/lib/utils.js + 19 modules
var utils = __webpack_require__(85555);
// EXTERNAL MODULE: ./node_modules/@octokit/plugin-retry/dist-bundle/index.js
var dist_bundle = __webpack_require__(49735);
// EXTERNAL MODULE: ./node_modules/@octokit/plugin-throttling/dist-bundle/index.js
var plugin_throttling_dist_bundle = __webpack_require__(86856);
// EXTERNAL MODULE: ./node_modules/bottleneck/lib/index.js
var lib = __webpack_require__(62203);
var lib_default = /*#__PURE__*/__webpack_require__.n(lib);
;// CONCATENATED MODULE: ./src/plan/budget.ts
/**
 * GitHub's limits, checked before anything is written: at most 1000 assets a release, and secondary
 * limits of 80 content-creating requests a minute and 500 an hour.
 */

const MAX_ASSETS_PER_RELEASE = 1000;
const CONTENT_REQUESTS_PER_MINUTE = 80;
const CONTENT_REQUESTS_PER_HOUR = 500;
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

;// CONCATENATED MODULE: ./src/github/octokit.ts
/** Octokit for the action: GITHUB_API_URL, retries for transient failures, and GitHub's rate limits honoured. */






/** Writes of a run that fits in one minute's allowance go at once, four at a time. */
const BURST = { maxConcurrent: 4, minTime: 0 };
/** Otherwise one at a time, a little under 80 a minute. */
const PACED = { maxConcurrent: 1, minTime: Math.ceil(60000 / (CONTENT_REQUESTS_PER_MINUTE - 5)) };
function createOctokit(options) {
    const retries = options.retries ?? 4;
    const writes = new (lib_default()).Group({ ...BURST, id: 'sign-release-write' });
    const onLimit = (kind) => (retryAfter, request, _octokit, retryCount) => {
        if (retryCount >= retries) {
            options.log.warning(`${kind} rate limit on ${request.method} ${request.url}: giving up after ${retryCount} retries`);
            return false;
        }
        options.log.info(`${kind} rate limit on ${request.method} ${request.url}: waiting ${retryAfter}s (GitHub's retry-after)`);
        return true;
    };
    const settings = {
        baseUrl: options.apiUrl,
        userAgent: 'sign-release',
        // Retries belong in the plugin's own options: a `request.retries` default would make it
        // retry every failure, 4xx included.
        retry: { doNotRetry: [400, 401, 403, 404, 409, 410, 422, 451], retries },
        throttle: {
            write: writes,
            onRateLimit: onLimit('Primary'),
            onSecondaryRateLimit: onLimit('Secondary')
        }
    };
    const octokit = options.token
        ? (0,github/* getOctokit */.Q)(options.token, settings, dist_bundle/* retry */.L, plugin_throttling_dist_bundle/* throttling */.A)
        : new (utils/* GitHub */.gq.plugin(dist_bundle/* retry */.L, plugin_throttling_dist_bundle/* throttling */.A))({ ...utils/* defaults */.NT, ...settings });
    return {
        octokit,
        paceWrites: (requests) => writes.updateSettings(requests > CONTENT_REQUESTS_PER_MINUTE ? PACED : BURST)
    };
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: external "node:http"
var external_node_http_ = __webpack_require__(37067);
// EXTERNAL MODULE: external "node:https"
var external_node_https_ = __webpack_require__(44708);
// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(57075);
;// CONCATENATED MODULE: ./src/github/releases.ts
/**
 * A narrow client for one repository's releases: the only code that knows GitHub's REST shapes.
 * Errors are translated into UserErrors where the user can fix the cause.
 */





class ReleaseClient {
    octokit;
    ref;
    constructor(octokit, ref) {
        this.octokit = octokit;
        this.ref = ref;
    }
    async getRepository() {
        const { data } = await this.octokit.rest.repos.get({ ...this.ref });
        return {
            visibility: data.visibility ?? (data.private ? 'private' : 'public'),
            private: data.private,
            ownerType: data.owner.type
        };
    }
    async getRelease(id) {
        try {
            const { data } = await this.octokit.rest.repos.getRelease({ ...this.ref, release_id: id });
            return toRelease(data);
        }
        catch (error) {
            if (releases_status(error) === 404) {
                throw new errors/* UserError */.yo('RELEASE', `Release ${id} was not found in ${this.slug()}`, "check 'release-id'; a draft is visible only to a token with contents: write", { cause: error });
            }
            throw error;
        }
    }
    /** Finds a release by tag, drafts included: get-by-tag does not return drafts, so list them. */
    async findReleaseByTag(tag) {
        try {
            const { data } = await this.octokit.rest.repos.getReleaseByTag({ ...this.ref, tag });
            return toRelease(data);
        }
        catch (error) {
            if (releases_status(error) !== 404)
                throw error;
        }
        for await (const page of this.octokit.paginate.iterator(this.octokit.rest.repos.listReleases, {
            ...this.ref,
            per_page: 100
        })) {
            const found = page.data.find((r) => r.tag_name === tag);
            if (found)
                return toRelease(found);
        }
        return undefined;
    }
    async listAssets(releaseId) {
        const raw = await this.octokit.paginate(this.octokit.rest.repos.listReleaseAssets, {
            ...this.ref,
            release_id: releaseId,
            per_page: 100
        });
        return raw.map(toAsset);
    }
    /**
     * Streams an asset's bytes through the API, which works for drafts too. GitHub answers with a
     * redirect to signed storage; that part is read with node:http's large buffers rather than
     * fetch's web streams, which roughly halves the cost of hashing a large asset.
     */
    async downloadAsset(assetId) {
        const response = await this.octokit.request('GET /repos/{owner}/{repo}/releases/assets/{asset_id}', {
            ...this.ref,
            asset_id: assetId,
            headers: { accept: 'application/octet-stream' },
            request: { parseSuccessResponseBody: false, redirect: 'manual' }
        });
        const location = response.headers.location;
        if (response.status === 302 && location)
            return openUrl(location);
        return external_node_stream_.Readable.fromWeb(response.data);
    }
    async uploadAsset(release, name, body, contentType) {
        const isBuffer = 'buffer' in body;
        const response = await this.octokit.request({
            method: 'POST',
            url: release.uploadUrl,
            name,
            // fetch sets the length of a buffer itself; a stream needs it said (GitHub requires it).
            headers: isBuffer
                ? { 'content-type': contentType }
                : { 'content-type': contentType, 'content-length': String(body.size) },
            data: isBuffer ? body.buffer : (0,external_node_fs_.createReadStream)(body.path),
            // A stream cannot be replayed: the caller retries uploads of files itself.
            request: isBuffer ? {} : { retries: 0 }
        });
        return toAsset(response.data);
    }
    async deleteAsset(assetId) {
        await this.octokit.rest.repos.deleteReleaseAsset({ ...this.ref, asset_id: assetId });
    }
    async renameAsset(assetId, name) {
        const { data } = await this.octokit.rest.repos.updateReleaseAsset({
            ...this.ref,
            asset_id: assetId,
            name
        });
        return toAsset(data);
    }
    async publishRelease(id) {
        const { data } = await this.octokit.rest.repos.updateRelease({
            ...this.ref,
            release_id: id,
            draft: false
        });
        return toRelease(data);
    }
    /** Stores a bundle in GitHub's attestations API; returns the attestation's id. */
    async createAttestation(bundle) {
        const { data } = await this.octokit.request('POST /repos/{owner}/{repo}/attestations', {
            ...this.ref,
            bundle
        });
        return data.id;
    }
    /** Bundles GitHub's attestations API holds for a subject digest (`sha256:<hex>`). */
    async listAttestations(subjectDigest) {
        const { data } = await this.octokit.request('GET /repos/{owner}/{repo}/attestations/{subject_digest}', {
            ...this.ref,
            subject_digest: subjectDigest
        });
        return (data.attestations ?? []).map((a) => a.bundle);
    }
    slug() {
        return `${this.ref.owner}/${this.ref.repo}`;
    }
}
/** Opens a signed storage URL (no credentials: they must not leave GitHub's API host). */
function openUrl(url, redirects = 3) {
    const get = url.startsWith('https:') ? external_node_https_.get : external_node_http_.get;
    return new Promise((resolve, reject) => {
        get(url, { highWaterMark: 1024 * 1024 }, (response) => {
            const code = response.statusCode ?? 0;
            const next = response.headers.location;
            if (code >= 300 && code < 400 && next && redirects > 0) {
                response.resume();
                resolve(openUrl(new URL(next, url).toString(), redirects - 1));
            }
            else if (code !== 200) {
                response.resume();
                reject(new Error(`download from storage failed: HTTP ${code}`));
            }
            else {
                resolve(response);
            }
        }).on('error', reject);
    });
}
function releases_status(error) {
    const value = error?.status;
    return typeof value === 'number' ? value : undefined;
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
        contentType: data.content_type
    };
}

;// CONCATENATED MODULE: ./src/identity.ts
/**
 * The signing identity a GitHub Actions OIDC token proves: what Fulcio will put into the
 * certificate, and so what every bundle must be verified against.
 */

/** Reads the claims of a JWT without verifying it (Fulcio verifies it). */
function decodeClaims(token) {
    const payload = token.split('.')[1];
    if (!payload)
        throw new errors/* UserError */.yo('OIDC', 'The OIDC token is not a JWT');
    return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
}
function identityFromToken(token, serverUrl) {
    const claims = decodeClaims(token);
    const text = (name) => {
        const value = claims[name];
        if (typeof value !== 'string' || value === '') {
            throw new errors/* UserError */.yo('OIDC', `The OIDC token has no '${name}' claim`, 'sign-release needs a GitHub Actions OIDC token');
        }
        return value;
    };
    const jobWorkflowRef = text('job_workflow_ref');
    return {
        san: `${serverUrl.replace(/\/+$/, '')}/${jobWorkflowRef}`,
        issuer: text('iss'),
        repository: text('repository'),
        repositoryVisibility: text('repository_visibility'),
        jobWorkflowRef,
        jobWorkflowSha: text('job_workflow_sha'),
        workflowRef: text('workflow_ref'),
        ref: text('ref'),
        sha: text('sha'),
        eventName: text('event_name'),
        workflowName: text('workflow')
    };
}

;// CONCATENATED MODULE: ./src/plan/checksums.ts
/** The checksums file: `sha256sum` format, one line per signed asset, sorted by name. */
function renderChecksums(subjects) {
    const lines = [...subjects]
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
        .map((s) => `${s.sha256}  ${s.name}\n`);
    return Buffer.from(lines.join(''));
}

// EXTERNAL MODULE: ./src/intoto.ts
var intoto = __webpack_require__(28812);
;// CONCATENATED MODULE: ./src/plan/sbom.ts
/** An SBOM to attest over the release's subjects: a CycloneDX or SPDX JSON document. */




async function readSbom(path, workspace) {
    let document;
    try {
        document = JSON.parse(await (0,promises_.readFile)((0,external_node_path_.resolve)(workspace, path), 'utf8'));
    }
    catch (error) {
        throw (0,errors/* inputError */.Xu)('sbom', `cannot read ${path} as JSON: ${(0,errors/* messageOf */.bD)(error)}`, 'give the path of a CycloneDX or SPDX JSON file');
    }
    if (document.bomFormat === 'CycloneDX')
        return { predicateType: intoto/* CYCLONEDX_TYPE */.bo, document };
    if (typeof document.spdxVersion === 'string' && document.spdxVersion.startsWith('SPDX-')) {
        return { predicateType: intoto/* SPDX_TYPE */.JZ, document };
    }
    throw (0,errors/* inputError */.Xu)('sbom', `${path} is neither CycloneDX (bomFormat) nor SPDX (spdxVersion) JSON`, 'generate the SBOM in CycloneDX or SPDX JSON format');
}

;// CONCATENATED MODULE: ./src/util/pool.ts
/** Runs `fn` over `items` with at most `limit` at once, keeping the input order in the result. */
async function mapLimit(items, limit, fn) {
    const results = new Array(items.length);
    let next = 0;
    const worker = async () => {
        while (next < items.length) {
            const index = next++;
            results[index] = await fn(items[index], index);
        }
    };
    await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
    return results;
}

// EXTERNAL MODULE: ./src/util/format.ts
var format = __webpack_require__(32693);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
;// CONCATENATED MODULE: ./src/util/digest.ts
/** Streaming SHA-256: assets may be 2 GiB, so bytes pass through and are never kept. */


/** 1 MiB reads: large enough to keep hashing near openssl's speed. */
const CHUNK = 1024 * 1024;
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
function digestFile(path, onBytes) {
    return digestStream((0,external_node_fs_.createReadStream)(path, { highWaterMark: CHUNK }), onBytes);
}
function digestBuffer(bytes) {
    return { sha256: (0,external_node_crypto_.createHash)('sha256').update(bytes).digest('hex'), size: bytes.length };
}

;// CONCATENATED MODULE: ./src/plan/hash.ts
/**
 * Streams every subject once through SHA-256: local files from disk, release assets through the API.
 * GitHub's own `digest` of an asset must agree, or the run fails: what we sign is what users download.
 */




/** Progress lines for long hashes, every this many bytes. */
const PROGRESS_EVERY = 256 * 1024 * 1024;
async function hashSubjects(subjects, client, log, concurrency) {
    return mapLimit(subjects, concurrency, async (subject) => {
        const started = Date.now();
        let seen = 0;
        let reported = 0;
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
                : await digestStream(await client.downloadAsset(subject.asset.id), progress);
        const known = subject.kind === 'asset' ? subject.asset.digest : subject.existing?.digest;
        if (subject.kind === 'asset' && known && known !== digested.sha256) {
            throw new errors/* UserError */.yo('ASSET_MISMATCH', `Asset '${subject.name}' downloaded with SHA-256 ${digested.sha256}, but GitHub reports ${known}`, 'the asset changed or the download was corrupted: re-run, and re-upload the asset if this persists');
        }
        if (subject.kind === 'file' &&
            subject.existing?.state === 'uploaded' &&
            known !== digested.sha256) {
            throw new errors/* UserError */.yo('ASSET_MISMATCH', `The release already has an asset '${subject.name}' with other content than ${subject.path}`, 'this action never replaces your assets: delete it from the release or rename the file');
        }
        log.info(`${subject.name}: sha256 ${digested.sha256} (${(0,format/* formatBytes */.z3)(digested.size)}, ${(0,format/* formatSeconds */.Xo)(Date.now() - started)})`);
        return { ...subject, sha256: digested.sha256, size: digested.size };
    });
}

;// CONCATENATED MODULE: ./src/names.ts
const SIDECAR_SUFFIX = {
    bundle: '.sigstore.json',
    sig: '.sig',
    pem: '.pem'
};
const SIDECAR_CONTENT_TYPE = {
    bundle: 'application/json',
    sig: 'text/plain',
    pem: 'application/x-pem-file'
};
/** Marks an upload in progress, before it replaces a stale sidecar. Ours alone, so safe to delete. */
const TEMP_SUFFIX = '.sign-release-tmp';
function sidecarName(assetName, kind) {
    return assetName + SIDECAR_SUFFIX[kind];
}
function tempName(name) {
    return name + TEMP_SUFFIX;
}
function isTempName(name) {
    return name.endsWith(TEMP_SUFFIX);
}
/**
 * The name GitHub will store for an uploaded file. GitHub documents only that it renames names
 * with special characters and leading or trailing periods; observed behaviour: letters are
 * transliterated to ASCII, each run of characters outside `[A-Za-z0-9_+-]` before the extension
 * becomes one period, leading and trailing periods go, and an empty base becomes `default`.
 * The upload's answer stays authoritative (a mismatch stops the run); this lets a re-run
 * recognise a file it uploaded before.
 */
function storedName(name) {
    const ascii = Array.from(name.normalize('NFKD'))
        .filter((ch) => !/\p{M}/u.test(ch))
        .map((ch) => LETTERS[ch] ?? ch)
        .join('');
    const ext = /\.[A-Za-z0-9_+-]+$/.exec(ascii)?.[0] ?? '';
    const base = ascii
        .slice(0, ascii.length - ext.length)
        .replace(/[^A-Za-z0-9_+-]+/g, '.')
        .replace(/^\.+|\.+$/g, '');
    return (base === '' ? 'default' : base) + ext;
}
/** Letters that Unicode decomposition leaves outside ASCII, as GitHub spells them. */
const LETTERS = {
    Æ: 'AE',
    æ: 'ae',
    Ð: 'D',
    ð: 'd',
    Đ: 'D',
    đ: 'd',
    Ħ: 'H',
    ħ: 'h',
    ı: 'i',
    Ł: 'L',
    ł: 'l',
    Ŋ: 'NG',
    ŋ: 'ng',
    Ø: 'O',
    ø: 'o',
    Œ: 'OE',
    œ: 'oe',
    ß: 'ss',
    Þ: 'TH',
    þ: 'th'
};
/**
 * Whether an asset is one of this action's own outputs rather than something to sign: a sidecar of
 * another asset, a temporary upload, or a release-level file (provenance, checksums) and its sidecars.
 */
function isOwnOutput(name, allNames, releaseFiles) {
    if (isTempName(name))
        return true;
    for (const file of releaseFiles) {
        if (name === file)
            return true;
    }
    for (const suffix of Object.values(SIDECAR_SUFFIX)) {
        if (name.endsWith(suffix) && allNames.has(name.slice(0, -suffix.length)))
            return true;
    }
    return false;
}

// EXTERNAL MODULE: ./node_modules/@sigstore/core/dist/index.js
var dist = __webpack_require__(83917);
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
var nist = __webpack_require__(93431);
// EXTERNAL MODULE: ./node_modules/@sigstore/bundle/dist/index.js
var bundle_dist = __webpack_require__(61040);
// EXTERNAL MODULE: ./node_modules/@sigstore/verify/dist/index.js
var verify_dist = __webpack_require__(54187);
;// CONCATENATED MODULE: ./src/verify/bundle.ts
/**
 * Bundle verification shared by the action's self-check and the CLI: a Sigstore bundle against a
 * trusted root and an identity policy. Message signatures are checked against the artifact's
 * SHA-256 digest, never its bytes, so verifying a 2 GiB asset costs one streamed hash.
 */




/** Fulcio's Source Repository URI extension (v2 GitHub claims), a DER UTF8String. */
const SOURCE_REPOSITORY_URI_OID = [1, 3, 6, 1, 4, 1, 57264, 1, 12];
function trustMaterialFrom(root) {
    return (0,verify_dist/* toTrustMaterial */.jO)(root);
}
/** Parses a bundle's JSON text, with errors that say which file was wrong. */
function parseBundle(json) {
    return (0,bundle_dist.bundleFromJSON)(json);
}
/** Verifies a message-signature bundle for an artifact known by its SHA-256 digest. */
function verifyMessageBundle(bundle, digest, trust, policy, options) {
    if (bundle.content.$case !== 'messageSignature') {
        throw new Error('the bundle holds a DSSE envelope, not a message signature');
    }
    const entity = {
        ...(0,verify_dist/* toSignedEntity */.DC)(bundle),
        signature: digestContent(bundle.content.messageSignature, digest)
    };
    return verifier(trust, options).verify(entity, toPolicy(policy));
}
/** Verifies a DSSE bundle (its signature covers the envelope's payload) and returns the payload. */
function verifyDsseBundle(bundle, trust, policy, options) {
    if (bundle.content.$case !== 'dsseEnvelope') {
        throw new Error('the bundle holds a message signature, not a DSSE envelope');
    }
    const signer = verifier(trust, options).verify((0,verify_dist/* toSignedEntity */.DC)(bundle), toPolicy(policy));
    const envelope = bundle.content.dsseEnvelope;
    return { payloadType: envelope.payloadType, payload: envelope.payload, signer };
}
function verifier(trust, options) {
    return new verify_dist/* Verifier */.BL(trust, {
        tlogThreshold: options.requireTlog ? 1 : 0,
        ctlogThreshold: 1,
        timestampThreshold: 1
    });
}
function toPolicy(policy) {
    const san = typeof policy.san === 'string' ? new RegExp(`^${escapeRegExp(policy.san)}$`) : policy.san;
    const oids = policy.sourceRepository
        ? [
            {
                oid: { id: SOURCE_REPOSITORY_URI_OID },
                value: derUtf8(`https://github.com/${policy.sourceRepository}`)
            }
        ]
        : undefined;
    return { subjectAlternativeName: san, extensions: { issuer: policy.issuer }, oids };
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
            verifyPrehashed(key, artifactDigest, signature)
    };
}
function verifyPrehashed(key, digest, signature) {
    const jwk = key.export({ format: 'jwk' });
    if (jwk.crv !== 'P-256' || !jwk.x || !jwk.y)
        return false;
    const point = Buffer.concat([
        Buffer.from([4]),
        Buffer.from(jwk.x, 'base64url'),
        Buffer.from(jwk.y, 'base64url')
    ]);
    try {
        // Other signers (Go, Python) do not normalise S: accept high-S signatures as OpenSSL does.
        return nist/* p256 */.s9.verify(signature, digest, point, { prehash: false, format: 'der', lowS: false });
    }
    catch {
        return false;
    }
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
async function readAll(stream, limit) {
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
    const bundleName = name + SIDECAR_SUFFIX.bundle;
    for (const candidate of [bundleName, tempName(bundleName)]) {
        const asset = ctx.byName.get(candidate);
        if (asset && (await isOurs('bundle', bundleName, asset, ctx)))
            return true;
    }
    return false;
}
/**
 * A `.sig` is ours when it verifies with the key of our certificate beside it (the `.pem`, or the
 * bundle's) over the subject's current digest or the digest our bundle recorded.
 */
async function sigIsOurs(content, name, ctx, sha256) {
    const signature = Buffer.from(content.toString('utf8').trim(), 'base64');
    if (signature.length === 0)
        return false;
    const base = name.slice(0, -SIDECAR_SUFFIX.sig.length);
    const keys = [];
    const digests = sha256 ? [Buffer.from(sha256, 'hex')] : [];
    const pem = ctx.byName.get(base + SIDECAR_SUFFIX.pem);
    const pemText = pem && (await readOrNothing(ctx, pem))?.toString('utf8');
    if (pemText && certificateIsOurs(pemText, ctx.repositoryUrl))
        keys.push(pemText);
    const bundleAsset = ctx.byName.get(base + SIDECAR_SUFFIX.bundle);
    const bundle = bundleAsset && firstBundle((await readOrNothing(ctx, bundleAsset)) ?? Buffer.alloc(0));
    const leaf = bundle && leafOf(bundle);
    if (leaf && certificateIsOurs(leaf, ctx.repositoryUrl)) {
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
        return verifyPrehashed(key, digest, signature);
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
/** The first Sigstore bundle of a file (a bundle, or JSON Lines of them). */
function firstBundle(content) {
    try {
        const first = JSON.parse(content.toString('utf8').split('\n')[0] ?? '');
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
/** `sha256sum` output: lines of 64 hex digits, two separators, a name. */
function isChecksumsText(content) {
    const lines = content.toString('utf8').split('\n');
    if (lines.at(-1) === '')
        lines.pop();
    return lines.every((line) => /^[0-9a-f]{64} [ *]\S/.test(line));
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
        const name = sidecarName(subject.name, kind);
        return { kind, name, asset: byName.get(name), staleTemp: byName.get(tempName(name)) };
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
    const asset = byName.get(sidecarName(subject.name, 'bundle'));
    if (!asset || asset.state !== 'uploaded')
        return {};
    try {
        const bundle = JSON.parse((await reader.read(asset)).toString('utf8'));
        verify(bundle, subject.sha256);
        return { bundle };
    }
    catch (error) {
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
    const staleTemp = ownership.byName.get(tempName(name));
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
        return { id: input.releaseId };
    if (input.tag)
        return { tag: input.tag };
    const release = event.payload.release;
    if (event.eventName === 'release' && typeof release?.id === 'number')
        return { id: release.id };
    if (event.ref.startsWith('refs/tags/'))
        return { tag: event.ref.slice('refs/tags/'.length) };
    throw new errors/* UserError */.yo('RELEASE', `No release to sign: the '${event.eventName}' event on ${event.ref || 'no ref'} names none`, "pass 'release-id' or 'tag', or run on a release event or a tag push");
}
async function resolveRelease(client, target) {
    let release;
    if ('id' in target) {
        release = await client.getRelease(target.id);
    }
    else {
        const found = await client.findReleaseByTag(target.tag);
        if (!found) {
            throw new errors/* UserError */.yo('RELEASE', `No release with tag '${target.tag}' in ${client.slug()} (drafts included)`, 'create the release (a draft is best) before this step, or pass the right tag');
        }
        release = found;
    }
    return release;
}

// EXTERNAL MODULE: ./node_modules/minimatch/dist/esm/index.js + 8 modules
var esm = __webpack_require__(91138);
// EXTERNAL MODULE: ./node_modules/tinyglobby/dist/index.mjs + 1 modules
var tinyglobby_dist = __webpack_require__(73382);
;// CONCATENATED MODULE: ./src/plan/subjects.ts
/**
 * What gets signed: the release's assets whose names match `assets`, never this action's own
 * outputs, plus local `files` that are uploaded first and signed from their local bytes.
 */






async function localFiles(patterns, cwd) {
    if (patterns.length === 0)
        return [];
    const paths = await (0,tinyglobby_dist/* glob */.TI)(patterns, { cwd, absolute: true, onlyFiles: true, dot: true });
    if (paths.length === 0) {
        throw new errors/* UserError */.yo('NO_SUBJECTS', `Input 'files': no file matches ${patterns.join(', ')} in ${cwd}`, 'check the globs and that the build wrote the files');
    }
    const files = await Promise.all(paths.sort().map(async (path) => ({
        path: (0,external_node_path_.resolve)(path),
        name: storedName((0,external_node_path_.basename)(path)),
        size: (await (0,promises_.stat)(path)).size
    })));
    const seen = new Map();
    for (const file of files) {
        const other = seen.get(file.name);
        if (other) {
            throw new errors/* UserError */.yo('INPUT_CONFLICT', `Input 'files': ${other} and ${file.path} would both be stored as '${file.name}'`, 'give release files distinct names');
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
        if (fileNames.has(asset.name) || isOwnOutput(asset.name, allNames, releaseFiles))
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
    subjects.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    return { subjects, skipped };
}

;// CONCATENATED MODULE: ./src/plan/index.ts














/** Where an SBOM's attestation goes on the release. */
const SBOM_FILE = 'sbom.intoto.jsonl';
const CONCURRENCY = { hash: 2, read: 4 };
async function planRun(ctx) {
    const { client, inputs, log } = ctx;
    const release = await resolveRelease(client, releaseTarget(inputs, ctx.event));
    log.info(`Release ${release.tagName} (id ${release.id}${release.draft ? ', draft' : ''}): ${release.htmlUrl}`);
    const assets = await client.listAssets(release.id);
    const files = await localFiles(inputs.files, ctx.workspace);
    const releaseFiles = [
        ...(inputs.provenance ? [inputs.provenanceName] : []),
        ...(inputs.sbom ? [SBOM_FILE] : []),
        ...(inputs.checksums ? [inputs.checksums] : [])
    ];
    const sbom = inputs.sbom ? await readSbom(inputs.sbom, ctx.workspace) : undefined;
    const { subjects, skipped } = selectSubjects(assets, files, inputs.assets, releaseFiles);
    for (const s of skipped)
        log.warning(`Not signing '${s.name}': ${s.reason}`);
    if (subjects.length === 0) {
        throw new errors/* UserError */.yo('NO_SUBJECTS', `No asset of release ${release.tagName} matches 'assets: ${inputs.assets.join(', ')}' (the release has ${assets.length}: ${assets.map((a) => a.name).join(', ') || 'none'})`, "upload the assets before this step, fix the 'assets' globs, or pass local 'files'");
    }
    const hashed = await log.group(`Hashing ${subjects.length} subject${subjects.length === 1 ? '' : 's'}`, () => hashSubjects(subjects, client, log, CONCURRENCY.hash));
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
        const planned = await planStatementFile(SBOM_FILE, 'sbom', onExisting, hashed, ownership, judge, sbom.document);
        statements.push({
            kind: 'sbom',
            ...planned,
            predicateType: sbom.predicateType,
            predicate: sbom.document
        });
    }
    const budget = budgetFor(assets.length, plans, checksums, statements, inputs);
    log.info(`Plan: ${plans.filter((p) => !p.reuse).length} to sign, ${plans.filter((p) => p.reuse).length} already signed; ` +
        `${budget.newAssets} new assets (${budget.assetsAfter} of 1000 after), ${budget.contentRequests} content-creating requests` +
        (budget.minimumMinutes > 0
            ? ` (GitHub's 80 a minute stretch them over at least ${budget.minimumMinutes} minutes)`
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
    for (const p of [...plan.subjects, ...(plan.checksums ? [plan.checksums] : [])]) {
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
 * Plans a statement file (provenance, SBOM): kept when it verifies for this identity and covers
 * exactly these subjects (and, for an SBOM, carries this very document).
 */
async function planStatementFile(name, input, onExisting, hashed, ownership, judge, predicate) {
    const existing = ownership.byName.get(name);
    // Without a token (a dry run) nothing can be verified: a file of ours is planned as stale.
    let kept;
    if (existing?.state === 'uploaded' && judge && onExisting === 'skip') {
        const content = await ownership.read(existing);
        if (isCurrent(judge, content, hashed, predicate))
            kept = firstBundle(content);
    }
    const file = await planReleaseFile(name, input, 'statement', ownership, kept !== undefined);
    if (existing && onExisting === 'fail') {
        throw new errors/* UserError */.yo('INPUT_CONFLICT', `${(0,format/* quote */.hD)(name)} is already on the release (on-existing: fail)`, "use 'on-existing: skip' or 'replace'");
    }
    return { file, kept };
}
function isCurrent(judge, content, hashed, predicate) {
    try {
        const statement = judge.statementOf(content);
        const samePredicate = predicate === undefined || JSON.stringify(statement.predicate) === JSON.stringify(predicate);
        return samePredicate && (0,intoto/* coversExactly */.PA)(statement, hashed);
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

;// CONCATENATED MODULE: ./src/publish/attestation.ts


async function storeAttestation(client, bundle, mode, serverUrl, log) {
    if (mode === 'false')
        return undefined;
    try {
        const id = await client.createAttestation(bundle);
        const url = `${serverUrl.replace(/\/+$/, '')}/${client.slug()}/attestations/${id}`;
        log.info(`Stored the provenance in GitHub's attestations API: ${url}`);
        return { id, url };
    }
    catch (error) {
        const code = releases_status(error);
        const unavailable = code === 404 || (code === 422 && /not available/i.test((0,errors/* messageOf */.bD)(error)));
        const why = unavailable
            ? "the attestations API is not available for this repository (user-owned private repositories and GitHub Enterprise Server don't have it)"
            : code === 403
                ? "the token may not write attestations: grant 'attestations: write'"
                : undefined;
        if (!why)
            throw error;
        const message = `Could not store the provenance in GitHub's attestations API (HTTP ${String(code)}): ${why}`;
        if (mode === 'true')
            throw new errors/* UserError */.yo('ATTESTATIONS', message, "set 'attestations: auto' to continue without it", {
                cause: error
            });
        log.warning(`${message}. The provenance is on the release as a file. (${(0,errors/* messageOf */.bD)(error)})`);
        return undefined;
    }
}
/**
 * For a statement kept from an earlier run: stores it unless GitHub already holds it, so a re-run
 * after a failed attestation step finishes the job.
 */
async function ensureAttestation(client, bundle, subjectDigest, mode, serverUrl, log) {
    if (mode === 'false')
        return undefined;
    const signature = bundle.dsseEnvelope?.signatures[0]?.sig;
    try {
        const stored = await client.listAttestations(subjectDigest);
        if (stored.some((b) => b.dsseEnvelope?.signatures[0]?.sig === signature)) {
            log.info("The attestation is already in GitHub's attestations API");
            return undefined;
        }
    }
    catch (error) {
        // Unavailable here: storing will say so, or warn, as the mode asks.
        log.debug(`Listing attestations failed: ${(0,errors/* messageOf */.bD)(error)}`);
    }
    return storeAttestation(client, bundle, mode, serverUrl, log);
}

;// CONCATENATED MODULE: ./src/publish/upload.ts
/**
 * Writing to the release without ever losing or altering a user's asset. A sidecar is replaced by
 * uploading the new one under a temporary name, deleting the stale one, then renaming, so the
 * release is never left without a sidecar by a failure that a re-run could not repair.
 */



async function putFile(client, release, request) {
    return guardWrite(client, async () => {
        if (request.staleTemp)
            await client.deleteAsset(request.staleTemp.id);
        const { replace } = request;
        if (!replace)
            return client.uploadAsset(release, request.name, request.body, request.contentType);
        if (replace.state !== 'uploaded') {
            // A broken upload holds the name but has no content worth keeping.
            await client.deleteAsset(replace.id);
            return client.uploadAsset(release, request.name, request.body, request.contentType);
        }
        const uploaded = await client.uploadAsset(release, tempName(request.name), request.body, request.contentType);
        await client.deleteAsset(replace.id);
        return client.renameAsset(uploaded.id, request.name);
    });
}
/** Uploads a local file, retrying what a dropped connection leaves behind. */
async function putLocalFile(client, release, request, attempts = 3) {
    let lastError;
    for (let attempt = 1; attempt <= attempts; attempt++) {
        try {
            return await putFile(client, release, request);
        }
        catch (error) {
            if (error instanceof errors/* UserError */.yo)
                throw error;
            lastError = error;
            const left = (await client.listAssets(release.id)).find((a) => a.name === request.name);
            if (left?.state === 'uploaded' && left.digest === request.sha256)
                return left;
            request = { ...request, replace: left, staleTemp: undefined };
        }
    }
    throw lastError;
}
/** Turns GitHub's answers to a write into errors that say what to fix. */
async function guardWrite(client, write) {
    try {
        return await write();
    }
    catch (error) {
        const code = releases_status(error);
        if (code === 403 && !/rate limit/i.test(String(error.message))) {
            throw new errors/* UserError */.yo('PERMISSION', `GitHub refused to write to the releases of ${client.slug()} (HTTP 403): the token lacks 'contents: write'`, 'grant it in the job:\n  permissions:\n    contents: write\n    id-token: write', { cause: error });
        }
        if (code === 422 && /immutable/i.test(String(error.message))) {
            throw new errors/* UserError */.yo('RELEASE', 'GitHub refused the upload: the release is immutable', "sign while the release is a draft, and let this action publish it with 'publish: true'", { cause: error });
        }
        throw error;
    }
}

;// CONCATENATED MODULE: ./src/publish/index.ts








const UPLOAD_CONCURRENCY = 4;
async function publishPlan(input) {
    const { client, plan, signed, log } = input;
    const release = plan.release;
    await uploadLocalFiles(client, release, plan.subjects, log);
    const writes = [];
    const withSidecars = [...plan.subjects, ...(plan.checksums ? [plan.checksums] : [])];
    for (const p of withSidecars) {
        const bundle = bundleFor(signed, p.subject.name);
        for (const sidecar of p.sidecars) {
            writes.push({
                plan: sidecar,
                body: () => sidecarContent(bundle, sidecar.kind),
                contentType: SIDECAR_CONTENT_TYPE[sidecar.kind]
            });
        }
    }
    if (plan.checksums) {
        const content = plan.checksums.content;
        writes.push({ plan: plan.checksums.file, body: () => content, contentType: 'text/plain' });
    }
    for (const st of plan.statements) {
        const fresh = signed.statements.find((s) => s.name === st.file.name);
        if (fresh)
            writes.push({
                plan: st.file,
                body: () => Buffer.from(JSON.stringify(fresh.bundle) + '\n'),
                contentType: 'application/jsonl'
            });
    }
    const pending = writes.filter((w) => w.plan.action !== 'keep');
    await log.group(`Uploading ${pending.length} file${pending.length === 1 ? '' : 's'}`, async () => {
        await mapLimit(pending, UPLOAD_CONCURRENCY, async (w) => {
            await putFile(client, release, {
                name: w.plan.name,
                body: { buffer: w.body() },
                contentType: w.contentType,
                replace: w.plan.existing,
                staleTemp: w.plan.staleTemp
            });
            log.info(`${w.plan.action === 'replace' ? 'Replaced' : 'Uploaded'} ${w.plan.name}`);
        });
        if (pending.length === 0)
            log.info('Everything was already on the release and valid');
    });
    // A temporary upload of ours left beside a file that is kept: nothing will replace it, so remove it.
    if (!isSealed(release)) {
        for (const file of keptWithLeftovers(plan)) {
            await guardWrite(client, () => client.deleteAsset(file.staleTemp.id));
            log.info(`Removed ${(0,format/* quote */.hD)(file.staleTemp.name)}, left by an interrupted run`);
        }
    }
    let attestation;
    const first = plan.subjects[0]?.subject;
    for (const st of plan.statements) {
        const fresh = signed.statements.find((s) => s.name === st.file.name);
        let stored;
        if (fresh) {
            stored = await storeAttestation(client, fresh.bundle, input.attestations, input.serverUrl, log);
        }
        else if (st.kept && first) {
            const digest = `sha256:${first.sha256}`;
            stored = await ensureAttestation(client, st.kept, digest, input.attestations, input.serverUrl, log);
        }
        if (st.kind === 'provenance')
            attestation = stored;
    }
    let published = false;
    if (input.publish && release.draft) {
        await client.publishRelease(release.id);
        published = true;
        log.info(`Published release ${release.tagName}`);
    }
    return { attestation, published };
}
async function uploadLocalFiles(client, release, subjects, log) {
    const files = subjects
        .map((p) => p.subject)
        .filter((s) => s.kind === 'file' && s.existing?.state !== 'uploaded');
    await mapLimit(files, UPLOAD_CONCURRENCY, async (s) => {
        if (s.kind !== 'file')
            return;
        const asset = await putLocalFile(client, release, {
            name: s.name,
            body: { path: s.path, size: s.size },
            contentType: 'application/octet-stream',
            replace: s.existing,
            sha256: s.sha256
        });
        if (asset.name !== s.name || (asset.digest && asset.digest !== s.sha256)) {
            throw new errors/* UserError */.yo('ASSET_MISMATCH', `GitHub stored ${s.path} as '${asset.name}' (SHA-256 ${asset.digest ?? 'unknown'}), not as '${s.name}' (${s.sha256})`, 'rename the file to a plain name (letters, digits, . _ - +) and re-run');
        }
        log.info(`Uploaded ${s.path} as ${asset.name}`);
    });
}
/** Kept files whose temporary upload of an earlier run is still on the release. */
function keptWithLeftovers(plan) {
    const files = [
        ...[...plan.subjects, ...(plan.checksums ? [plan.checksums] : [])].flatMap((p) => p.sidecars),
        ...(plan.checksums ? [plan.checksums.file] : []),
        ...plan.statements.map((st) => st.file)
    ];
    return files.filter((f) => f.action === 'keep' && f.staleTemp !== undefined);
}
function bundleFor(signed, name) {
    const bundle = signed.bundles.get(name);
    if (!bundle)
        throw new Error(`no bundle for '${name}'`);
    return bundle;
}

// EXTERNAL MODULE: ./node_modules/@sigstore/sign/dist/index.js
var sign_dist = __webpack_require__(15179);
;// CONCATENATED MODULE: ./src/sign/message.ts
/** A v0.3 message-signature bundle for one digest: signature, then the log entry and timestamp. */


async function signDigestBundle(signer, witnesses, digest) {
    const bundle = (0,bundle_dist.toMessageSignatureBundle)({
        digest,
        signature: signer.signDigest(digest),
        certificate: signer.certificateDer,
        certificateChain: false
    });
    for (const witness of witnesses) {
        const material = await witness.testify(bundle.content, signer.certificatePem);
        bundle.verificationMaterial.tlogEntries.push(...(material.tlogEntries ?? []));
        bundle.verificationMaterial.timestampVerificationData?.rfc3161Timestamps.push(...(material.rfc3161Timestamps ?? []));
    }
    return (0,bundle_dist.bundleToJSON)(bundle);
}

// EXTERNAL MODULE: ./node_modules/@actions/attest/lib/index.js + 39 modules
var attest_lib = __webpack_require__(84534);
;// CONCATENATED MODULE: ./src/sign/provenance.ts
/**
 * SLSA v1 provenance over every signed asset: the predicate comes from @actions/attest (which
 * checks the OIDC token's claims against the issuer's keys); statements are signed as DSSE
 * envelopes with the run's certificate and logged like any other bundle.
 */





/** The SLSA predicate for this run; `issuer` is the OIDC issuer whose keys verify the token. */
async function slsaPredicate(issuer) {
    try {
        const predicate = await (0,attest_lib/* buildSLSAProvenancePredicate */.W6)(issuer);
        return predicate.params;
    }
    catch (error) {
        throw new errors/* UserError */.yo('PROVENANCE', `Could not build the SLSA provenance: ${(0,errors/* messageOf */.bD)(error)}`, undefined, {
            cause: error
        });
    }
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
        throw new errors/* UserError */.yo('FULCIO', `Fulcio at ${fulcioUrl} did not issue a certificate: ${(0,errors/* messageOf */.bD)(error)}`, undefined, {
            cause: error
        });
    }
    const secret = secretScalar(privateKey);
    const certificateDer = pemToDer(certificatePem);
    const certificateKey = { $case: 'x509Certificate', certificate: certificatePem };
    return {
        certificatePem,
        certificateDer,
        signDigest: (digest) => Buffer.from(nist/* p256 */.s9.sign(digest, secret, { prehash: false, format: 'der' })),
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

;// CONCATENATED MODULE: ./src/sign/index.ts







const SIGSTORE_FETCH = { timeout: 30000, retry: 3 };
function witnessesFor(instance, fetch = SIGSTORE_FETCH) {
    const witnesses = [];
    if (instance.rekorUrl) {
        witnesses.push(new sign_dist/* RekorWitness */.fU({ rekorBaseURL: instance.rekorUrl, fetchOnConflict: true, ...fetch }));
    }
    if (instance.tsaUrl)
        witnesses.push(new sign_dist/* TSAWitness */.gs({ tsaBaseURL: instance.tsaUrl, ...fetch }));
    return witnesses;
}
async function startSigning(instance, token) {
    const signer = await createRunSigner(instance.fulcioUrl, token, SIGSTORE_FETCH);
    return { signer, witnesses: witnessesFor(instance) };
}
async function signDigests(context, items, log, concurrency) {
    const bundles = await mapLimit(items, concurrency, async (item) => {
        try {
            const bundle = await signDigestBundle(context.signer, context.witnesses, Buffer.from(item.sha256, 'hex'));
            const entry = bundle.verificationMaterial.tlogEntries?.[0];
            log.info(`Signed ${item.name}${entry ? ` (Rekor log index ${entry.logIndex ?? '0'})` : ''}`);
            return [item.name, bundle];
        }
        catch (error) {
            throw new errors/* UserError */.yo('REKOR', `Signing '${item.name}' failed: ${(0,errors/* messageOf */.bD)(error)}`, 're-run the job: assets signed so far are kept', {
                cause: error
            });
        }
    });
    return new Map(bundles);
}
/** The sign stage: new bundles only where the plan found nothing valid to keep. */
async function signPlan(input) {
    const { plan, log } = input;
    const all = [...plan.subjects, ...(plan.checksums ? [plan.checksums] : [])];
    const bundles = new Map();
    for (const p of all)
        if (p.reuse)
            bundles.set(p.subject.name, p.reuse);
    const toSign = all.filter((p) => !p.reuse);
    const pending = plan.statements.filter((st) => st.file.action !== 'keep');
    if (toSign.length === 0 && pending.length === 0)
        return { bundles, statements: [] };
    // Predicates first: provenance fetches its own token, and the certificate's ten minutes start below.
    const predicates = await Promise.all(pending.map(async (st) => st.predicate ?? (await slsaPredicate(input.provenanceIssuer))));
    const context = await startSigning(input.instance, await input.getToken());
    input.checkCertificate(context.signer.certificatePem);
    log.info('Fulcio issued one certificate for this run');
    const signed = await signDigests(context, toSign.map((p) => ({ name: p.subject.name, sha256: p.subject.sha256 })), log, SIGN_CONCURRENCY);
    for (const [name, bundle] of signed)
        bundles.set(name, bundle);
    const statements = [];
    for (const [i, st] of pending.entries()) {
        const statement = (0,intoto/* statementFor */.JM)(plan.subjects.map((p) => p.subject), st.predicateType, predicates[i] ?? {});
        statements.push({
            kind: st.kind,
            name: st.file.name,
            bundle: await signStatement(context, statement),
            statement
        });
        log.info(`Signed ${st.file.name}: ${st.predicateType} over ${statement.subject.length} subjects`);
    }
    return { bundles, statements };
}
const SIGN_CONCURRENCY = 8;

// EXTERNAL MODULE: ./node_modules/@sigstore/protobuf-specs/dist/index.js
var protobuf_specs_dist = __webpack_require__(19654);
// EXTERNAL MODULE: ./node_modules/@sigstore/tuf/dist/index.js
var tuf_dist = __webpack_require__(84423);
;// CONCATENATED MODULE: ./src/sigstore/instance.ts
/**
 * Which Sigstore instance signs, and the trust material that verifies its output: service URLs from
 * a signing config, and a trusted root. `custom` reads both from files or URLs (the local sandbox
 * writes them); `public-good` gets them from Sigstore's TUF repository.
 */




/** API versions this action speaks: Fulcio v2 API (major 1), Rekor v1, TSA v1. */
const SUPPORTED = { ca: 1, tlog: 1, tsa: 1 };
async function loadInstance(options) {
    switch (options.name) {
        case 'custom':
            return fromConfig('custom', protobuf_specs_dist.SigningConfig.fromJSON(await readJson(options.signingConfig ?? '', 'signing-config')), protobuf_specs_dist.TrustedRoot.fromJSON(await readJson(options.trustedRoot ?? '', 'trusted-root')));
        case 'public-good':
            return publicGood(options.cacheDir);
        case 'github':
            throw new errors/* UserError */.yo('TRUST_MATERIAL', "sigstore: github is not supported yet: GitHub's instance publishes its trust root only through its own TUF repository", "use sigstore: public-good for public repositories, or sigstore: custom with the instance's files");
    }
}
function fromConfig(name, config, trustedRoot) {
    const ca = instance_select(config.caUrls, SUPPORTED.ca);
    if (!ca)
        throw new errors/* UserError */.yo('TRUST_MATERIAL', 'The signing config lists no usable certificate authority (Fulcio, API v1)');
    const tlog = instance_select(config.rekorTlogUrls, SUPPORTED.tlog);
    // A config that names logs but none this version speaks must not quietly sign without a log:
    // verifiers that trust those logs would then refuse every bundle.
    if (!tlog && config.rekorTlogUrls.length > 0) {
        const offered = config.rekorTlogUrls.map((s) => `${s.url} (v${s.majorApiVersion})`).join(', ');
        throw new errors/* UserError */.yo('TRUST_MATERIAL', `The signing config's transparency logs are none that this version can use now (Rekor v${SUPPORTED.tlog}, valid today): ${offered}`, 'upgrade sign-release, or give a signing config that lists a Rekor v1 log');
    }
    const tsa = instance_select(config.tsaUrls, SUPPORTED.tsa);
    if (!tlog && !tsa) {
        throw new errors/* UserError */.yo('TRUST_MATERIAL', 'The signing config lists neither a usable Rekor v1 log nor a timestamp authority');
    }
    return { name, fulcioUrl: ca.url, rekorUrl: tlog?.url, tsaUrl: tsa?.url, trustedRoot };
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
async function publicGood(cacheDir) {
    try {
        const tuf = await (0,tuf_dist.initTUF)({ cachePath: cacheDir, retry: 3, timeout: 10000 });
        const config = protobuf_specs_dist.SigningConfig.fromJSON(JSON.parse(await tuf.getTarget('signing_config.v0.2.json')));
        const root = protobuf_specs_dist.TrustedRoot.fromJSON(JSON.parse(await tuf.getTarget('trusted_root.json')));
        return fromConfig('public-good', config, root);
    }
    catch (error) {
        throw new errors/* UserError */.yo('TRUST_MATERIAL', `Could not load the public-good trust material through TUF: ${(0,errors/* messageOf */.bD)(error)}`, undefined, {
            cause: error
        });
    }
}
/** Reads JSON from a file path or an http(s) URL. */
async function readJson(source, input) {
    let text;
    try {
        if (/^https?:\/\//.test(source)) {
            const response = await fetch(source, { signal: AbortSignal.timeout(30000) });
            if (!response.ok)
                throw new Error(`HTTP ${response.status}`);
            text = await response.text();
        }
        else {
            text = await (0,promises_.readFile)(source, 'utf8');
        }
    }
    catch (error) {
        throw new errors/* UserError */.yo('INPUT_INVALID', `Input '${input}': cannot read ${source}: ${(0,errors/* messageOf */.bD)(error)}`, 'give a readable file or URL');
    }
    try {
        return JSON.parse(text);
    }
    catch (error) {
        throw new errors/* UserError */.yo('INPUT_INVALID', `Input '${input}': ${source} is not JSON: ${(0,errors/* messageOf */.bD)(error)}`);
    }
}

;// CONCATENATED MODULE: ./src/verify/self.ts



function selfVerifier(trust, policy, requireTlog) {
    const options = { requireTlog };
    return {
        policy,
        verify(name, bundle, sha256) {
            try {
                verifyMessageBundle(parseBundle(bundle), Buffer.from(sha256, 'hex'), trust, policy, options);
            }
            catch (error) {
                throw new errors/* UserError */.yo('VERIFY', `The bundle for '${name}' does not verify: ${(0,errors/* messageOf */.bD)(error)}`, undefined, { cause: error });
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
    const all = [...plan.subjects, ...(plan.checksums ? [plan.checksums] : [])];
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
 */
















/** Existing files are read only when small: sidecars and provenance, never assets. */
const EXISTING_LIMIT = 16 * 1024 * 1024;
async function signRelease(inputs, env, deps) {
    const { log } = deps;
    if (!env.canRequestIdToken && !inputs.dryRun)
        throw missingIdToken();
    const github = createOctokit({ token: inputs.githubToken, apiUrl: env.apiUrl, log });
    const client = new ReleaseClient(github.octokit, repoRef(env.repository));
    const token = env.canRequestIdToken ? await deps.getIdToken('sigstore') : undefined;
    const identity = token ? identityFromToken(token, env.serverUrl) : undefined;
    if (identity)
        log.info(`Signing identity: ${identity.san} (issuer ${identity.issuer})`);
    await refusePrivateOnPublicLog(inputs, identity, client);
    const instance = await loadInstance({
        name: inputs.sigstore,
        signingConfig: inputs.signingConfig,
        trustedRoot: inputs.trustedRoot,
        cacheDir: (0,external_node_path_.join)(env.runnerTemp, 'sign-release-tuf')
    });
    log.info(`Sigstore: ${instance.name} (Fulcio ${instance.fulcioUrl}, Rekor ${instance.rekorUrl ?? 'none'}, TSA ${instance.tsaUrl ?? 'none'})`);
    const verifier = identity
        ? selfVerifier(trustMaterialFrom(instance.trustedRoot), { san: identity.san, issuer: identity.issuer, sourceRepository: identity.repository }, instance.rekorUrl !== undefined)
        : undefined;
    const plan = await planRun({
        client,
        inputs,
        event: env,
        workspace: env.workspace,
        repositoryUrl: `${env.serverUrl.replace(/\/+$/, '')}/${client.slug()}`,
        read: existingReader(client),
        verifier: verifier && existingVerifier(verifier),
        log
    });
    const bundleDir = (0,external_node_path_.join)(env.runnerTemp, 'sign-release', String(plan.release.id));
    if (inputs.dryRun) {
        logPlan(plan, log);
        return {
            plan,
            identity,
            instance,
            bundles: new Map(),
            bundleDir,
            bundlePaths: [],
            published: false
        };
    }
    if (!identity || !token || !verifier)
        throw missingIdToken();
    github.paceWrites(plan.budget.contentRequests);
    const signed = await log.group('Signing', () => signPlan({
        plan,
        instance,
        getToken: () => deps.getIdToken('sigstore'),
        checkCertificate: (pem) => checkIssuedCertificate(pem, instance.trustedRoot, identity),
        provenanceIssuer: instance.name === 'custom' ? identity.issuer : undefined,
        log
    }));
    // A bundle that does not verify is never uploaded.
    verifySigned(plan, signed, verifier, log);
    const { bundlePaths, provenancePath } = await writeBundles(bundleDir, signed);
    const { attestation, published } = await publishPlan({
        client,
        plan,
        signed,
        attestations: inputs.attestations,
        publish: inputs.publish,
        serverUrl: env.serverUrl,
        log
    });
    return {
        plan,
        identity,
        instance,
        bundles: signed.bundles,
        bundleDir,
        bundlePaths,
        provenancePath,
        attestation,
        published
    };
}
/** Reads small files on the release once each: ownership and reuse checks share the bytes. */
function existingReader(client) {
    const cache = new Map();
    return (asset) => {
        let bytes = cache.get(asset.id);
        if (!bytes) {
            bytes =
                asset.size > EXISTING_LIMIT
                    ? Promise.reject(new TooLargeError(EXISTING_LIMIT))
                    : client.downloadAsset(asset.id).then((stream) => readAll(stream, EXISTING_LIMIT));
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
async function writeBundles(dir, signed) {
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
function logPlan(plan, log) {
    log.info('Dry run: nothing is written. The plan:');
    for (const p of [...plan.subjects, ...(plan.checksums ? [plan.checksums] : [])]) {
        const files = p.sidecars.map((s) => `${s.name} (${s.action})`).join(', ');
        log.info(`  ${p.subject.name}: sha256 ${p.subject.sha256}; ${files || 'no sidecars'}`);
    }
    if (plan.checksums)
        log.info(`  ${plan.checksums.file.name} (${plan.checksums.file.action})`);
    for (const st of plan.statements)
        log.info(`  ${st.file.name} (${st.file.action})`);
}
function repoRef(repository) {
    const [owner, repo] = repository.split('/');
    if (!owner || !repo)
        throw new errors/* UserError */.yo('RUNNER_ENV', `GITHUB_REPOSITORY '${repository}' is not owner/repo`);
    return { owner, repo };
}
async function refusePrivateOnPublicLog(inputs, identity, client) {
    if (inputs.sigstore !== 'public-good' || inputs.privateRepository)
        return;
    const visibility = identity?.repositoryVisibility ?? (await client.getRepository()).visibility;
    if (visibility === 'public')
        return;
    throw new errors/* UserError */.yo('INPUT_CONFLICT', `${client.slug()} is ${visibility}: signing on the public-good instance writes its name and workflow into public logs`, "set 'private-repository: true' to accept that, or use your own instance with 'sigstore: custom'");
}
function missingIdToken() {
    return new errors/* UserError */.yo('PERMISSION', 'The job cannot request an OIDC token (ACTIONS_ID_TOKEN_REQUEST_URL is not set): it lacks the id-token: write permission', 'add to the job:\n  permissions:\n    contents: write\n    id-token: write');
}


/***/ })

};

//# sourceMappingURL=191.index.js.map