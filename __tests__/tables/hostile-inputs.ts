/**
 * Bad and hostile inputs: each case is refused with its code, an error naming the input, and nothing
 * written. __tests__/e2e/hostile-inputs.test.ts runs the table (the workspace and trust files it
 * refers to are laid out there); docs/reliability.md is rendered from it.
 */
import type { ErrorCode } from '../../src/errors.js'

export interface HostileCase {
  name: string
  /** Over the sandbox's inputs and `release-id` of a fresh draft; `{trust}` is TRUST's directory. */
  inputs: Record<string, string>
  /** The input the error must name. */
  input: string
  code: ErrorCode
  /** The check needs GitHub's answer (e.g. which tag a release id has); others make no request. */
  needsGitHub?: boolean
}

export const HOSTILE_INPUT_CASES: HostileCase[] = [
  // Which release
  {
    name: 'release-id in hexadecimal',
    inputs: { 'release-id': '0x2dc6c3' },
    input: 'release-id',
    code: 'INPUT_INVALID'
  },
  {
    name: 'release-id as a float with an exponent',
    inputs: { 'release-id': '1e3' },
    input: 'release-id',
    code: 'INPUT_INVALID'
  },
  {
    name: 'release-id with a fraction',
    inputs: { 'release-id': '12.0' },
    input: 'release-id',
    code: 'INPUT_INVALID'
  },
  {
    name: 'negative release-id',
    inputs: { 'release-id': '-12' },
    input: 'release-id',
    code: 'INPUT_INVALID'
  },
  {
    name: 'release-id zero',
    inputs: { 'release-id': '0' },
    input: 'release-id',
    code: 'INPUT_INVALID'
  },
  {
    name: 'release-id with a space inside',
    inputs: { 'release-id': '12 34' },
    input: 'release-id',
    code: 'INPUT_INVALID'
  },
  {
    name: 'tag that is not the tag of release-id',
    inputs: { tag: 'v-some-other-release' },
    input: 'tag',
    code: 'INPUT_CONFLICT',
    needsGitHub: true
  },
  // Options
  {
    name: 'boolean spelled yes',
    inputs: { publish: 'yes' },
    input: 'publish',
    code: 'INPUT_INVALID'
  },
  {
    name: 'boolean spelled on',
    inputs: { 'dry-run': 'on' },
    input: 'dry-run',
    code: 'INPUT_INVALID'
  },
  {
    name: 'unknown on-existing',
    inputs: { 'on-existing': 'overwrite' },
    input: 'on-existing',
    code: 'INPUT_INVALID'
  },
  {
    name: 'unknown sidecar kind',
    inputs: { sidecars: 'bundle,asc' },
    input: 'sidecars',
    code: 'INPUT_INVALID'
  },
  {
    name: 'sidecars that name nothing',
    inputs: { sidecars: ',' },
    input: 'sidecars',
    code: 'INPUT_INVALID'
  },
  {
    name: 'sidecars mixing none with a kind',
    inputs: { sidecars: 'none,sig' },
    input: 'sidecars',
    code: 'INPUT_INVALID'
  },
  {
    name: 'a .sig without a certificate beside it',
    inputs: { sidecars: 'sig' },
    input: 'sidecars',
    code: 'INPUT_INVALID'
  },
  {
    name: 'an origin policy value that does not exist',
    inputs: { 'runner-environment': 'self-hosted' },
    input: 'runner-environment',
    code: 'INPUT_INVALID'
  },
  {
    name: 'require-protected-ref spelled yes',
    inputs: { 'require-protected-ref': 'yes' },
    input: 'require-protected-ref',
    code: 'INPUT_INVALID'
  },
  // Authorisation
  {
    name: 'an authorization mode that does not exist',
    inputs: { authorization: 'reviewers' },
    input: 'authorization',
    code: 'INPUT_INVALID'
  },
  {
    name: 'require-signed-tag spelled on',
    inputs: { 'require-signed-tag': 'on' },
    input: 'require-signed-tag',
    code: 'INPUT_INVALID'
  },
  {
    name: 'an authorization-name that reads as a sidecar',
    inputs: { authorization: 'environment', 'authorization-name': 'approved.sig' },
    input: 'authorization-name',
    code: 'INPUT_CONFLICT'
  },
  // Names of the files this action writes
  {
    name: 'checksums named as the provenance',
    inputs: { provenance: 'true', checksums: 'multiple.intoto.jsonl' },
    input: 'checksums',
    code: 'INPUT_CONFLICT'
  },
  {
    name: 'checksums named as the SBOM statement',
    inputs: { checksums: 'sbom.intoto.jsonl', sbom: 'dist/app.bin' },
    input: 'checksums',
    code: 'INPUT_CONFLICT'
  },
  {
    name: 'checksums GitHub would rename',
    inputs: { checksums: 'my sums.txt' },
    input: 'checksums',
    code: 'INPUT_INVALID'
  },
  {
    name: 'provenance-name with a directory',
    inputs: { provenance: 'true', 'provenance-name': 'out/provenance.jsonl' },
    input: 'provenance-name',
    code: 'INPUT_INVALID'
  },
  {
    name: 'checksums named ..',
    inputs: { checksums: '..' },
    input: 'checksums',
    code: 'INPUT_INVALID'
  },
  {
    name: 'checksums ending like a signature',
    inputs: { checksums: 'SHA256SUMS.sig' },
    input: 'checksums',
    code: 'INPUT_CONFLICT'
  },
  {
    name: 'provenance-name ending like a bundle',
    inputs: { provenance: 'true', 'provenance-name': 'release.sigstore.json' },
    input: 'provenance-name',
    code: 'INPUT_CONFLICT'
  },
  {
    name: 'checksums ending like an interrupted upload',
    inputs: { checksums: 'SUMS.sign-release-tmp' },
    input: 'checksums',
    code: 'INPUT_CONFLICT'
  },
  // Local files
  {
    name: 'files: the whole workspace',
    inputs: { files: '.' },
    input: 'files',
    code: 'WORKSPACE_FILE'
  },
  { name: 'files: a directory', inputs: { files: 'dist' }, input: 'files', code: 'WORKSPACE_FILE' },
  {
    name: 'files: .git/config named explicitly',
    inputs: { files: '.git/config' },
    input: 'files',
    code: 'WORKSPACE_FILE'
  },
  {
    name: 'files: a glob that reaches into .git',
    inputs: { files: '.*/config' },
    input: 'files',
    code: 'WORKSPACE_FILE'
  },
  {
    name: 'files: a parent path',
    inputs: { files: '../outside/secret' },
    input: 'files',
    code: 'WORKSPACE_FILE'
  },
  {
    name: 'files: an absolute path',
    inputs: { files: '/etc/passwd' },
    input: 'files',
    code: 'WORKSPACE_FILE'
  },
  {
    name: 'files: a link to a file outside',
    inputs: { files: 'dist/escape.bin' },
    input: 'files',
    code: 'WORKSPACE_FILE'
  },
  {
    name: 'files: a glob that matches a link outside',
    inputs: { files: 'dist/*' },
    input: 'files',
    code: 'WORKSPACE_FILE'
  },
  {
    name: 'files: a glob through a linked directory outside',
    inputs: { files: 'linked-out/*' },
    input: 'files',
    code: 'WORKSPACE_FILE'
  },
  {
    name: 'files: a glob that matches nothing',
    inputs: { files: 'dist/*.none' },
    input: 'files',
    code: 'NO_SUBJECTS'
  },
  // The SBOM
  {
    name: 'sbom: a parent path',
    inputs: { sbom: '../outside/bom.json' },
    input: 'sbom',
    code: 'WORKSPACE_FILE'
  },
  {
    name: 'sbom: an absolute path',
    inputs: { sbom: '/etc/passwd' },
    input: 'sbom',
    code: 'WORKSPACE_FILE'
  },
  {
    name: 'sbom: a link outside',
    inputs: { sbom: 'bom-out.json' },
    input: 'sbom',
    code: 'WORKSPACE_FILE'
  },
  {
    name: 'sbom: .git/config',
    inputs: { sbom: '.git/config' },
    input: 'sbom',
    code: 'WORKSPACE_FILE'
  },
  { name: 'sbom: a directory', inputs: { sbom: 'dist' }, input: 'sbom', code: 'WORKSPACE_FILE' },
  { name: 'sbom: not JSON', inputs: { sbom: 'secret.json' }, input: 'sbom', code: 'INPUT_INVALID' },
  { name: 'sbom: JSON null', inputs: { sbom: 'null.json' }, input: 'sbom', code: 'INPUT_INVALID' },
  {
    name: 'sbom: JSON that is no SBOM',
    inputs: { sbom: 'not-a-bom.json' },
    input: 'sbom',
    code: 'INPUT_INVALID'
  },
  // Trust material
  {
    name: 'signing-config of null',
    inputs: { 'signing-config': '{trust}/null.json' },
    input: 'signing-config',
    code: 'TRUST_MATERIAL'
  },
  {
    name: 'signing-config that is an array',
    inputs: { 'signing-config': '{trust}/array.json' },
    input: 'signing-config',
    code: 'TRUST_MATERIAL'
  },
  {
    name: 'signing-config that is not JSON',
    inputs: { 'signing-config': '{trust}/not-json.json' },
    input: 'signing-config',
    code: 'TRUST_MATERIAL'
  },
  {
    name: 'signing-config that is missing',
    inputs: { 'signing-config': '{trust}/none.json' },
    input: 'signing-config',
    code: 'INPUT_INVALID'
  },
  {
    name: 'trusted-root of null',
    inputs: { 'trusted-root': '{trust}/null.json' },
    input: 'trusted-root',
    code: 'TRUST_MATERIAL'
  },
  {
    name: 'trusted-root without certificate authorities',
    inputs: { 'trusted-root': '{trust}/no-ca-root.json' },
    input: 'trusted-root',
    code: 'TRUST_MATERIAL'
  },
  {
    name: 'sigstore: custom without its files',
    inputs: { 'signing-config': '', 'trusted-root': '' },
    input: 'sigstore',
    code: 'INPUT_INVALID'
  },
  {
    name: 'trusted-root without sigstore: custom',
    inputs: { sigstore: 'public-good' },
    input: 'signing-config',
    code: 'INPUT_INVALID'
  }
]
