export * from './define';
export * from './contract';
export * from './api';
