export { ErrorCode, OfflineError } from './errors.js';
export { loadShaka } from './service/shaka/shaka.js';
