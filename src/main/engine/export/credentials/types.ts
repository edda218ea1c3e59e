/** The app's local signing identity: a certificate chain this install made for itself. */
export interface SigningIdentity {
  /** Signer certificate first, then the local root that issued it (PEM). */
  certChainPem: string;
  /** The signer's PKCS#8 private key (PEM). Stays on this computer. */
  privateKeyPem: string;
  /** The signer certificate's subject, e.g. "CN=Shotline Local Signer 1a2b3c4d, O=Shotline local self-signed". */
  subject: string;
  /** Nobody but this install vouches for the certificate. */
  selfSigned: true;
  /** ISO time the identity was made. */
  createdAt: string;
  /** SHA-256 of the signer certificate, colon-separated upper-case hex. */
  fingerprint: string;
}

/** What made one shot's pictures: "Previz" (procedural) or a model pack's name. */
export interface ShotEngine {
  shotTitle: string;
  engine: string;
}

/** What an export declares about itself in its content credentials. */
export interface ExportCredentials {
  title: string;
  projectName: string;
  /** Who the local user says they are; not verified by anyone. */
  creator: string;
  appVersion: string;
  engines: ShotEngine[];
  /** ISO time of the export. */
  createdAt: string;
}

export interface SignerInfo {
  /** The issuer's organization as c2pa reports it. */
  issuer: string;
  commonName: string;
  /** The certificate does not chain to any trust list the reader knows (true for Shotline's local certificates). */
  selfSigned: boolean;
}

export type ValidationState = 'Invalid' | 'Valid' | 'Trusted';

/** What a file's content credentials say, and whether they still hold. */
export interface CredentialsReport {
  /** The file carries a C2PA manifest (even a damaged one). */
  present: boolean;
  /** The manifest is intact and matches the file's bytes. A self-signed signer alone does not make it invalid. */
  valid: boolean;
  /** Failures, each naming its C2PA status code; empty when valid. */
  problems: string[];
  /** Facts that are not failures, e.g. that the signer is a self-signed local certificate. */
  notes: string[];
  /** The C2PA validation state as reported by c2pa-rs. */
  validationState?: ValidationState;
  /** Every failure status code c2pa-rs reported, including the ones counted as notes. */
  statusCodes?: string[];
  title?: string;
  creator?: string;
  projectName?: string;
  engines?: ShotEngine[];
  digitalSourceType?: string;
  /** e.g. "Shotline 0.1.0" */
  softwareAgent?: string;
  createdAt?: string;
  signer?: SignerInfo;
}
