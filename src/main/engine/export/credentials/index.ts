// Content credentials (C2PA) for exported MP4s. See README.md in this folder.
export { ensureSigningIdentity } from './identity';
export { signMp4, type SignMp4Options } from './sign';
export { readCredentials, type ReadCredentialsOptions } from './read';
export { digitalSourceTypeFor, DIGITAL_SOURCE_TYPE, PREVIZ_ENGINE } from './manifest';
export type { CredentialsReport, ExportCredentials, ShotEngine, SignerInfo, SigningIdentity, ValidationState } from './types';
