export { countDispatches, type DispatchCount, type DispatchCountOptions } from './dispatch-counter.js';
export { type LoadJob, runLoadProcess } from './load-process.js';
export { type RestLoadOptions, type RestLoadResult, runRestLoad } from './rest-load.js';
