export const id = 210;
export const ids = [210];
export const modules = {

/***/ 55625:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ek: () => (/* binding */ repositoryUrl),
/* harmony export */   T8: () => (/* binding */ splitRepository),
/* harmony export */   aU: () => (/* binding */ identityFromToken),
/* harmony export */   qQ: () => (/* binding */ GITHUB_ACTIONS_ISSUER)
/* harmony export */ });
/* unused harmony export decodeClaims */
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(83916);
/**
 * The signing identity a GitHub Actions OIDC token proves: what Fulcio will put into the
 * certificate, and so what every bundle must be verified against.
 */

/** The issuer of GitHub Actions' OIDC tokens on github.com and GHE.com. */
const GITHUB_ACTIONS_ISSUER = 'https://token.actions.githubusercontent.com';
/** `owner/repo` split in two; undefined when it is not of that form. */
function splitRepository(slug) {
    const [owner, repo, ...rest] = slug.split('/');
    return owner && repo && rest.length === 0 ? { owner, repo } : undefined;
}
/** A repository's web URL on its GitHub server, as Fulcio's Source Repository URI names it. */
function repositoryUrl(serverUrl, slug) {
    return `${serverUrl.replace(/\/+$/, '')}/${slug}`;
}
/** Reads the claims of a JWT without verifying it (Fulcio verifies it). */
function decodeClaims(token) {
    const payload = token.split('.')[1];
    if (!payload)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo('OIDC', 'The OIDC token is not a JWT');
    return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
}
function identityFromToken(token, serverUrl) {
    const claims = decodeClaims(token);
    const text = (name) => {
        const value = claims[name];
        if (typeof value !== 'string' || value === '') {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo('OIDC', `The OIDC token has no '${name}' claim`, 'sign-release needs a GitHub Actions OIDC token');
        }
        return value;
    };
    const optional = (name) => {
        const value = claims[name];
        return typeof value === 'string' ? value : '';
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
        workflowName: text('workflow'),
        refProtected: claims.ref_protected === 'true' || claims.ref_protected === true,
        runnerEnvironment: optional('runner_environment'),
        environment: optional('environment') || undefined,
        runId: optional('run_id'),
        runAttempt: optional('run_attempt'),
        actor: optional('actor')
    };
}


/***/ }),

/***/ 28812:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   By: () => (/* binding */ parseStatement),
/* harmony export */   HW: () => (/* binding */ AUTHORIZATION_TYPE),
/* harmony export */   JM: () => (/* binding */ statementFor),
/* harmony export */   JZ: () => (/* binding */ SPDX_TYPE),
/* harmony export */   L$: () => (/* binding */ SLSA_PROVENANCE_TYPE),
/* harmony export */   PA: () => (/* binding */ coversExactly),
/* harmony export */   T4: () => (/* binding */ IN_TOTO_PAYLOAD_TYPE),
/* harmony export */   bo: () => (/* binding */ CYCLONEDX_TYPE),
/* harmony export */   uE: () => (/* binding */ RELEASE_ATTESTATION_TYPE)
/* harmony export */ });
/* unused harmony export IN_TOTO_STATEMENT_TYPE */
/** in-toto v1 statements: what provenance and SBOM attestations say about the subjects. */
const IN_TOTO_PAYLOAD_TYPE = 'application/vnd.in-toto+json';
const IN_TOTO_STATEMENT_TYPE = 'https://in-toto.io/Statement/v1';
const SLSA_PROVENANCE_TYPE = 'https://slsa.dev/provenance/v1';
const CYCLONEDX_TYPE = 'https://cyclonedx.org/bom';
const SPDX_TYPE = 'https://spdx.dev/Document';
/** This project's release-authorisation predicate (docs/authorization.schema.json). */
/** GitHub's own attestation of an immutable release: the tag and every asset. */
const RELEASE_ATTESTATION_TYPE = 'https://in-toto.io/attestation/release/v0.2';
const AUTHORIZATION_TYPE = 'https://sign-release.dev/authorization/v1';
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

/***/ 40210:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  report: () => (/* binding */ report)
});

// EXTERNAL MODULE: ./src/identity.ts
var identity = __webpack_require__(55625);
// EXTERNAL MODULE: ./src/intoto.ts
var intoto = __webpack_require__(28812);
;// CONCATENATED MODULE: ./src/report/commands.ts
/** Copy-paste verification commands for one asset, for the tools downloaders already have. */

/** The host of a server other than github.com, which gh and our CLI must be told. */
function enterpriseServer(ctx) {
    if (!ctx.serverUrl)
        return undefined;
    const url = new URL(ctx.serverUrl);
    return url.hostname === 'github.com' ? undefined : url;
}
/** GitHub's instance's trusted root as one file: the line of `gh attestation trusted-root` without logs. */
const GITHUB_TRUSTED_ROOT_COMMAND = "gh attestation trusted-root | jq -c 'select((.tlogs // []) == [])' > github_trusted_root.json";
/** cosign's flags for the trusted root the instance needs passed. */
function cosignTrust(ctx) {
    if (ctx.custom)
        return ' --trusted-root trusted_root.json';
    if (ctx.github)
        return ' --trusted-root github_trusted_root.json --insecure-ignore-sct';
    return '';
}
/** Quotes a word for POSIX shells when it needs it. */
function shellQuote(word) {
    return /^[A-Za-z0-9._/@:=+-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
function verifyCommands(asset, ctx) {
    const q = shellQuote;
    const cosignRoot = cosignTrust(ctx);
    const pythonRoot = ctx.custom ? ' --trust-config trust_config.json' : '';
    const identity = `--certificate-identity ${q(ctx.san)} --certificate-oidc-issuer ${q(ctx.issuer)}`;
    const cosign = {
        tool: 'cosign v3',
        command: `cosign verify-blob ${q(asset)} --bundle ${q(`${asset}.sigstore.json`)}${cosignRoot}${noLogFlags(ctx)} ${identity}`
    };
    if (!ctx.rekorUrl)
        return [cosign];
    if (ctx.rekorVersion === 2) {
        return [
            { ...cosign, tool: 'cosign v3 (≥ 3.0.5)' },
            {
                tool: 'sigstore-python (≥ 4)',
                command: `python -m sigstore${pythonRoot} verify identity ${q(asset)} --bundle ${q(`${asset}.sigstore.json`)} --cert-identity ${q(ctx.san)} --cert-oidc-issuer ${q(ctx.issuer)}`
            },
            {
                tool: 'cosign v2 (the bundle: Rekor v2 has no index to find a .sig in)',
                command: `cosign verify-blob ${q(asset)} --bundle ${q(`${asset}.sigstore.json`)} --new-bundle-format --use-signed-timestamps${cosignRoot} ${identity}`
            }
        ];
    }
    return [
        cosign,
        {
            tool: 'sigstore-python',
            command: `python -m sigstore${pythonRoot} verify identity ${q(asset)} --bundle ${q(`${asset}.sigstore.json`)} --cert-identity ${q(ctx.san)} --cert-oidc-issuer ${q(ctx.issuer)}`
        },
        {
            tool: 'cosign v2 (.sig and .pem)',
            command: `${cosignV2Trust(ctx)}cosign verify-blob ${q(asset)} --signature ${q(`${asset}.sig`)} --certificate ${q(`${asset}.pem`)} ${identity}${ctx.custom ? ` --rekor-url ${q(ctx.rekorUrl)}` : ''}`
        }
    ];
}
/** cosign checks a log entry unless told to rely on the bundle's signed timestamps. */
function noLogFlags(ctx) {
    return ctx.rekorUrl ? '' : ' --use-signed-timestamps --insecure-ignore-tlog';
}
/**
 * cosign v2 reads a private instance's keys from variables (its --trusted-root needs the bundle
 * format): the Fulcio chain, Rekor's key and the CT log's key as PEM files.
 */
function cosignV2Trust(ctx) {
    return ctx.custom
        ? 'SIGSTORE_ROOT_FILE=fulcio_chain.pem SIGSTORE_REKOR_PUBLIC_KEY=rekor.pub SIGSTORE_CT_LOG_PUBLIC_KEY_FILE=ctfe.pub '
        : '';
}
/** cosign's `--type` names for the predicates we attest; anything else goes as the URI. */
const COSIGN_TYPES = {
    [intoto/* SLSA_PROVENANCE_TYPE */.L$]: 'slsaprovenance1',
    [intoto/* CYCLONEDX_TYPE */.bo]: 'cyclonedx',
    [intoto/* SPDX_TYPE */.JZ]: 'spdxjson'
};
/**
 * Commands that check an asset against an attestation file of the release (the provenance, or the
 * SBOM): gh checks SLSA provenance unless told another predicate type.
 */
function attestationCommands(asset, attestation, predicateType, ctx) {
    const q = shellQuote;
    const ghRoot = ctx.custom ? ' --custom-trusted-root trusted_root.jsonl' : '';
    const cosignRoot = cosignTrust(ctx);
    const ghType = predicateType === intoto/* SLSA_PROVENANCE_TYPE */.L$ ? '' : ` --predicate-type ${q(predicateType)}`;
    return [
        {
            tool: 'gh',
            command: `gh attestation verify ${q(asset)} --bundle ${q(attestation)}${ghRoot} --repo ${q(ctx.repository)} --signer-workflow ${q(ctx.signerWorkflow)}${ghType}${ctx.custom ? ` --cert-oidc-issuer ${q(ctx.issuer)}` : ''}${ghHost(ctx)}`
        },
        {
            tool: 'cosign v3',
            command: `cosign verify-blob-attestation ${q(asset)} --bundle ${q(attestation)} --type ${q(COSIGN_TYPES[predicateType] ?? predicateType)}${cosignRoot}${noLogFlags(ctx)} --certificate-identity ${q(ctx.san)} --certificate-oidc-issuer ${q(ctx.issuer)}`
        }
    ];
}
/** `sign-release verify` for the whole release, pinned to the signing workflow and its ref. */
function releaseCommand(tag, ctx) {
    const q = shellQuote;
    const ref = ctx.san.includes('@') ? ctx.san.slice(ctx.san.lastIndexOf('@') + 1) : '';
    const trust = ctx.custom
        ? ` --trusted-root trusted_root.json --certificate-oidc-issuer ${q(ctx.issuer)}`
        : ctx.github
            ? ' --trusted-root github_trusted_root.json'
            : '';
    const server = enterpriseServer(ctx);
    return `npx sign-release verify --repo ${q(ctx.repository)} --tag ${q(tag)} --signer-workflow ${q(ctx.signerWorkflow)}${ref ? ` --ref ${q(ref)}` : ''}${trust}${server ? ` --server-url ${q(server.origin)}` : ''}`;
}
/** gh's `--hostname` for a server other than github.com. */
function ghHost(ctx) {
    const server = enterpriseServer(ctx);
    return server ? ` --hostname ${shellQuote(server.host)}` : '';
}
/**
 * `sign-release verify` that also requires the authorisation statement: over every file, naming the
 * environment, with an approval by one of these logins.
 */
function authorizationCommand(tag, ctx, environment, approvers) {
    const q = shellQuote;
    return (`${releaseCommand(tag, ctx)} --require-authorization --environment ${q(environment)}` +
        approvers.map((a) => ` --approver ${q(a)}`).join(''));
}
/** Commands longer than this are printed over several lines. */
const WRAP_AT = 100;
/**
 * A command as printed in the summary: long ones break before each `--flag` with a POSIX line
 * continuation, so they fit a browser window and still paste into a shell unchanged. Words are
 * split as the shell would (shellQuote's single quotes), never inside a quoted name.
 */
function wrapCommand(command) {
    if (command.length <= WRAP_AT)
        return command;
    const words = command.match(/(?:[^\s']+|'(?:[^']|'\\'')*')+/g) ?? [command];
    const lines = [];
    let line = '';
    for (const word of words) {
        if (line !== '' && word.startsWith('--')) {
            lines.push(line);
            line = word;
        }
        else {
            line = line === '' ? word : `${line} ${word}`;
        }
    }
    lines.push(line);
    return lines.join(' \\\n  ');
}

// EXTERNAL MODULE: ./src/util/format.ts
var format = __webpack_require__(32693);
;// CONCATENATED MODULE: ./src/report/summary.ts
/** The job summary: what was signed, where it went, and how anyone can check it. */



/** Escapes text for the HTML of the summary: asset names come from users. */
function escapeHtml(text) {
    return text.replace(/[&<>"'|`\\*_[\]]/g, (c) => `&#${c.charCodeAt(0)};`);
}
/** docs/verification.md of the action's major version. */
const VERIFICATION_DOCS = 'https://github.com/sign-release/sign-release/blob/v1/docs/verification.md';
function renderSummary(input) {
    const lines = [];
    const verb = input.dryRun ? 'would sign' : 'signed';
    const count = input.assets.filter((a) => !a.checksumsFile).length;
    lines.push(`## sign-release ${verb} ${count} asset${count === 1 ? '' : 's'}` +
        (input.checksums ? ` and ${input.checksums}` : ''));
    lines.push('');
    lines.push(`Release <a href="${escapeHtml(input.releaseUrl)}">${escapeHtml(input.releaseTag)}</a> of ${escapeHtml(input.repository)}${input.draft ? ' (draft)' : ''}. ` +
        `Signer: <code>${escapeHtml(input.commands.san)}</code>, issuer <code>${escapeHtml(input.commands.issuer)}</code>.` +
        (input.instance
            ? ` Sigstore instance: <code>${escapeHtml(input.instance.name)}</code>${input.instance.reason ? ` (${escapeHtml(input.instance.reason)})` : ''}.`
            : '') +
        (input.commands.rekorUrl
            ? ''
            : ' This Sigstore instance keeps no transparency log: each bundle carries a signed RFC 3161 timestamp instead.') +
        (input.commands.rekorUrl && input.commands.rekorVersion === 2
            ? ` Logged on Rekor v2 (<code>${escapeHtml(input.commands.rekorUrl)}</code>): its entries carry no signing time, each bundle's RFC 3161 timestamp is it. Verifiers that read Rekor v2 bundles: cosign ≥ 3.0.5, sigstore-python ≥ 4, @sigstore/verify ≥ 4.1.`
            : ''));
    if (input.policy) {
        lines.push('');
        lines.push(`Origin policy enforced from the OIDC token: ${input.policy.map(escapeHtml).join('; ')}.`);
    }
    lines.push('');
    lines.push('<table><tr><th>Asset</th><th>Size</th><th>SHA-256</th><th>Files beside it</th><th>Log entry</th></tr>');
    for (const asset of input.assets) {
        const log = asset.logIndex === undefined
            ? '—'
            : logCell(asset.logIndex, asset.logV2 ? undefined : input.commands.rekorUrl);
        const files = asset.sidecars.map((s) => `<code>${escapeHtml(s)}</code>`).join('<br>') || '—';
        lines.push(`<tr><td><code>${escapeHtml(asset.name)}</code>${asset.reused ? ' (kept)' : ''}</td><td>${(0,format/* formatBytes */.z3)(asset.size)}</td>` +
            `<td>${digestCell(asset.sha256)}</td><td>${files}</td><td>${log}</td></tr>`);
    }
    lines.push('</table>');
    if (input.afterPublish)
        lines.push('', ...afterPublishLines(input.afterPublish));
    if (input.skipped.length > 0) {
        lines.push('');
        lines.push('Not signed:');
        for (const s of input.skipped)
            lines.push(`- <code>${escapeHtml(s.name)}</code>: ${escapeHtml(s.reason)}`);
    }
    const first = input.assets[0];
    if (first) {
        lines.push('');
        lines.push(`### Verify a download`);
        lines.push('');
        if (input.commands.github) {
            lines.push("GitHub's instance publishes its trusted root through its TUF repository; the GitHub CLI fetches it for cosign and <code>sign-release verify</code>:");
            lines.push(`<pre><code>${escapeHtml(GITHUB_TRUSTED_ROOT_COMMAND)}</code></pre>`);
            lines.push('');
        }
        lines.push('Every file of the release at once:');
        lines.push(`<pre><code>${escapeHtml(wrapCommand(releaseCommand(input.releaseTag, input.commands)))}</code></pre>`);
        lines.push('');
        lines.push(...commandBlocks(verifyCommands(first.name, input.commands)));
        if (input.checksums) {
            // Only the names on the checksums file, so unrelated downloads do not fail the check.
            lines.push(...commandBlocks([
                {
                    tool: `sha256sum (after checking ${input.checksums} itself like any asset)`,
                    command: `sha256sum -c ${shellQuote(input.checksums)} --ignore-missing`
                }
            ]));
        }
    }
    if (input.provenance && first) {
        const p = input.provenance;
        lines.push(...section('Provenance', `<code>${escapeHtml(p.name)}</code>: SLSA v1 provenance over ${p.subjects} subject${p.subjects === 1 ? '' : 's'}, builder <code>${escapeHtml(p.builder)}</code>.` +
            (input.attestationUrl
                ? ` Also stored as <a href="${escapeHtml(input.attestationUrl)}">a GitHub attestation</a>.`
                : ''), attestationCommands(first.name, p.name, intoto/* SLSA_PROVENANCE_TYPE */.L$, input.commands)));
    }
    if (input.sbom && first) {
        const sbom = input.sbom;
        lines.push(...section('SBOM', `<code>${escapeHtml(sbom.name)}</code>: the SBOM as a signed in-toto attestation (<code>${escapeHtml(sbom.predicateType)}</code>) over the same assets.`, attestationCommands(first.name, sbom.name, sbom.predicateType, input.commands)));
    }
    if (input.authorization && first) {
        const a = input.authorization;
        lines.push(...section('Authorisation', `<code>${escapeHtml(a.name)}</code>: a signed statement that environment <code>${escapeHtml(a.environment)}</code> approved this release (approved by ${a.approvers.map((l) => `<code>${escapeHtml(l)}</code>`).join(', ')}), over the same assets.`, [
            {
                tool: 'sign-release',
                command: authorizationCommand(input.releaseTag, input.commands, a.environment, a.approvers)
            }
        ]));
    }
    if (first) {
        lines.push('');
        lines.push(`Which file each tool checks, and the same commands for cosign, sigstore-python, gh and sha256sum: <a href="${VERIFICATION_DOCS}">verifying a release</a>.`);
    }
    return lines.join('\n') + '\n';
}
/** A `###` section: its heading, what it is about, and the commands that check it. */
function section(title, description, commands) {
    return ['', `### ${title}`, '', description, '', ...commandBlocks(commands)];
}
/** Each command under its tool's name, in <pre> with escaped text: a name can never break out. */
function commandBlocks(commands) {
    return commands.flatMap(({ tool, command }) => [
        `${tool}:`,
        `<pre><code>${escapeHtml(wrapCommand(command))}</code></pre>`
    ]);
}
/** A digest fits the table shortened; the full value is one click away. */
function digestCell(sha256) {
    return `<details><summary><code>${sha256.slice(0, 12)}…</code></summary><code>${sha256}</code></details>`;
}
function logCell(index, rekorUrl) {
    if (!rekorUrl)
        return escapeHtml(index);
    const url = `${rekorUrl.replace(/\/+$/, '')}/api/v1/log/entries?logIndex=${index}`;
    return `<a href="${escapeHtml(url)}">${escapeHtml(index)}</a>`;
}
const RELEASE_ATTESTATION_WORDS = {
    verified: "GitHub's release attestation verifies and lists exactly the signed files.",
    'not-immutable': 'The release is not immutable: GitHub signs no release attestation for it.',
    unavailable: "GitHub's release attestation could not be read: the attestations API is not available here."
};
/** What downloaders get, as checked after publishing. */
function afterPublishLines(check) {
    const { downloads, releaseAttestation } = check;
    const lines = [
        downloads.problems.length === 0
            ? `After publishing, every signed file (${downloads.verified}) was downloaded through its public URL without a token and verifies against its bundle.`
            : `After publishing, downloads that do NOT verify: ${downloads.problems.map(escapeHtml).join('; ')}.`
    ];
    lines.push(releaseAttestation.status === 'failed'
        ? `GitHub's release attestation does NOT match: ${escapeHtml(releaseAttestation.detail ?? 'it does not verify')}.`
        : (RELEASE_ATTESTATION_WORDS[releaseAttestation.status] ?? ''));
    return [lines.join(' ')];
}

;// CONCATENATED MODULE: ./src/report/index.ts


function report(result, inputs, repository, serverUrl) {
    const { plan } = result;
    const assets = [...plan.subjects, ...(plan.checksums ? [plan.checksums] : [])].map((p) => ({
        name: p.subject.name,
        sha256: p.subject.sha256,
        size: p.subject.size,
        sidecars: p.sidecars.map((s) => s.name),
        logIndex: logIndexOf(result.bundles.get(p.subject.name)),
        logV2: isRekorV2(result.bundles.get(p.subject.name)),
        reused: p.reuse !== undefined,
        checksumsFile: p === plan.checksums
    }));
    const outputs = {
        'release-id': String(plan.release.id),
        'signed-assets': JSON.stringify(assets.map((a) => ({
            name: a.name,
            digest: `sha256:${a.sha256}`,
            sidecars: a.sidecars,
            logIndex: a.logIndex ?? null
        }))),
        'bundle-paths': result.bundlePaths.join('\n'),
        'bundle-dir': result.bundlePaths.length > 0 ? result.bundleDir : '',
        'provenance-path': result.provenancePath ?? '',
        'attestation-id': result.attestation ? String(result.attestation.id) : '',
        'attestation-url': result.attestation?.url ?? '',
        published: String(result.published),
        'downloads-verified': result.afterPublish
            ? String(result.afterPublish.downloads.problems.length === 0)
            : '',
        'release-attestation': result.afterPublish?.releaseAttestation.status ?? ''
    };
    const san = result.identity?.san ?? '<signer identity>';
    const provenanceFile = plan.statements.find((st) => st.kind === 'provenance')?.file;
    const summary = renderSummary({
        repository,
        releaseTag: plan.release.tagName,
        releaseUrl: plan.release.htmlUrl,
        draft: plan.release.draft && !result.published,
        dryRun: inputs.dryRun,
        assets,
        skipped: plan.skipped,
        commands: {
            san,
            issuer: result.identity?.issuer ?? identity/* GITHUB_ACTIONS_ISSUER */.qQ,
            // A trusted root from a TUF repository of the user's (tuf-mirror) must be passed explicitly
            // too: verifiers only know the public-good and GitHub repositories.
            custom: result.instance.name === 'custom' || inputs.tufMirror !== undefined,
            github: result.instance.name === 'github' && !inputs.tufMirror,
            rekorUrl: result.instance.rekorUrl,
            // Kept bundles count too: a re-run keeps what an earlier run logged.
            rekorVersion: result.instance.rekorVersion === 2 || assets.some((a) => a.logV2) ? 2 : 1,
            repository,
            serverUrl,
            signerWorkflow: result.identity?.jobWorkflowRef.split('@')[0] ?? '<owner/repo/.github/workflows/file.yml>'
        },
        provenance: provenanceFile
            ? { name: provenanceFile.name, subjects: plan.subjects.length, builder: san }
            : undefined,
        checksums: plan.checksums?.subject.name,
        sbom: sbomOf(plan),
        attestationUrl: result.attestation?.url,
        policy: result.policy,
        authorization: authorizationOf(result),
        instance: { name: result.instance.name, reason: result.instance.reason },
        afterPublish: result.afterPublish
    });
    return { outputs, summary };
}
function authorizationOf(result) {
    const file = result.plan.statements.find((st) => st.kind === 'authorization')?.file;
    const recorded = result.authorization;
    return file && recorded
        ? {
            name: file.name,
            environment: recorded.environment.name,
            approvers: recorded.approvals.filter((a) => a.state === 'approved').map((a) => a.login)
        }
        : undefined;
}
function sbomOf(plan) {
    const sbom = plan.statements.find((st) => st.kind === 'sbom');
    return sbom && { name: sbom.file.name, predicateType: sbom.predicateType };
}
/** Whether a bundle's entry is Rekor v2's: hashedrekord 0.0.2, which only v2 logs. */
function isRekorV2(bundle) {
    const kind = bundle?.verificationMaterial.tlogEntries?.[0]?.kindVersion;
    return kind?.kind === 'hashedrekord' && kind.version === '0.0.2';
}
/** The Rekor log index of a bundle's entry; protobuf's JSON omits an index of 0. */
function logIndexOf(bundle) {
    const entry = bundle?.verificationMaterial.tlogEntries?.[0];
    return entry ? (entry.logIndex ?? '0') : undefined;
}


/***/ })

};

//# sourceMappingURL=210.index.js.map