// Types for states-data.js.
import type { AssetStatus, MediaEntry } from '../../src/index.js';
import type { CannedManager } from './canned-manager.js';

export const MB: number;
export const created: number;
export const day: number;
export const kept: NonNullable<AssetStatus['selection']>;
export function entry(id: string, name: string): MediaEntry;
export const STATES: Record<string, { caption: string; status?: Partial<AssetStatus>; prepareError?: boolean; invalid?: boolean; disabled?: boolean }>;
export function managerFor(key: string, id: string, name: string): CannedManager;
export function listFields(): Record<string, Partial<AssetStatus>>;
