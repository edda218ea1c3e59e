/** How cameo statuses and the active profile's standing are named in the UI. */
export const STATUS_LABEL = { verified: 'Verified', 'not-verified': 'Not verified', revoked: 'Revoked' } as const;
export const USE_LABEL = {
  owner: 'Yours',
  allowed: 'You may use it',
  requested: 'Requested',
  denied: 'Denied',
  'not-allowed': 'Ask to use',
  revoked: 'Revoked',
  guarded: 'Needs likeness approval',
} as const;
