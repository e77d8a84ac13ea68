import { defaultServerConditions } from 'vite';
import { sharedConfig } from '../../vitest.shared.ts';

/**
 * The AWS SDK lists a `module` export (ESM without file extensions, for bundlers) before `node`; vite
 * would pick it and fail to load it, where plain Node takes `node`. So this package resolves without it.
 */
const conditions = ['@platform/source', ...defaultServerConditions.filter((condition) => condition !== 'module')];

export default { ...sharedConfig, resolve: { conditions }, ssr: { resolve: { conditions } } };
