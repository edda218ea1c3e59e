export * from './enums';
export * from './limits';
export * from './schemas';
export * from './continuity';
export * from './factories';
export * from './document';
export * from './dialogue';
export * from './describeChange';
